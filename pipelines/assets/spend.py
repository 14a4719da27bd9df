"""Council spend: every Transparency Code payment line loaded, or quarantined with its reason."""


from pathlib import Path

import dagster as dg

from pipelines.partitions import council_months, group_by_scope
from pipelines.resources import Warehouse
from sources.landing import current_files
from sources.periods import parse_period
from sources.spend.profiles import get_profile
from sources.spend.reader import spend_reader
from warehouse.ingest import ingest_file
from warehouse.loads import LoadSummary

COUNCIL_SPEND = dg.AssetKey(["staging", "council_spend"])


class LoadConfig(dg.Config):
    """force: reload the received files even where the same bytes are loaded already (after a
    change to the validation rules, say); otherwise such partitions report already_loaded."""

    force: bool = False
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
    refused = [s for s in summaries if s.status == "refused"]
    yield dg.MaterializeResult(asset_key=COUNCIL_SPEND, metadata=_loaded_metadata(summaries))
    yield dg.MaterializeResult(asset_key=SPEND_QUARANTINE,
                               metadata=_quarantine_metadata(summaries))
    if refused:
        raise dg.Failure(
            description="; ".join(f"{s.path}: {s.message}" for s in refused),
            metadata={"refused_files": [s.path for s in refused]},
        )


def _load(context: dg.AssetExecutionContext, warehouse: Warehouse, force: bool
          ) -> list[LoadSummary]:
    summaries = []
    scratch = warehouse.paths().tmp
    for council, months in group_by_scope(context.partition_keys, "council", "month").items():
        profile = get_profile(council)
        chosen = current_files("spend", council, months)
        missing = sorted(set(months) - set(chosen))
        if missing:
            context.log.warning(f"{council}: no file received for {', '.join(missing)}")
        by_file: dict[str, list[str]] = {}
        for month, landed in chosen.items():
            by_file.setdefault(landed.path, []).append(month)
        for file_months in by_file.values():
            landed = chosen[file_months[0]]
            stated = parse_period(landed.period_label) if landed.period_label else None
            with warehouse.writer() as con:
                summary = ingest_file(
                    con, "spend", landed.file, spend_reader(profile, scratch, stated),
                    scope=council, periods=sorted(file_months), run_id=context.run_id,
                    file_hash=landed.sha256, received_as=Path(landed.original_path),
                    force=force)
            context.log.info(f"{council} {landed.file.name}: {summary.status}, "
                             f"{summary.rows_loaded} loaded, {summary.rows_quarantined} "
                             "quarantined")
            summaries.append(summary)
    return summaries


def _loaded_metadata(summaries: list[LoadSummary]) -> dict:
    return {
        "files": len(summaries),
        "rows_loaded": sum(s.rows_loaded for s in summaries),
        "amount_loaded_gbp": float(sum(s.amount_loaded or 0 for s in summaries)),
        "loads": dg.MetadataValue.md(_table(summaries)),
    }


def _quarantine_metadata(summaries: list[LoadSummary]) -> dict:
    reasons: dict[str, int] = {}
    for s in summaries:
        for rule, n in s.quarantine_reasons.items():
            reasons[rule] = reasons.get(rule, 0) + n
    return {
        "rows_quarantined": sum(s.rows_quarantined for s in summaries),
        "amount_quarantined_gbp": float(sum(s.amount_quarantined or 0 for s in summaries)),
        "reasons": dg.MetadataValue.json(reasons),
    }


def _table(summaries: list[LoadSummary]) -> str:
    lines = ["| file | period | status | rows read | loaded | quarantined | amount loaded (£) |",
             "|---|---|---|---:|---:|---:|---:|"]
    for s in summaries:
        lines.append(f"| {s.path.rsplit('/', 1)[-1]} | {s.period_label or ''} | {s.status} | "
                     f"{s.rows_read} | {s.rows_loaded} | {s.rows_quarantined} | "
                     f"{s.amount_loaded or 0:,.2f} |")
    return "\n".join(lines)
