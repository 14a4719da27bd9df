"""The socialvalue Dagster code location."""

import dagster as dg

from pipelines.assets import spend
from pipelines.jobs import jobs
from pipelines.resources import Warehouse

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([spend]),
    jobs=jobs,
    resources={"warehouse": Warehouse()},
    executor=dg.in_process_executor,
)
