"""Outcome returns: what each partner achieved per measure and quarter, loaded or quarantined."""

import dagster as dg

from pipelines.load_metadata import fail_if_refused, loaded_metadata, quarantine_metadata
from pipelines.newest import LoadConfig, load_newest
from pipelines.partitions import group_by_scope, partnership_quarters
from pipelines.resources import Warehouse
from sources.datasets import OUTCOMES, dataset
from sources.outcomes.reader import outcomes_reader

OUTCOME_RETURNS = dg.AssetKey(list(OUTCOMES.asset_key))
OUTCOME_QUARANTINE = dg.AssetKey(["meta", "outcome_quarantine"])
# Returns are checked against the partners register and the measure catalogues loaded.
CHECKED_AGAINST = [dg.AssetKey(list(dataset(name).asset_key)) for name in OUTCOMES.after]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(OUTCOME_RETURNS, kinds={"duckdb"}, group_name="outcomes",
                     deps=CHECKED_AGAINST,
                     description=OUTCOMES.description),
        dg.AssetSpec(OUTCOME_QUARANTINE, kinds={"duckdb"}, group_name="outcomes",
                     description="Outcome rows that failed validation (an unknown measure, a "
                     "partner not in the register, a negative count ...), each with every rule "
                     "it broke and the row as sent."),
    ],
    partitions_def=partnership_quarters,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="warehouse",
)
def outcome_returns(context: dg.AssetExecutionContext, config: LoadConfig,
                    warehouse: Warehouse):
    """Load the newest received return for each partnership-quarter of the run."""
    scratch = warehouse.paths().tmp
    summaries = []
    for partnership, quarters in group_by_scope(context.partition_keys, "partnership",
                                                "quarter").items():
        summaries += load_newest(context, warehouse, OUTCOMES.name, partnership, quarters,
                                 lambda landed: outcomes_reader(landed.scope, scratch),
                                 config.force)
    yield dg.MaterializeResult(asset_key=OUTCOME_RETURNS, metadata=loaded_metadata(summaries))
    yield dg.MaterializeResult(asset_key=OUTCOME_QUARANTINE,
                               metadata=quarantine_metadata(summaries))
    fail_if_refused(summaries)
