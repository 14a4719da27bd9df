"""The price index as a file: year, index, source (as in `catalogue/price-index.csv`).

A new file replaces the whole index.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.price_index import RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset

COLUMNS = (Column("year"), Column("index"), Column("source", required=False))


def typed_sql(c: Cells, landed: str) -> str:
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {c.integer('year')} as year,
        {c.raw('year')} as year_raw,
        {c.number('index')} as "index",
        {c.raw('index')} as index_raw,
        {c.text('source')} as source
    from {landed}
)
select *, year is null or count(*) over (partition by year) = 1 as year_unique
from parsed
order by source_row
"""


PRICE_INDEX = TableDataset(
    what="price index",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("price_index", "staging.price_index", ["year", "index", "source"]),
    schema=SCHEMA,
    rules=RULES,
)
