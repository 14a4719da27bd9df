"""Writing one validated file into the warehouse, all or nothing.

A load replaces the partitions it covers (a council's months, a partnership's quarters, or a whole
register) in one transaction: the previous version's rows and quarantine go, the new rows and
quarantined rows arrive with their lineage, the counts are checked to reconcile, and the load is
recorded. If anything fails before the commit, the warehouse is exactly as it was.
"""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pandas as pd

from basics.duck import ident, records, scalar, table_exists, transaction
from loading.contract import FAILURE_LIST, UNSCOPED, Lineage, LoadSummary, Target
from loading.ledger import current_versions


def previous_load(con: duckdb.DuckDBPyConnection, load_id: str) -> dict:
    return records(con, "select * from meta.loads where load_id = ?", [load_id])[0]


def write_load(con: duckdb.DuckDBPyConnection, target: Target, typed: str, landed: str,
               failures: pd.DataFrame, lineage: Lineage, scope: str | None, periods: list[str],
               period_label: str | None, detected: dict) -> LoadSummary:
    """Replace `periods` of `scope` with the typed rows of those periods, in one transaction."""
    scope_key = scope or UNSCOPED
    previous = current_versions(con, target.dataset, scope, periods)
    try:
        with transaction(con):
            _stage_failures(con, failures)
            in_periods = _in_periods_sql(target, periods)
            _make_table(con, target, typed)
            _delete_partitions(con, target, scope, periods)
            _insert_rows(con, target, typed, in_periods, lineage, scope)
            _insert_quarantine(con, target, typed, landed, in_periods, lineage, scope_key)
            summary = _summarise(con, target, typed, in_periods, lineage, scope, periods,
                                 period_label, detected,
                                 "replaced" if any(v["file_hash"] != lineage.file_hash
                                                   for v in previous.values()) else "loaded")
            _record(con, target.dataset, scope_key, periods, lineage)
            record_load(con, summary, lineage)
    finally:
        con.execute("drop table if exists _failures")
    return summary


def record_load(con: duckdb.DuckDBPyConnection, summary: LoadSummary, lineage: Lineage) -> None:
    con.execute(
        "insert into meta.loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, current_timestamp)",
        [lineage.load_id, summary.dataset, summary.scope, summary.periods, summary.period_label,
         str(lineage.source_path), lineage.source_path.name, lineage.file_hash,
         lineage.file_bytes, summary.status, summary.rows_read, summary.rows_loaded,
         summary.rows_quarantined, summary.amount_read, summary.amount_loaded,
         summary.amount_quarantined, json.dumps(summary.detected, default=str), summary.message,
         lineage.dagster_run_id, lineage.started_at],
    )


def _stage_failures(con: duckdb.DuckDBPyConnection, failures: pd.DataFrame) -> None:
    """The failures as table `_failures`: one row per failing source row, its reasons listed."""
    if failures.empty:
        con.execute(f"create or replace temp table _failures (source_row bigint, "
                    f"failures {FAILURE_LIST})")
        return
    con.register("_failure_rows", failures)
    con.execute(
        "create or replace temp table _failures as select source_row::bigint source_row, "
        "list({'column': \"column\", 'rule': rule, 'message': message, "
        "'raw_value': raw_value::varchar} order by rule, \"column\") failures "
        "from _failure_rows group by source_row")
    con.unregister("_failure_rows")


def _in_periods_sql(target: Target, periods: list[str]) -> str:
    if target.period_column is None:
        return "true"
    quoted = ", ".join("'" + p.replace("'", "''") + "'" for p in periods)
    return f"t.{ident(target.period_column)} in ({quoted})"


def _delete_partitions(con, target: Target, scope: str | None, periods: list[str]) -> None:
    where, params = [], []
    if target.lines_table:
        where.append("load_id in (select load_id from meta.loads where dataset = ? and "
                     "scope is not distinct from ?)")
        params += [target.dataset, scope]
    elif target.scope_column:
        where.append(f"{ident(target.scope_column)} = ?")
        params.append(scope)
    if target.period_column:
        where.append(f"list_contains(?, {ident(target.period_column)})")
        params.append(periods)
    con.execute(f"delete from {target.stored_in} where {' and '.join(where) or 'true'}", params)
    con.execute("delete from meta.quarantine where dataset = ? and scope = ? "
                "and list_contains(?, period)", [target.dataset, scope or UNSCOPED, periods])


