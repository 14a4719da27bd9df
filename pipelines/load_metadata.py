"""What a load tells the Dagster UI: files, rows and amounts loaded and quarantined, and why.

Every ingesting asset attaches these to its materialization, so an analyst sees what happened
without opening a log; a refused file fails the run with its reason.
"""

import dagster as dg

from loading.contract import LoadSummary


def loaded_metadata(summaries: list[LoadSummary]) -> dict:
    metadata = {"files": len(summaries), "rows_loaded": sum(s.rows_loaded for s in summaries)}
    if _has_amounts(summaries):
        metadata["amount_loaded_gbp"] = float(sum(s.amount_loaded or 0 for s in summaries))
    metadata["loads"] = dg.MetadataValue.md(loads_table(summaries))
    return metadata


def quarantine_metadata(summaries: list[LoadSummary]) -> dict:
    reasons: dict[str, int] = {}
    for s in summaries:
        for rule, n in s.quarantine_reasons.items():
            reasons[rule] = reasons.get(rule, 0) + n
    metadata = {"rows_quarantined": sum(s.rows_quarantined for s in summaries)}
    if _has_amounts(summaries):
        metadata["amount_quarantined_gbp"] = float(
            sum(s.amount_quarantined or 0 for s in summaries))
    metadata["reasons"] = dg.MetadataValue.json(reasons)
    return metadata


def loads_table(summaries: list[LoadSummary]) -> str:
    amounts = _has_amounts(summaries)
    lines = ["| file | scope | period | status | rows read | loaded | quarantined |"
             + (" amount loaded (£) |" if amounts else ""),
             "|---|---|---|---|---:|---:|---:|" + ("---:|" if amounts else "")]
    for s in summaries:
        lines.append(f"| {s.path.rsplit('/', 1)[-1]} | {s.scope or 'all'} | "
                     f"{s.period_label or ''} | {s.status} | {s.rows_read} | {s.rows_loaded} | "
                     f"{s.rows_quarantined} |" + (f" {s.amount_loaded or 0:,.2f} |" if amounts
                                                  else ""))
    return "\n".join(lines)


def fail_if_refused(summaries: list[LoadSummary]) -> None:
    """A refused file fails the run (after its materialization is recorded), with the reason."""
    refused = [s for s in summaries if s.status == "refused"]
    if refused:
        raise dg.Failure(
            description="; ".join(f"{s.path}: {s.message}" for s in refused),
            metadata={"refused_files": [s.path for s in refused]},
        )


def _has_amounts(summaries: list[LoadSummary]) -> bool:
    return any(s.amount_read is not None for s in summaries) or not summaries
