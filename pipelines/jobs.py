"""Jobs: what an analyst (or a sensor, schedule or the command line) asks Dagster to run."""

from __future__ import annotations

import dagster as dg

from pipelines.assets.spend import council_spend
from pipelines.partitions import council_months

ingest_spend = dg.define_asset_job(
    "ingest_spend",
    selection=dg.AssetSelection.assets(council_spend),
    partitions_def=council_months,
    description="Load councils' spend files for the council-months selected.",
)

build_and_publish = dg.define_asset_job(
    "build_and_publish",
    selection=dg.AssetSelection.groups("spend", "accounts", "operations", "publish")
    - dg.AssetSelection.assets(council_spend),
    description="Rebuild the marts (spend analysis, social value accounts, feed health) and "
                "publish the dashboards and funder extracts.",
)

check_feeds = dg.define_asset_job(
    "check_feeds",
    selection=dg.AssetSelection.keys(["marts", "feed_health"]),
    description="Recompute feed health: which councils and partnerships are late or refused.",
)

jobs = [ingest_spend, build_and_publish, check_feeds]
