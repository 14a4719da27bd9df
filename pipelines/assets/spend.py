"""Council spend: every Transparency Code payment line loaded, or quarantined with its reason."""

import dagster as dg

from basics.files import FileRefused
from basics.periods import Period, newest_by_segment, parse_period
from loading.contract import LoadSummary
from pipelines.load_metadata import fail_if_refused, loaded_metadata, quarantine_metadata
from pipelines.newest import LoadConfig, load_newest
from pipelines.partitions import council_months, group_by_scope
from pipelines.resources import Warehouse
from sources.datasets import SPEND
from sources.landing import LandedFile, landed_files
from sources.spend.detected import carried_detection
from sources.spend.profiles import get_profile
from sources.spend.reader import spend_reader

COUNCIL_SPEND = dg.AssetKey(list(SPEND.asset_key))
SPEND_QUARANTINE = dg.AssetKey(["meta", "spend_quarantine"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(COUNCIL_SPEND, kinds={"duckdb"}, group_name="spend",
                     description=SPEND.description),
        dg.AssetSpec(SPEND_QUARANTINE, kinds={"duckdb"}, group_name="spend",
                     description="Spend lines that failed validation, each with every rule it "
                     "broke, the value as published and the whole row as published."),
    ],
    partitions_def=council_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="warehouse",
)
def council_spend(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: Warehouse):
    """Load the newest received file for each council-month of the run."""
    summaries = _load(context, warehouse, config.force)
    yield dg.MaterializeResult(asset_key=COUNCIL_SPEND, metadata=loaded_metadata(summaries))
    yield dg.MaterializeResult(asset_key=SPEND_QUARANTINE,
                               metadata=quarantine_metadata(summaries))
    fail_if_refused(summaries)


def _load(context: dg.AssetExecutionContext, warehouse: Warehouse, force: bool
          ) -> list[LoadSummary]:
    scratch = warehouse.paths().tmp
    summaries = []
    for council, months in group_by_scope(context.partition_keys, "council", "month").items():
        profile = get_profile(council)

        def reader_for(landed: LandedFile, profile=profile):
            # Read by what detection found when the file was received, while it still holds.
            return spend_reader(profile, scratch, landed_period(landed),
                                stated_by="decided when the file was received (--period, "
                                "else its name and dates)",
                                detection=carried_detection(landed.detected, profile))

        summaries += load_newest(context, warehouse, SPEND.name, council, months, reader_for, force,
                                 choose=newest_segments)
    return summaries


def landed_period(landed: LandedFile) -> Period | None:
    """The period a received file reports on, as its manifest records it."""
    if not landed.period_label:
        return None
    try:
        return parse_period(landed.period_label)
    except FileRefused:
        # A manifest written before periods were labelled as they are now: its months.
        months = sorted(landed.periods)
        return parse_period(f"{months[0]}..{months[-1]}") if months else None


def newest_segments(dataset: str, council: str, months: list[str]) -> dict[str, LandedFile]:
    """For the run's months, the newest received file of each segment (a whole month, or the
    part of one an accounting period covers): two 4-weekly periods sharing a month are both
    loaded, each for its own days."""
    return newest_by_segment(landed_files(dataset, council), landed_period, months)
