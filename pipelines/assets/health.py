"""Feed health: per council and partnership feed, what arrived, what is due, what was refused."""

import datetime as dt
import json

import dagster as dg
import pandas as pd

from pipelines.resources import Warehouse
from sources.spend.profiles import councils
from warehouse.health import feed_health as feed_health_rows
from warehouse.marts import build_mart

FEED_HEALTH = dg.AssetKey(["marts", "feed_health"])
FEED_COLUMNS = ("dataset", "scope", "status", "last_file", "last_success_at", "latest_period",
                "due_period", "next_deadline", "on_time", "rows_read", "rows_quarantined",
                "quarantine_rate", "quarantine_reasons", "files_refused", "last_refusal",
                "latest_period_at_source", "source_checked_at")


def council_cadences(con) -> list[dict]:
    """The councils whose spend feeds are watched: those with a profile and those with spend
    loaded (not every council in the register)."""
    return [{"council": p.slug, "name": p.name, "cadence": p.cadence,
             "publication_lag_days": p.publication_lag_days, "ended": p.ended,
             "collected": p.portal is not None}
            for p in councils(councils_with_spend(con))]


def councils_with_spend(con) -> list[str]:
    return [r[0] for r in con.execute(
        "select distinct scope from meta.loads where dataset = 'spend' and scope is not null "
        "order by 1").fetchall()]


@dg.asset(key=FEED_HEALTH, group_name="operations", kinds={"duckdb"}, pool="warehouse")
def feed_health(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """One row per feed (a council's spend, a partnership's outcome returns, each register): the
    last file and successful load, the latest period loaded and the one now due, the share of rows
    quarantined and why, and any file refused; for spend collected from a council's portal, the
    latest period the portal has published and when it was last checked (a late month is then
    "late at source" or "collected, not loaded")."""
    with warehouse.writer() as con:
        rows = feed_health_rows(con, council_cadences(con), dt.date.today())
        frame = pd.DataFrame([{**r, "quarantine_reasons": json.dumps(r["quarantine_reasons"])}
                              for r in rows], columns=list(FEED_COLUMNS))
        con.register("_feeds", frame)
        try:
            build_mart(con, "feed_health")
        finally:
            con.unregister("_feeds")
    lines = ["| feed | status | latest | due | at source | quarantined | refused |",
             "|---|---|---|---|---|---:|---:|"]
    lines += [f"| {r['dataset']}: {r['scope']} | {r['status']} | {r['latest_period'] or ''} | "
              f"{r['due_period'] or ''} | {r['latest_period_at_source'] or ''} | "
              f"{r['rows_quarantined'] or 0} | {r['files_refused']} |" for r in rows]
    return dg.MaterializeResult(metadata={
        "feeds": len(rows), "feeds_not_ok": sum(r["status"] != "ok" for r in rows),
        "feeds_table": dg.MetadataValue.md("\n".join(lines))})

