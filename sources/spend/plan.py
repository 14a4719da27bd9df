"""Deciding which period a spend file reports on, before it is received.

The answer picks the Dagster partitions to run (the calendar months the period touches): the
period stated by the analyst, else the one the file's name means if its dates confirm it, else the
one its dates show. The header, the columns and the date forms are checked first, on a sample of
rows spread through the file (sources/spend/sample.py), so a file that can never load is refused
at the door, and a file is never read whole here. What detection found (layout and date forms)
goes with the period, for the landed file's manifest: the load reads the file with it
(sources/spend/detected.py) instead of detecting again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
from sources.spend.detected import SpendDetection
from sources.spend.profiles import CouncilProfile
from sources.tables import EmptyFile, preview


@cache
def _planning() -> duckdb.DuckDBPyConnection:
    """One in-memory database for planning, a cursor of it each time: opening a new database
    costs a fifth of a second, as long as the rest of planning a file."""
    return duckdb.connect()


@dataclass(frozen=True)
class SpendPlan:
    """The period a spend file reports on, and what detection found on the way to it."""

    period: Period
    detection: SpendDetection


def plan_spend(path: Path, profile: CouncilProfile, scratch: Path,
               stated: Period | None = None, today: dt.date | None = None) -> SpendPlan:
    """Detect `path`'s layout and date forms from a sample, refuse it if its dates cannot be
    read, and decide its period (`stated`, else from its name and sampled dates)."""
    pv = preview(path, sheet=profile.sheet)
    layout = detect_layout(pv, profile)
    if not any(cell.strip() for row in layout.sample for cell in row):
        # Said before its period is looked for: an empty file has no dates to find it by.
        raise EmptyFile.below(path.name, layout.header_row)
    with _planning().cursor() as con:
        values = sample_dates(con, layout, "sampled_dates")
        formats = learn_date_formats(con, values, profile)
        written, read, examples = unread_dates(con, values, formats)
        refuse_unread_dates(path.name, layout.columns["date"], written, read, examples, profile,
                            "sampled")
        dates = f"(select {date_sql('d', formats)} as d from {values})"
        period, _ = detect_period(con, dates, stated, path.name, today)
    return SpendPlan(period, SpendDetection(layout, formats, len(layout.sample)))
