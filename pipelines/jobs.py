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

jobs = [ingest_spend]
