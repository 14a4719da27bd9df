"""Feed health: is each feed complete, clean and on time?

A feed is one dataset from one source: a council's spend, a partnership's outcome returns, a
register. For each, the figures behind the asset checks and the data quality page: whether every
current load reconciles (rows and amounts in = loaded + quarantined), how much was quarantined and
why, and whether the latest period has arrived by its publication deadline. For a council whose
spend is collected from its portal, a late month is told apart: "late at source" (the portal,
checked since the month fell due, has not published it) or "collected, not loaded" (its file was
received but its months are not loaded).
"""

from __future__ import annotations

import calendar
import datetime as dt

import duckdb

from basics.duck import ident, records, table_exists
from basics.periods import quarter_key
from loading.contract import Target
from warehouse.fetches import portal_freshness


def reconciliation(con: duckdb.DuckDBPyConnection, staged: Target) -> list[dict]:
    """Each current load of the dataset `staged` loads: the counts it recorded against the rows
    stored now (none before its table is made, at its first load)."""
    if not table_exists(con, staged.table):
        return []
    dataset = staged.dataset
    amount = f"sum({ident(staged.amount_column)})" if staged.amount_column else "null"
    return records(con, f"""
        with current as (
            select distinct load_id from meta.partition_versions where dataset = $1
        ),
        stored as (
            select load_id, count(*) as stored_loaded, {amount} as stored_amount_loaded
            from {staged.table} where load_id in (select load_id from current) group by all
        ),
        held as (
            select load_id, count(*) as stored_quarantined, sum(amount) as stored_amount_quarantined
            from meta.quarantine where dataset = $1 group by all
        )
        select l.load_id, l.scope, l.file_name, l.period_label, l.rows_read, l.rows_loaded,
               l.rows_quarantined, l.amount_read, l.amount_loaded, l.amount_quarantined,
               coalesce(s.stored_loaded, 0) as stored_loaded,
               coalesce(h.stored_quarantined, 0) as stored_quarantined,
               l.rows_read = l.rows_loaded + l.rows_quarantined
                   and coalesce(s.stored_loaded, 0) = l.rows_loaded
                   and coalesce(h.stored_quarantined, 0) = l.rows_quarantined
                   and (l.amount_read is null or l.amount_read
                        = l.amount_loaded + l.amount_quarantined) as reconciles
        from meta.loads l join current using (load_id)
        left join stored s using (load_id) left join held h using (load_id)
        order by l.scope, l.period_label""", [dataset])


def quarantine_rates(con: duckdb.DuckDBPyConnection, dataset: str) -> list[dict]:
    """Per council or partnership: rows read and quarantined over its current loads, and why."""
    return records(con, """
        with current as (
            select distinct load_id from meta.partition_versions where dataset = $1
        ),
        reasons as (
            select q.scope, u.rule, count(*) as n
            from meta.quarantine q, unnest(q.failures) as x(u)
            where q.dataset = $1 group by all
        )
        select coalesce(l.scope, 'all') as scope, sum(l.rows_read) as rows_read,
               sum(l.rows_quarantined) as rows_quarantined,
               sum(l.rows_quarantined) / greatest(sum(l.rows_read), 1) as rate,
               (select map(list(r.rule), list(r.n)) from reasons r
                where r.scope = coalesce(l.scope, 'all')) as reasons
        from meta.loads l join current using (load_id)
        group by all order by scope""", [dataset])


def refused_files(con: duckdb.DuckDBPyConnection, dataset: str | None = None) -> list[dict]:
    """Files refused and not followed by a successful load of the same dataset and scope."""
    return records(con, """
        select r.dataset, r.scope, r.file_name, r.source_path, r.message, r.started_at
        from meta.loads r
        where r.status = 'refused' and ($1 is null or r.dataset = $1)
          and not exists (
              select 1 from meta.loads ok
              where ok.dataset = r.dataset and coalesce(ok.scope, '') = coalesce(r.scope, '')
                and ok.status in ('loaded', 'replaced') and ok.started_at > r.started_at)
        order by r.started_at""", [dataset])


def expected_period_end(cadence: str, lag_days: int, today: dt.date) -> dt.date:
    """The end of the latest period whose file should have been published by `today`.

    Monthly publishers owe each month `lag_days` after it ends; quarterly ones owe each
    financial-year quarter (ending June, September, December, March) likewise."""
    day = today - dt.timedelta(days=lag_days)
    last_month_end = day.replace(day=1) - dt.timedelta(days=1)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        last_month_end = day
    if cadence == "monthly":
        return last_month_end
    month = last_month_end
    while month.month not in (3, 6, 9, 12):
        month = month.replace(day=1) - dt.timedelta(days=1)
    return month


