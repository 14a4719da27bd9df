"""A failed blocking asset check as one sentence a command-line user can act on.

A check's result is Dagster's (name, severity, metadata); what a user needs is which data broke
which rule, by how much, and where the threshold is set. The check names are those declared in
`pipelines/checks/datasets.py` (`<dataset>_<kind>`).
"""

from __future__ import annotations

from collections.abc import Mapping


def failed_check_words(check_name: str, metadata: Mapping) -> str:
    """'spend_quarantine_rate', {worst_rate_pct: 12.37, thresholds: {...}, by_council: {...}} ->
    'spend: 12.37% of the rows of wakefield were quarantined, above ...'."""
    dataset, kind = _split(check_name)
    data = dataset.replace("_", " ")
    if kind == "quarantine_rate":
        limits = metadata.get("thresholds") or {}
        stop = limits.get("error")
        worst = _worst_scopes(metadata)
        where = f" ({', '.join(worst)})" if worst else ""
        return (f"{data}: {_pct(metadata.get('worst_rate_pct'))} of the rows read were "
                f"quarantined{where}, above the "
                f"{_pct(100 * stop) if stop is not None else 'set'} at which the marts and "
                "dashboards stop being rebuilt (config/checks.yaml sets it); correct the file "
                "and load it again, or look at the lines: socialvalue quarantine")
    if kind == "reconciles":
        broken = metadata.get("loads_not_reconciling") or []
        return (f"{data}: the rows stored no longer match what their load recorded "
                f"({', '.join(map(str, broken)) or 'see the run'}); load those files again")
    if kind == "schema_valid":
        broken = ", ".join(f"{rule} ({int(n):,} rows)" for rule, n in sorted(metadata.items())
                           if n)
        return (f"{data}: rows loaded break {broken or 'its rules'} when checked against the "
                "datasets held now; load or correct the dataset they refer to")
    return f"{data}: the check {kind.replace('_', ' ')} failed"


KINDS = ("quarantine_rate", "reconciles", "schema_valid", "files_accepted")


def _split(check_name: str) -> tuple[str, str]:
    """'spend_quarantine_rate' -> ('spend', 'quarantine_rate'): the dataset and the check."""
    kind = next((k for k in KINDS if check_name.endswith("_" + k)), None)
    return (check_name[: -len(kind) - 1], kind) if kind else (check_name, check_name)


def _worst_scopes(metadata: Mapping, shown: int = 3) -> list[str]:
    """The scopes with the highest shares quarantined, as 'wakefield 12.4%'."""
    by_scope = next((v for k, v in metadata.items() if k.startswith("by_")), None) or {}
    rates = []
    for scope, counts in dict(by_scope).items():
        read = counts.get("rows_read") or 0
        if read:
            rates.append((counts.get("rows_quarantined", 0) / read, scope))
    return [f"{scope} {_pct(100 * rate)}" for rate, scope in sorted(rates, reverse=True)[:shown]]


def _pct(value) -> str:
    return "?" if value is None else f"{float(value):.1f}%"
