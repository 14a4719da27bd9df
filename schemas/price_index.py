"""The price index: what a row must be to load.

One row per year: an index (e.g. a GDP deflator, any base year) that restates proxy values and
inputs from the year they are priced in to one price year.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.rules import EXTRA_CELLS, Rule, absent, holds, named, present

YEAR = Rule("year_readable", "year", "year missing or not a whole number", "year_raw")
YEAR_UNIQUE = Rule("year_unique", "year", "the same year is on more than one row", "year_raw")
INDEX = Rule("index_readable", "index", "index missing or not a number", "index_raw")
INDEX_POSITIVE = Rule("index_positive", "index", "index is not above zero", "index_raw")

RULES = {r.name: r for r in [EXTRA_CELLS, YEAR, YEAR_UNIQUE, INDEX, INDEX_POSITIVE]}

SCHEMA = pa.DataFrameSchema(
    {
        "source_row": pa.Column(int, nullable=False, unique=True),
        "extra_cells": pa.Column(nullable=True, checks=[absent(EXTRA_CELLS)]),
        "year": pa.Column(nullable=True, checks=[present(YEAR)]),
        "year_unique": pa.Column(checks=[holds(YEAR_UNIQUE)]),
        "index": pa.Column(nullable=True, checks=[present(INDEX),
                                                  named(pa.Check.gt, 0, rule=INDEX_POSITIVE)]),
    },
    name="price_index",
)
