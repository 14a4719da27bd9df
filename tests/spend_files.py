"""Helpers for spend tests: write a council file, load it, and read back what happened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from basics.duck import records
from basics.periods import parse_period
from basics.settings import Paths
from loading.contract import LoadSummary
from sources.spend.profiles import CouncilProfile, get_profile
from sources.spend.reader import spend_reader
from warehouse.connection import read_only, writer
from warehouse.ingest import ingest_file

TODAY = dt.date(2026, 11, 23)


def write_csv(folder: Path, name: str, lines: list[str], encoding: str = "utf-8",
              newline: str = "\r\n") -> Path:
    path = folder / name
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode(encoding))
    return path


def load(home: Paths, path: Path, council: str, profile: CouncilProfile | None = None,
         period: str | None = None) -> LoadSummary:
    profile = profile or get_profile(council)
    stated = parse_period(period) if period else None
    with writer(home.warehouse) as con:
        return ingest_file(con, "spend", path, spend_reader(profile, home.tmp, stated, TODAY),
                           scope=council)


def quarantined(home: Paths, load_id: str) -> dict[int, set[str]]:
    """{source_row: {rule, ...}} of a load's quarantined rows."""
    with read_only(home.warehouse) as con:
        rows = records(con, "select source_row, list_transform(failures, lambda f: f.rule) rules "
                            "from meta.quarantine where load_id = ?", [load_id])
    return {r["source_row"]: set(r["rules"]) for r in rows}


def loaded_rows(home: Paths, load_id: str) -> list[dict]:
    with read_only(home.warehouse) as con:
        return records(con, "select * from staging.council_spend where load_id = ? "
                            "order by source_row", [load_id])
