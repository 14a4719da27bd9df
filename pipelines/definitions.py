"""The socialvalue Dagster code location: every asset, check, job, schedule and sensor."""

import dagster as dg

from basics.settings import shared_mode
from pipelines import assets, checks, maintenance
from pipelines.executors import executor
from pipelines.jobs import jobs
from pipelines.resources import Warehouse
from pipelines.schedules import schedules
from pipelines.sensors import sensors

# The shared deployment's upkeep exists only there (SOCIALVALUE_POSTGRES_URL set).
upkeep = ([maintenance.maintain_shared_deployment], [maintenance.nightly_maintenance]
          ) if shared_mode() else ([], [])

defs = dg.Definitions(
    assets=dg.load_assets_from_package_module(assets),
    asset_checks=dg.load_asset_checks_from_package_module(checks),
    jobs=jobs + upkeep[0],
    schedules=schedules + upkeep[1],
    sensors=sensors,
    resources={"warehouse": Warehouse()},
    executor=executor(),
)