def _make_table(con: duckdb.DuckDBPyConnection, target: Target, typed: str) -> None:
    """A dataset declared outside the project has no DDL file: its staging table is made at its
    first load, with the typed rows' columns and the lineage every staging table carries."""
    if target.lines_table or table_exists(con, target.table):
        return
    columns = [f"t.{ident(c)}" for c in target.columns if c not in target.constants]
    columns += [f"{sql} as {ident(c)}" for c, sql in target.constants.items()]
    if target.scope_column:
        columns.append(f"null::varchar as {ident(target.scope_column)}")
    columns += ["null::varchar as source_file", "null::varchar as file_hash",
                "t.source_row::bigint as source_row", "null::varchar as load_id",
                "null::timestamp as loaded_at"]
    con.execute(f"create table {target.table} as select {', '.join(columns)} "
                f"from {ident(typed)} t limit 0")


def _insert_rows(con, target: Target, typed: str, in_periods: str, lineage: Lineage,
                 scope: str | None) -> None:
    values = {c: f"t.{ident(c)}" for c in target.columns}
    values.update(target.constants)
    params: list = []
    if target.lines_table:
        values.update({"source_row": "t.source_row", "load_id": "?"})
        params = [lineage.load_id]
    else:
        if target.scope_column:
            values[target.scope_column] = "?"
            params.append(scope)
        values.update({"source_file": "?", "file_hash": "?", "source_row": "t.source_row",
                       "load_id": "?", "loaded_at": "current_timestamp"})
        params += [lineage.source_path.name, lineage.file_hash, lineage.load_id]
    con.execute(
        f"insert into {target.stored_in} ({', '.join(ident(c) for c in values)}) "
        f"select {', '.join(values.values())} from {ident(typed)} t "
        f"anti join _failures f using (source_row) where {in_periods}",
        params,
    )


def _insert_quarantine(con, target: Target, typed: str, landed: str, in_periods: str,
                       lineage: Lineage, scope_key: str) -> None:
    period = f"t.{ident(target.period_column)}" if target.period_column else "'all'"
    amount = f"t.{ident(target.amount_column)}" if target.amount_column else "null"
    con.execute(
        f"insert into meta.quarantine select ?, ?, ?, {period}, ?, ?, t.source_row, f.failures,"
        f" {amount}, to_json(r) from {ident(typed)} t join _failures f using (source_row) "
        f"join (select * exclude (extra_cells), extra_cells from {ident(landed)}) r "
        f"on r.source_row = t.source_row where {in_periods}",
        [lineage.load_id, target.dataset, scope_key, lineage.source_path.name,
         lineage.file_hash],
    )


def _summarise(con, target: Target, typed: str, in_periods: str, lineage: Lineage,
               scope: str | None, periods: list[str], period_label: str | None, detected: dict,
               status: str) -> LoadSummary:
    amount = f"t.{ident(target.amount_column)}" if target.amount_column else "null::decimal"
    counts = records(
        con,
        f"select count(*) rows_read, count(*) filter (where f.source_row is null) rows_loaded,"
        f" count(f.source_row) rows_quarantined, sum({amount}) amount_read,"
        f" coalesce(sum({amount}) filter (where f.source_row is null), 0) amount_loaded,"
        f" coalesce(sum({amount}) filter (where f.source_row is not null), 0)"
        f" amount_quarantined from {ident(typed)} t left join _failures f using (source_row)"
        f" where {in_periods}",
    )[0]
    reasons = dict(con.execute(
        f"select u.rule, count(*) from {ident(typed)} t join _failures f using (source_row),"
        f" unnest(f.failures) as x(u) where {in_periods} group by u.rule order by u.rule"
    ).fetchall())
    stored = scalar(con, f"select count(*) from {target.stored_in} where load_id = ?",
                    [lineage.load_id])
    if stored != counts["rows_loaded"] or (
            counts["rows_loaded"] + counts["rows_quarantined"] != counts["rows_read"]):
        raise AssertionError(f"{lineage.source_path.name}: rows do not reconcile: {counts}, "
                             f"{stored} stored")
    if target.amount_column is None:
        counts.update(amount_read=None, amount_loaded=None, amount_quarantined=None)
    elif counts["amount_read"] is None:
        counts["amount_read"] = Decimal("0.00")
    return LoadSummary(str(lineage.source_path), target.dataset, scope, status,
                       load_id=lineage.load_id, periods=periods, period_label=period_label,
                       quarantine_reasons=reasons, detected=detected, **counts)


def _record(con, dataset: str, scope_key: str, periods: list[str], lineage: Lineage) -> None:
    con.execute("delete from meta.partition_versions where dataset = ? and scope = ? and "
                "list_contains(?, period)", [dataset, scope_key, periods])
    con.executemany("insert into meta.partition_versions values (?, ?, ?, ?, ?, "
                    "current_timestamp)",
                    [[dataset, scope_key, p, lineage.file_hash, lineage.load_id]
                     for p in periods])
