"""What the register readers share: dates as registers write them, company numbers in their
eight-character form, and the SELECT that turns a landed register into typed rows."""

from __future__ import annotations

from collections.abc import Sequence

from basics.cells import Cells, day_sql


def typed_register_sql(c: Cells, landed: str, number: str, key: Sequence[str],
                       fields: dict[str, str], dates: Sequence[str]) -> str:
    """The SELECT typing a landed register: `number` (the identifier as published, with its
    raw text beside it), the `fields` ({column: SQL}), each date in `dates` read with `day_sql()`
    beside its raw text, and whether the identifier is unique over the `key` columns."""
    columns = [f"{number} as number", f"{c.raw('number')} as number_raw",
               f"{c.text('name')} as name"]
    columns += [f"{sql} as {column}" for column, sql in fields.items()]
    for column in dates:
        columns += [f"{day_sql(c.raw(column))} as {column}", f"{c.raw(column)} as {column}_raw"]
    partition = ", ".join(key)
    return f"""
with parsed as (
    select source_row, extra_cells, {', '.join(columns)}
    from {landed}
)
select *, number is null or count(*) over (partition by {partition}) = 1 as number_unique
from parsed
order by source_row
"""
