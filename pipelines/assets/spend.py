"""Council spend: every Transparency Code payment line loaded, or quarantined with its reason."""

import dagster as dg

from pipelines.landed import LoadConfig, load_newest
from pipelines.load_metadata import fail_if_refused, loaded_metadata, quarantine_metadata
from pipelines.partitions import council_months, group_by_scope
from pipelines.resources import Warehouse
from sources.landing import LandedFile
from sources.periods import parse_period
from sources.spend.profiles import get_profile
from sources.spend.reader import spend_reader
from warehouse.loads import LoadSummary

COUNCIL_SPEND = dg.AssetKey(["staging", "council_spend"])
SPEND_QUARANTINE = dg.AssetKey(["meta", "spend_quarantine"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(COUNCIL_SPEND, kinds={"duckdb"}, group_name="spend",
                     description="Payments over £500 published by each council under the Local "
                     "Government Transparency Code: one row per valid payment line, with the "
                     "file, row and load it came from. Redacted beneficiaries stay redacted."),
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
            stated = parse_period(landed.period_label) if landed.period_label else None
            return spend_reader(profile, scratch, stated)

        summaries += load_newest(context, warehouse, "spend", council, months, reader_for, force)
    return summaries
