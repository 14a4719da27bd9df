"""The price index: what a row must be to load.

One row per year: an index (e.g. a GDP deflator, any base year) that restates proxy values and
inputs from the year they are priced in to one price year.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, holds, named

YEAR = Rule.legible("year", "year missing or not a whole number")
YEAR_UNIQUE = Rule("year_unique", "year", "the same year is on more than one row", "year_raw")
INDEX = Rule.legible("index", "index missing or not a number")
INDEX_POSITIVE = Rule("index_positive", "index", "index is not above zero", "index_raw")

RULES = {r.name: r for r in [EXTRA_CELLS, YEAR, YEAR_UNIQUE, INDEX, INDEX_POSITIVE]}

SCHEMA = file_schema(
    {
        "year": required(YEAR),
        "year_unique": pa.Column(checks=[holds(YEAR_UNIQUE)]),
        "index": required(INDEX, named(pa.Check.gt, 0, rule=INDEX_POSITIVE)),
    },
    name="price_index",
)
