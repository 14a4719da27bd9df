"""The socialvalue Dagster code location: every asset, check, job, schedule and sensor."""

import dagster as dg

from pipelines import assets, checks
from pipelines.executors import executor
from pipelines.jobs import jobs
from pipelines.resources import Warehouse
from pipelines.schedules import schedules
from pipelines.sensors import sensors

defs = dg.Definitions(
    assets=dg.load_assets_from_package_module(assets),
    asset_checks=dg.load_asset_checks_from_package_module(checks),
    jobs=jobs,
    schedules=schedules,
    sensors=sensors,
    resources={"warehouse": Warehouse()},
    executor=executor(),
)
