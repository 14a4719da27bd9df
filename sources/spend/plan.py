"""Deciding which council-months a spend file reports on, before it is loaded.

The answer picks the Dagster partitions to run: the period stated by the analyst, else the one the
file's name gives, else the one its dates show (which needs a quick read of the file). The header
is always checked first, so a file that can never load is refused at the door.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from sources.periods import Period, period_from_name
from sources.spend.detect import detect_forms, detect_layout
from sources.spend.profiles import CouncilProfile
from sources.tables import land_text_table, preview


def spend_period(path: Path, profile: CouncilProfile, scratch: Path,
                 stated: Period | None = None) -> Period:
    pv = preview(path, sheet=profile.sheet)
    layout = detect_layout(pv, profile)
    if stated is not None:
        return stated
    named = period_from_name(path.name)
    if named is not None:
        return named
    with duckdb.connect() as con:
        table = land_text_table(con, pv, layout.header_index, "planned", scratch)
        return detect_forms(con, table, layout, profile, None, path.name).period
