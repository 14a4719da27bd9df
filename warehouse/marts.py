"""Running the marts' SQL files (warehouse/sql/marts/) against the warehouse.

Each mart is one file, `<name>.sql`, that creates `marts.<name>`. The files starting with `_`
define the SQL macros every mart may use (financial years, name keys, the supplier-class rules);
they are defined on the connection before any mart runs. What a mart needs from Python (a
judgement made in Python, a setting) comes in as a small temporary table the file reads, or as a
prepared parameter (`$name`), never as text spliced into the SQL."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from basics.duck import scalar

MARTS_SQL = Path(__file__).resolve().parent / "sql" / "marts"


# The marts an asset builds besides its own marts.<name>, from it: a build that finds one of them
# missing (a warehouse built before they were marts) builds the asset again (socialvalue/build.py).
BUILT_WITH = {
    "spend_classified": ("spend_suppliers", "spend_by_month", "spend_redactions",
                         "council_payments", "partnership_grants"),
    "social_value": ("partnership_measures",),
    "cost_per_outcome": ("cost_per_outcome_cohorts",),
}


def asset_tables(name: str) -> list[str]:
    """The tables the asset marts/<name> writes and the pages or extracts read."""
    return [f"marts.{name}", *(f"marts.{t}" for t in BUILT_WITH.get(name, ()))]


class MissingInput(RuntimeError):
    """A table a mart is built from is not in the warehouse yet."""


def mart_sql(name: str) -> str:
    return (MARTS_SQL / f"{name}.sql").read_text()


def with_macros(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The connection, with the marts' helper macros (every `_*.sql` file) defined."""
    for macros in sorted(MARTS_SQL.glob("_*.sql")):
        con.execute(macros.read_text())
    return con


def require(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    """Stop with a clear message when a table the mart needs has not been built or loaded."""
    present = {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}
    missing = [t for t in tables if t not in present]
    if missing:
        raise MissingInput(f"{', '.join(missing)} not in the warehouse yet: load or build "
                           "them first")


def build_mart(con: duckdb.DuckDBPyConnection, name: str,
               params: Mapping[str, object] | None = None) -> int:
    """Run `<name>.sql` (which creates marts.<name>) and return the mart's row count."""
    run_mart(con, name, params)
    return scalar(con, f"select count(*) from marts.{name}")


def run_mart(con: duckdb.DuckDBPyConnection, name: str,
             params: Mapping[str, object] | None = None) -> None:
    """Run `<name>.sql` with the macros defined and `params` bound to its `$name` parameters."""
    with_macros(con).execute(mart_sql(name), dict(params) if params else None)
