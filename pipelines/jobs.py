"""Jobs: what an analyst (or a sensor, schedule or the command line) asks Dagster to run."""

from __future__ import annotations

import dagster as dg

from pipelines.assets.extracts import make_extract
from pipelines.assets.outcomes import outcome_returns
from pipelines.assets.spend import council_spend
from pipelines.checks.datasets import CHECKED
from pipelines.collection import collect_spend_files
from pipelines.receiving import receive_dropped_files

# The blocking checks on every loaded dataset run first in the jobs that build and publish, so a
# dataset that does not reconcile (or breaks its rules) stops the marts and pages after it.
DATASET_CHECKS = dg.AssetSelection.checks_for_assets(
    *[dg.AssetKey(key) for key, _ in CHECKED.values()])

ingest_spend = dg.define_asset_job(
    "ingest_spend",
    selection=dg.AssetSelection.assets(council_spend),
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
    selection=(dg.AssetSelection.groups("spend", "accounts", "operations", "publish")
               - dg.AssetSelection.assets(council_spend)) | DATASET_CHECKS,
    description="Rebuild the marts (spend analysis, social value accounts, feed health) and "
                "publish the dashboards and funder extracts.",
)

check_feeds = dg.define_asset_job(
    "check_feeds",
    selection=dg.AssetSelection.assets(dg.AssetKey(["marts", "feed_health"])),
    description="Recompute feed health: which councils and partnerships are late or refused.",
)

build_accounts = dg.define_asset_job(
    "build_accounts",
    # The accounts' inputs are the lead councils' payments, classified by the spend group's
    # marts: they are built too (empty while no spend is loaded).
    selection=(dg.AssetSelection.groups("accounts")
               | dg.AssetSelection.assets(dg.AssetKey(["marts", "councils"]),
                                          dg.AssetKey(["marts", "spend_classified"]))
               | DATASET_CHECKS),
    description="Rebuild the social value accounts: valued outcomes, inputs, SROI with its range, "
                "cost per outcome, targets, imperative compliance, self-assessments and council "
                "spend analysis.",
)

publish = dg.define_asset_job(
    "publish",
    selection=dg.AssetSelection.groups("publish") | DATASET_CHECKS,
    description="Republish the dashboards and funder extracts from the marts as they stand "
                "(socialvalue publish rebuilds what is out of date first).",
)



@dg.job(description="Fetch what is new on councils' portals (each profile's `source:`) and "
                    "receive it like a dropped file; the load_collected_spend sensor then loads "
                    "the council-months received.")
def collect_spend():
    collect_spend_files()


@dg.job(description="Receive the files the drop-folder sensors found settled in the inbox: "
                    "archive them (or refuse them, with a report under refused/); the "
                    "load_received sensor then loads what was received.")
def receive_dropped():
    receive_dropped_files()


jobs = [ingest_spend, collect_spend, receive_dropped, ingest_outcomes, ingest_reference,
        build_and_publish, check_feeds, build_accounts, publish, make_extract]
