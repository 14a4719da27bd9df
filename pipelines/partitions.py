"""How loads are partitioned: spend by council and month, outcome returns by partnership and
financial-year quarter. Councils and partnerships are added as they appear (a council profile
used for the first time, a partnership in the register), so the UI's partition grid shows which
council-months and partnership-quarters have arrived and which are missing."""

from __future__ import annotations

import dagster as dg

councils = dg.DynamicPartitionsDefinition(name="council")
partnerships = dg.DynamicPartitionsDefinition(name="partnership")

FIRST_FINANCIAL_YEAR = 2016  # the Transparency Code's spend files run from 2015-16 onwards
LAST_FINANCIAL_YEAR = 2030

months = dg.MonthlyPartitionsDefinition(start_date="2016-04", fmt="%Y-%m", end_offset=1)
quarters = dg.StaticPartitionsDefinition([
    f"{year}-{(year + 1) % 100:02d}-Q{q}"
    for year in range(FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR + 1) for q in (1, 2, 3, 4)
])

council_months = dg.MultiPartitionsDefinition({"council": councils, "month": months})
partnership_quarters = dg.MultiPartitionsDefinition(
    {"partnership": partnerships, "quarter": quarters})


def group_by_scope(keys: list[dg.MultiPartitionKey], scope: str, period: str
                   ) -> dict[str, list[str]]:
    """Partition keys of a run as {council: [months]} (or {partnership: [quarters]})."""
    grouped: dict[str, list[str]] = {}
    for key in keys:
        dims = key.keys_by_dimension
        grouped.setdefault(dims[scope], []).append(dims[period])
    return {k: sorted(v) for k, v in grouped.items()}
