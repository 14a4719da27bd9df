"""The collection's memory: what each council's portal was asked for, and what it answered.

`meta.fetches` holds one row per request. From it a collection knows which files it already has
(and the validators to ask about them conditionally), the last listing of a catalogue or page
(reused when the portal answers `304 Not Modified`), and feed health knows the latest period a
council's portal has published.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field

import duckdb

from basics.duck import records

COLUMNS = ("fetch_id", "council", "source_url", "role", "url", "listed_name", "listed_period",
           "listed_version", "outcome", "http_status", "final_url", "etag", "last_modified",
           "file_name", "file_hash", "file_bytes", "periods", "landed_path", "offered", "load_id",
           "message", "dagster_run_id", "requested_at")


@dataclass
class Fetch:
    """One request to a portal and what came of it."""

    council: str
    source_url: str
    role: str
    url: str
    outcome: str
    listed_name: str | None = None
    listed_period: str | None = None
    listed_version: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    file_name: str | None = None
    file_hash: str | None = None
    file_bytes: int | None = None
    periods: list[str] | None = None
    landed_path: str | None = None
    offered: list[dict] | None = None
    load_id: str | None = None
    message: str | None = None
    dagster_run_id: str | None = None
    requested_at: dt.datetime = field(default_factory=dt.datetime.now)
    fetch_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def as_json(self) -> dict:
        data = {c: getattr(self, c) for c in COLUMNS if c != "offered"}
        data["requested_at"] = self.requested_at.isoformat(timespec="seconds")
        return data


@dataclass(frozen=True)
class PortalState:
    """What a council's earlier collections left: per file address, the newest version received
    (a row with a body) and the newest attempt; the last listing read, and the last attempt to
    read one."""

    have: dict[str, dict]
    last_attempt: dict[str, dict]
    listing: dict | None
    last_listing_attempt: dict | None


def record_fetch(con: duckdb.DuckDBPyConnection, fetch: Fetch) -> None:
    values = [getattr(fetch, c) for c in COLUMNS]
    values[COLUMNS.index("offered")] = (None if fetch.offered is None
                                        else json.dumps(fetch.offered))
    con.execute(f"insert into meta.fetches ({', '.join(COLUMNS)}) values "
                f"({', '.join('?' for _ in COLUMNS)})", values)


def portal_state(con: duckdb.DuckDBPyConnection, council: str, source_url: str) -> PortalState:
    rows = records(con, """
        select * from meta.fetches where council = ? and source_url = ?
        order by requested_at, fetch_id""", [council, source_url])
    have, last, listing, last_listing = {}, {}, None, None
    for r in rows:
        if r["role"] == "listing":
            last_listing = r
            if r["offered"] is not None:
                listing = {**r, "offered": json.loads(r["offered"])}
            continue
        last[r["url"]] = r
        if r["file_hash"] is not None:
            have[r["url"]] = r
    return PortalState(have, last, listing, last_listing)


def fetches_of_run(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict]:
    """The requests one collection made, in order."""
    return records(con, "select * exclude (offered) from meta.fetches where dagster_run_id = ? "
                        "order by requested_at, fetch_id", [run_id])


def portal_freshness(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per council collected from a portal: when the portal was last checked, whether that
    check could read it, the latest month its files report on, and every month collected."""
    rows = records(con, """
        with checks as (
            select council, max(requested_at) as last_checked_at,
                   arg_max(outcome, requested_at) filter (where role = 'listing')
                       as last_listing_outcome
            from meta.fetches group by council
        ),
        months as (
            -- A period is a month ('2024-04') or part of one ('2022-07-01..2022-07-23').
            select council, list(distinct left(m, 7) order by left(m, 7)) as collected
            from meta.fetches, unnest(periods) as u(m)
            where role = 'file' and outcome in ('fetched', 'unchanged') group by council
        )
        select c.council, c.last_checked_at, c.last_listing_outcome,
               coalesce(m.collected, []) as collected
        from checks c left join months m using (council)""")
    return {r["council"]: {**r, "latest_at_source": max(r["collected"], default=None)}
            for r in rows}
