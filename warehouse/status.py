"""What the warehouse holds: per dataset and council or partnership, rows, amounts, files, loads."""

from __future__ import annotations

import json
from collections.abc import Iterable

import duckdb

from basics.duck import records, table_exists
from loading.contract import UNSCOPED, Target

SUMMARY_FIELDS = ["path", "dataset", "scope", "status", "rows_read", "rows_loaded",
                  "rows_quarantined", "amount_read", "amount_loaded", "amount_quarantined",
                  "load_id", "file_hash", "periods", "period_label", "message", "dagster_run_id"]


def loads_of_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> list[dict]:
    """The load records a set of Dagster runs wrote, with their quarantine reasons."""
    rows = records(con, "select * from meta.loads where list_contains(?, dagster_run_id) "
                        "order by started_at", [run_ids])
    return [_summary(con, row) for row in rows]


def _summary(con: duckdb.DuckDBPyConnection, row: dict) -> dict:
    out = {k: row.get(k) for k in SUMMARY_FIELDS}
    out["path"] = row["source_path"]
    out["scope"] = row["scope"]
    for key in ("amount_read", "amount_loaded", "amount_quarantined"):
        out[key] = None if out[key] is None else f"{out[key]:.2f}"
    out["quarantine_reasons"] = dict(con.execute(
        "select u.rule, count(*) from meta.quarantine q, unnest(q.failures) as x(u) "
        "where q.load_id = ? group by u.rule order by u.rule", [row["load_id"]]).fetchall())
    out["detected"] = json.loads(row["detected"]) if row.get("detected") else {}
    return out


def loaded_totals_sql(targets: Iterable[Target]) -> str:
    """One SELECT over the staging tables of `targets`: dataset, scope, rows and amount loaded."""
    parts = ["select null::varchar as dataset, null::varchar as scope, 0 as rows_loaded, "
             "null::decimal(18,2) as amount_loaded where false"]
    for staged in targets:
        scope = staged.scope_column or f"'{UNSCOPED}'"
        amount = f"sum({staged.amount_column})" if staged.amount_column else "null::decimal(18,2)"
        parts.append(f"select '{staged.dataset}' as dataset, {scope} as scope, count(*) as "
                     f"rows_loaded, {amount} as amount_loaded from {staged.table} group by all")
    return " union all ".join(parts)


def current_holdings(con: duckdb.DuckDBPyConnection, targets: Iterable[Target]) -> list[dict]:
    """Per dataset and scope: rows and amounts now loaded, files behind them, last load, over
    the staging tables of `targets` (a dataset's table is made at its first load)."""
    made = [t for t in targets if table_exists(con, t.table)]
    return records(con, f"""
        with current as (
            select v.dataset, v.scope, count(distinct v.period) partitions,
                   min(v.period) first_period, max(v.period) last_period,
                   -- the periods as their files named them (a 4-weekly `2022-23 P04` is stored
                   -- as the segments of its months)
                   arg_min(coalesce(l.period_label, v.period), v.period) first_label,
                   arg_max(coalesce(l.period_label, v.period), v.period) last_label,
                   count(distinct v.file_hash) files, max(v.loaded_at) last_loaded_at
            from meta.partition_versions v left join meta.loads l using (load_id)
            group by all
        ),
        attempts as (
            select dataset, coalesce(scope, 'all') scope,
                   count(*) filter (where status = 'refused') files_refused,
                   max(started_at) last_attempt_at,
                   arg_max(status, started_at) last_status
            from meta.loads group by all
        ),
        loaded as ({loaded_totals_sql(made)}),
        quarantined as (
            select dataset, scope, count(*) rows_quarantined, sum(amount) amount_quarantined
            from meta.quarantine group by all
        )
        select c.dataset, c.scope, coalesce(l.rows_loaded, 0) rows_loaded, l.amount_loaded,
               coalesce(q.rows_quarantined, 0) rows_quarantined, q.amount_quarantined,
               c.files, c.partitions, c.first_period, c.last_period, c.first_label,
               c.last_label, c.last_loaded_at,
               a.files_refused, a.last_attempt_at, a.last_status
        from current c
        left join loaded l using (dataset, scope)
        left join attempts a using (dataset, scope)
        left join quarantined q using (dataset, scope)
        order by dataset, scope
    """)