def spend_freshness(con: duckdb.DuckDBPyConnection, councils: list[dict],
                    today: dt.date) -> list[dict]:
    """Per council (slug, name, cadence, publication_lag_days, `collected` when its profile has
    a portal and, for an abolished one, `ended`, the day it ended): its latest loaded month and
    the latest one now due; for a council collected from its portal, the latest month the
    portal has published and, when the due month is missing, whether it is late at source or
    collected but not loaded."""
    # A partition is a month ('2024-04') or part of one ('2022-07-01..2022-07-23'): its month.
    latest = dict(con.execute(
        "select scope, max(left(period, 7)) from meta.partition_versions where dataset = "
        "'spend' group by scope").fetchall())
    portals = portal_freshness(con)
    out = []
    for c in sorted(councils, key=lambda c: c["council"]):
        due_end = expected_period_end(c["cadence"], c["publication_lag_days"], today)
        if c.get("ended"):
            # An abolished council owes nothing after its last day.
            due_end = min(due_end, dt.date.fromisoformat(c["ended"]) - dt.timedelta(days=1))
        have = latest.get(c["council"])
        have_end = _month_end(have) if have else None
        on_time = have_end is not None and have_end >= due_end
        portal = portals.get(c["council"], {}) if c.get("collected") else {}
        out.append({
            "council": c["council"], "name": c["name"], "cadence": c["cadence"],
            "latest_month_loaded": have, "latest_month_due": f"{due_end:%Y-%m}",
            "months_behind": _months_between(have_end, due_end) if have_end else None,
            "next_deadline": f"{_next_deadline(c['cadence'], c['publication_lag_days'], today)}",
            "on_time": on_time,
            "latest_month_at_source": portal.get("latest_at_source"),
            "source_checked_at": portal.get("last_checked_at"),
            "source_state": None if on_time or not portal else _source_state(
                portal, due_end, c["publication_lag_days"]),
        })
    return out


def _source_state(portal: dict, due_end: dt.date, lag_days: int) -> str | None:
    """Why a collected council's due month is missing: its file was received and not loaded,
    or the portal (checked since the month fell due) has not published it."""
    if f"{due_end:%Y-%m}" in portal["collected"]:
        return "collected, not loaded"
    fell_due = due_end + dt.timedelta(days=lag_days)
    checked = portal["last_checked_at"]
    if checked is not None and checked.date() >= fell_due and (
            portal["latest_at_source"] is None or portal["latest_at_source"] < f"{due_end:%Y-%m}"):
        return "late at source"
    return None


def _month_end(month: str) -> dt.date:
    year, number = map(int, month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def _months_between(have: dt.date, due: dt.date) -> int:
    return max((due.year - have.year) * 12 + due.month - have.month, 0)


def _next_deadline(cadence: str, lag_days: int, today: dt.date) -> dt.date:
    day = today
    while expected_period_end(cadence, lag_days, day) == expected_period_end(cadence, lag_days,
                                                                             today):
        day += dt.timedelta(days=1)
    return day


def feed_health(con: duckdb.DuckDBPyConnection, councils: list[dict], today: dt.date,
                outcome_lag_days: int = 30) -> list[dict]:
    """One row per feed: what arrived last, what is due, what was held back and why."""
    feeds = []
    last = {(r["dataset"], r["scope"]): r for r in records(con, """
        select dataset, coalesce(scope, 'all') as scope, arg_max(file_name, started_at) last_file,
               max(started_at) as last_attempt_at,
               max(started_at) filter (where status in ('loaded', 'replaced', 'already_loaded'))
                   as last_success_at
        from meta.loads group by all""")}
    refused = {}
    for r in refused_files(con):
        refused.setdefault((r["dataset"], r["scope"] or "all"), []).append(r)
    rates = {}
    for (dataset,) in con.execute("select distinct dataset from meta.partition_versions "
                                  "order by 1").fetchall():
        for r in quarantine_rates(con, dataset):
            rates[(dataset, r["scope"])] = r
    for f in spend_freshness(con, councils, today):
        feeds.append(_feed("spend", f["council"], last, refused, rates, latest=f[
            "latest_month_loaded"], due=f["latest_month_due"], deadline=f["next_deadline"],
            on_time=f["on_time"], source_state=f["source_state"],
            at_source=f["latest_month_at_source"], checked_at=f["source_checked_at"]))
    due_quarter = quarter_key(expected_period_end("quarterly", outcome_lag_days, today))
    latest_quarters = dict(con.execute(
        "select scope, max(period) from meta.partition_versions where dataset = 'outcomes' "
        "group by scope").fetchall())
    for scope, latest in sorted(latest_quarters.items()):
        feeds.append(_feed("outcomes", scope, last, refused, rates, latest=latest,
                           due=due_quarter, deadline=None, on_time=latest >= due_quarter))
    for (dataset, scope) in sorted(last):
        if dataset not in ("spend", "outcomes"):
            feeds.append(_feed(dataset, scope, last, refused, rates, None, None, None, None))
    return feeds


def _feed(dataset, scope, last, refused, rates, latest, due, deadline, on_time,
          source_state=None, at_source=None, checked_at=None) -> dict:
    seen = last.get((dataset, scope), {})
    rate = rates.get((dataset, scope), {})
    outstanding = refused.get((dataset, scope), [])
    if not seen.get("last_success_at") and not source_state:
        status = "no data"
    elif outstanding:
        status = "file refused"
    elif on_time is False:
        status = source_state or "late"
    else:
        status = "ok"
    return {
        "dataset": dataset, "scope": scope, "status": status,
        "last_file": seen.get("last_file"), "last_success_at": seen.get("last_success_at"),
        "latest_period": latest, "due_period": due, "next_deadline": deadline,
        "on_time": on_time, "rows_read": rate.get("rows_read"),
        "rows_quarantined": rate.get("rows_quarantined"), "quarantine_rate": rate.get("rate"),
        "quarantine_reasons": dict(rate.get("reasons") or {}),
        "files_refused": len(outstanding),
        "last_refusal": outstanding[-1]["message"] if outstanding else None,
        "latest_period_at_source": at_source, "source_checked_at": checked_at,
    }

