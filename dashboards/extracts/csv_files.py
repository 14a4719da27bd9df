"""Writing a table as CSV: UTF-8, comma-separated, a header row, one row per record.

Booleans are `true`/`false`, dates `YYYY-MM-DD`, numbers as stored (full precision, `.` for the
decimal point, no thousands separators), a hidden count `c`, a missing value empty. These are
Table Schema's defaults, so `datapackage.json` reads every file without a dialect.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from dashboards.extracts.cells import spreadsheet_rows
from dashboards.extracts.dictionary import Table


def write_csv(frame: pd.DataFrame, table: Table, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(table.names)
        out.writerows([_text(v) for v in row] for row in spreadsheet_rows(frame, table))
    return path


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
