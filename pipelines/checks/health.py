"""Checks on feed health: every feed in by its deadline."""

import dagster as dg

from pipelines.assets.health import FEED_HEALTH
from pipelines.resources import Warehouse


@dg.asset_check(asset=FEED_HEALTH, description=(
    "Every council's spend and every partnership's outcome returns are in up to the latest "
    "period now due (cadence plus publication lag)."))
def feeds_on_time(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.read_only() as con:
        late = con.execute("select dataset, scope, latest_period, due_period from "
                           "marts.feed_health where on_time = false").fetchall()
    return dg.AssetCheckResult(
        passed=not late, severity=dg.AssetCheckSeverity.WARN,
        metadata={"late_feeds": dg.MetadataValue.json(
            {f"{d}: {s}": f"latest {latest}, due {due}" for d, s, latest, due in late})})
