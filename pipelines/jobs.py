"""Jobs: what an analyst (or a sensor, schedule or the command line) asks Dagster to run."""

from __future__ import annotations

import dagster as dg

from pipelines.assets.outcomes import outcome_returns
from pipelines.assets.spend import council_spend
from pipelines.partitions import council_months

ingest_spend = dg.define_asset_job(
    "ingest_spend",
    selection=dg.AssetSelection.assets(council_spend),
    partitions_def=council_months,
    description="Load councils' spend files for the council-months selected.",
)

ingest_outcomes = dg.define_asset_job(
    "ingest_outcomes",
    selection=dg.AssetSelection.assets(outcome_returns),  # partitioned by partnership_quarters
    description="Load partners' outcome returns for the partnership-quarters selected.",
)

ingest_reference = dg.define_asset_job(
    "ingest_reference",
    selection=dg.AssetSelection.groups("reference"),
    description="Load the newest registers, measure catalogues, price index, imperative "
                "evidence, self-assessments and 360Giving grants received.",
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

build_accounts = dg.define_asset_job(
    "build_accounts",
    selection=dg.AssetSelection.groups("accounts"),
    description="Rebuild the social value accounts: valued outcomes, inputs, SROI with its range, "
                "cost per outcome, targets, imperative compliance, self-assessments and council "
                "spend analysis.",
)

publish = dg.define_asset_job(
    "publish",
    selection=dg.AssetSelection.groups("publish"),
    description="Republish the dashboards and funder extracts from the marts as they stand.",
)

jobs = [ingest_spend, ingest_outcomes, ingest_reference, build_and_publish, check_feeds,
        build_accounts, publish]
