"""Bringing a warehouse written by an earlier socialvalue up to the current tables, keeping its
rows. Each step recognises the old shape, converts it once, and does nothing on a current
warehouse."""

from __future__ import annotations

import duckdb

# The spend table of before 2026-12-02 (staging.council_spend, the load's constants on every
# line) is parked under this name while the DDL makes staging.council_spend a view.
PARKED_SPEND = "council_spend_before_lines"


def before_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Set old tables aside where the current DDL reuses their names (for views), and add the
    columns the views read that older tables lack."""
    if _is_table(con, "staging", "council_spend"):
        con.execute(f"alter table staging.council_spend rename to {PARKED_SPEND}")
    if _is_table(con, "staging", "council_spend_lines"):
        # Before 2026-12: every date was precise to the day (NULL reads as 'day').
        con.execute("alter table staging.council_spend_lines add column if not exists "
                    "date_precision varchar")


def after_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Move the rows of tables set aside into the current ones, and add columns a table
    gained since."""
    # A catalogue loaded before measures declared what they count: every measure is taken to
    # count people (the safe reading) until its catalogue is loaded again.
    con.execute("alter table staging.measure_catalogue add column if not exists counts varchar "
                "default 'people'")
    con.execute("alter table staging.measure_catalogue add column if not exists counts_declared "
                "varchar")
    # A catalogue loaded before measures could state a delay: benefits begin at once.
    con.execute("alter table staging.measure_catalogue add column if not exists "
                "benefit_start_year integer default 0")
    if not _is_table(con, "staging", PARKED_SPEND):
        return
    # The amount basis was a column; it is now the load's, as detected.
    con.execute(
        "update meta.loads l set detected = json_merge_patch(coalesce(l.detected, '{}'), "
        "json_object('amount_basis', o.amount_basis)) from (select distinct load_id, "
        f"amount_basis from staging.{PARKED_SPEND}) o where l.load_id = o.load_id "
        "and (l.detected ->> 'amount_basis') is distinct from o.amount_basis")
    columns = [name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_schema = 'staging' "
        "and table_name = 'council_spend_lines' and column_name in (select column_name from "
        "information_schema.columns where table_schema = 'staging' and table_name = ?) "
        "order by ordinal_position", [PARKED_SPEND]).fetchall()]
    listed = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"insert into staging.council_spend_lines ({listed}) "
                f"select {listed} from staging.{PARKED_SPEND}")
    con.execute(f"drop table staging.{PARKED_SPEND}")


def _is_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and "
        "table_name = ? and table_type = 'BASE TABLE'", [schema, name]).fetchall()[0][0])
