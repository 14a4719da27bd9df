"""How large, wide and deep a received file may be before it is refused, and the checks.

A council or partner file that breaks a limit is refused at once with one line naming the file,
the limit and what to do, before anything tries to hold it in memory: a file of 10,000 columns,
a 50 MB line or a workbook that expands a hundredfold is not a spend file by mistake, and reading
it anyway costs minutes and gigabytes. The limits sit far above anything a real file has (the
largest real spend files run to tens of columns and a few hundred thousand lines).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from basics.files import FileRefused

MB = 1024 * 1024

# The largest file read, in MB (SOCIALVALUE_MAX_FILE_MB raises or lowers it).
DEFAULT_MAX_FILE_MB = 4096
# Columns in one row: spend files have tens, a flat 360Giving sheet about a hundred.
MAX_COLUMNS = 300
# Characters in one cell: the most a spreadsheet cell holds (Excel's limit).
MAX_CELL_CHARS = 32_767
# Characters in one line of a text file.
MAX_LINE_CHARS = 1 * MB
# Physical lines one record may span (a quoted cell may hold line breaks, as an address does).
MAX_RECORD_LINES = 100
# Nesting of a JSON file (a 360Giving grant is a few levels deep).
MAX_JSON_DEPTH = 64
# An XLSX workbook (a zip of XML parts): what it may expand to, and by how much.
MAX_XLSX_EXPANDED_MB = 1024
MAX_XLSX_RATIO = 100
XLSX_RATIO_FROM_MB = 1  # small parts compress well and harm no one


class LimitExceeded(FileRefused):
    """A file larger, wider or deeper than socialvalue reads."""


def max_file_bytes() -> int:
    value = os.environ.get("SOCIALVALUE_MAX_FILE_MB", "")
    return (int(value) if value.strip().isdigit() else DEFAULT_MAX_FILE_MB) * MB


def check_size(path: Path) -> None:
    limit = max_file_bytes()
    size = path.stat().st_size
    if size > limit:
        raise LimitExceeded(
            f"{path.name}: {size / MB:,.0f} MB is larger than the {limit // MB:,} MB socialvalue "
            "reads; split it (by month, say) or raise SOCIALVALUE_MAX_FILE_MB")


def check_columns(file_name: str, row: int, cells: int) -> None:
    if cells > MAX_COLUMNS:
        raise LimitExceeded(
            f"{file_name}: row {row} has {cells:,} cells; socialvalue reads at most "
            f"{MAX_COLUMNS} columns (is it the right file?)")


def check_cells(file_name: str, row: int, cells: list[str]) -> None:
    """Every cell within the spreadsheet limit; the row's width within the column limit."""
    check_columns(file_name, row, len(cells))
    for position, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise LimitExceeded(
                f"{file_name}: row {row}, column {position} holds {len(cell):,} characters, more "
                f"than a spreadsheet cell can ({MAX_CELL_CHARS:,}); is a quote left open?")


def line_too_long(file_name: str, line: int) -> LimitExceeded:
    return LimitExceeded(
        f"{file_name}: line {line} is longer than {MAX_LINE_CHARS:,} characters; not a table "
        "of rows a spreadsheet could hold")


def check_workbook(path: Path) -> None:
    """An XLSX file is a zip of XML parts: refuse one that is not a zip, or that expands beyond
    the limits (a "zip bomb"), before any part is unpacked. Entity expansion inside the XML
    ("billion laughs") is refused by defusedxml, which openpyxl uses when it is installed."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise LimitExceeded(f"{path.name}: not a readable Excel workbook (a damaged or "
                            "incomplete file)") from err
    expanded = sum(p.file_size for p in parts)
    if expanded > MAX_XLSX_EXPANDED_MB * MB:
        raise LimitExceeded(
            f"{path.name}: the workbook expands to {expanded / MB:,.0f} MB, more than the "
            f"{MAX_XLSX_EXPANDED_MB:,} MB socialvalue reads; save it as CSV")
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > XLSX_RATIO_FROM_MB * MB and ratio > MAX_XLSX_RATIO:
            raise LimitExceeded(
                f"{path.name}: a part of the workbook expands {ratio:,} times (more than "
                f"{MAX_XLSX_RATIO}); not a workbook socialvalue reads; save it as CSV")


def json_depth_exceeded(file_name: str) -> LimitExceeded:
    return LimitExceeded(f"{file_name}: nested more than {MAX_JSON_DEPTH} levels deep; a "
                         "360Giving package is a few levels deep")


def json_depth(value, limit: int = MAX_JSON_DEPTH) -> int:
    """How deeply `value` nests (without recursion, so any depth is measured safely), up to
    `limit` + 1."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
