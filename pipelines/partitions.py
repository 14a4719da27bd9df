"""How loads are partitioned: spend by council and month, outcome returns by partnership and
financial-year quarter. Councils and partnerships are added as they appear (a council's first
file, a partnership in the register), not every council the register knows, so the UI's
partition grid shows, for the councils that have data, which months and quarters have arrived
and which are missing.

Months run from April 2010, when councils began publishing spend over £500, to the current
month. A spend file's period (a quarter, a year, a 4-weekly accounting period) is loaded as
the calendar months it touches; within the warehouse each month holds the segments of the
periods loaded (basics/periods.py), so two accounting periods sharing a month stay apart.
"""

from __future__ import annotations

import dagster as dg

from basics.periods import FIRST_FINANCIAL_YEAR, FIRST_MONTH, LAST_FINANCIAL_YEAR

councils = dg.DynamicPartitionsDefinition(name="council")
partnerships = dg.DynamicPartitionsDefinition(name="partnership")

# basics.periods.months_outside says, without Dagster, which months have no partition here.
months = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, fmt="%Y-%m", end_offset=1)
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
