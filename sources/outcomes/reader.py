"""Reading one outcome return into typed outcome rows, ready for validation and loading.

A return is partitioned by partnership and financial-year quarter: a corrected return replaces
exactly the partnership-quarters it reports on.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from basics.duck import ident
from loading.contract import Prepared, Reader, Target
from schemas.outcomes import RULES, SCHEMA
from sources.outcomes.columns import COLUMNS, WHAT
from sources.outcomes.scope import (
    Quarter,
    file_partnership,
    file_quarters,
    period_label,
    quarters_in,
)
from sources.outcomes.typed import STAGED, typed_outcomes_sql
from sources.tabular import create_typed, read_file_table

TARGET = Target("outcomes", "staging.outcome_returns", STAGED, scope_column="partnership_id",
                period_column="quarter_key")


def outcomes_reader(partnership: str, scratch: Path) -> Reader:
    """A reader of `partnership`'s outcome returns, for warehouse.ingest.ingest_file."""

    def read(con: duckdb.DuckDBPyConnection, path: Path, stem: str) -> Prepared:
        landed = read_file_table(con, path, stem, COLUMNS, WHAT, scratch)
        file_partnership(con, landed, path.name, partnership)
        written = quarters_in(con, landed)
        quarters = file_quarters(path.name, written)
        lookup = f"{stem}_quarters"
        write_quarters(con, lookup, written)
        typed = create_typed(con, stem, typed_outcomes_sql(
            landed.cells, ident(landed.name), lookup, partnership, quarters[0].key), path)
        detected = {**landed.detected, "partnership": partnership,
                    "quarters": [q.key for q in quarters]}
        return Prepared(typed, landed.name, TARGET, SCHEMA, RULES, [q.key for q in quarters],
                        period_label(quarters), detected)

    return read


def write_quarters(con: duckdb.DuckDBPyConnection, name: str,
                   quarters: dict[str, Quarter]) -> None:
    con.execute(f"create or replace temp table {ident(name)} (written varchar, label varchar, "
                "key varchar, start date, \"end\" date)")
    con.executemany(f"insert into {ident(name)} values (?, ?, ?, ?, ?)",
                    [[text, q.label, q.key, q.start, q.end] for text, q in quarters.items()])
