"""Deciding which period a spend file reports on, before it is received.

The answer picks the Dagster partitions to run (the calendar months the period touches): the
period stated by the analyst, else the one the file's name means if its dates confirm it, else the
one its dates show. The header, the columns and the date forms are checked first, on a sample of
rows spread through the file (sources/spend/sample.py), so a file that can never load is refused
at the door, and a file is never read whole here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import duckdb

from basics.cells import date_sql
from basics.periods import Period
from sources.spend.detect import (
    detect_layout,
    detect_period,
    learn_date_formats,
    refuse_unread_dates,
    sample_dates,
    unread_dates,
)
from sources.spend.profiles import CouncilProfile
from sources.tables import preview


@cache
def _planning() -> duckdb.DuckDBPyConnection:
    """One in-memory database for planning, a cursor of it each time: opening a new database
    costs a fifth of a second, as long as the rest of planning a file."""
    return duckdb.connect()


def spend_period(path: Path, profile: CouncilProfile, scratch: Path,
                 stated: Period | None = None, today: dt.date | None = None) -> Period:
    pv = preview(path, sheet=profile.sheet)
    layout = detect_layout(pv, profile)
    with _planning().cursor() as con:
        values = sample_dates(con, layout, "sampled_dates")
        formats = learn_date_formats(con, values, profile)
        written, read, examples = unread_dates(con, values, formats)
        refuse_unread_dates(path.name, layout.columns["date"], written, read, examples, profile,
                            "sampled")
        dates = f"(select {date_sql('d', formats)} as d from {values})"
        period, _ = detect_period(con, dates, stated, path.name, today)
    return period
