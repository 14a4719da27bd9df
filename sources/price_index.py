"""The price index as a file: year, index, source (as in `catalogue/price-index.csv`).

A new file replaces the whole index.
"""

from __future__ import annotations

from basics.cells import Cells, Typed
from loading.contract import Target
from schemas.price_index import RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset, fields, typed_select

COLUMNS = (Column("year"), Column("index"), Column("source", required=False))

CELLS = (
    Typed("year", "integer", raw=True), Typed("index", "number", raw=True), Typed("source"),
)


def typed_sql(c: Cells, landed: str) -> str:
    return typed_select(landed, c.select(CELLS),
                        "year is null or count(*) over (partition by year) = 1 as year_unique")


PRICE_INDEX = TableDataset(
    what="price index",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("price_index", "staging.price_index", fields(COLUMNS)),
    schema=SCHEMA,
    rules=RULES,
)
