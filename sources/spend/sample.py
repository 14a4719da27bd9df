"""A sample of a spend file's rows from its start to its end, read without loading the file.

Detection needs rows that stand for the whole file: many councils sort their files by date, so
the first rows of a quarter's file are all from its first month, and a name like `2017-01.csv`
would look confirmed by them. The sample is the rows at the start of the file plus rows from
evenly spaced places through it (a few dozen kilobytes at each), which costs a few reads however
large the file. It is used to choose the columns, learn the date forms and the period, before
the file's rows are stored; every line is still read and checked when the file is loaded.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sources.tables import Preview, preview

PLACES = 16                # places through the file the sample is read from
PLACE_BYTES = 1 << 16      # bytes read at each place
XLSX_ROWS = 5_000          # a workbook is sampled from its first rows


def spread_sample(pv: Preview, header_index: int) -> list[list[str]]:
    """Data rows (cells trimmed, blank rows left out) from the start of the file and from
    PLACES places through it, below the header at preview row `header_index`."""
    width = len(pv.rows[header_index]) if pv.rows else 0
    if pv.kind == "xlsx":
        rows = preview(pv.path, sheet=pv.sheet, rows=header_index + 1 + XLSX_ROWS).rows
        return _filled(rows[header_index + 1:])
    size = pv.path.stat().st_size
    if size <= PLACES * PLACE_BYTES:
        return _filled(_records(_read(pv.path, 0, size, pv.encoding), pv.delimiter)
                       [header_index + 1:])
    head = _records(_read(pv.path, 0, PLACE_BYTES, pv.encoding), pv.delimiter)
    rows = head[header_index + 1:-1]  # the last record may be cut short
    for place in range(1, PLACES):
        text = _read(pv.path, size * place // PLACES, PLACE_BYTES, pv.encoding)
        # Start and end on whole lines; a line cut inside a quoted cell shows as a row of the
        # wrong width, and is left out.
        lines = text.split("\n")[1:-1]
        rows += [r for r in _records("\n".join(lines), pv.delimiter)
                 if len(r) == width or (len(r) > width and not any(r[width:]))]
    return _filled(rows)


def column_values(rows: list[list[str]], index: int) -> list[str]:
    return [row[index] if index < len(row) else "" for row in rows]


def _read(path: Path, offset: int, length: int, encoding: str | None) -> str:
    with path.open("rb") as f:
        f.seek(offset)
        data = f.read(length)
    if offset == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode(encoding or "utf-8", errors="replace").replace("\r\n", "\n")


def _records(text: str, delimiter: str) -> list[list[str]]:
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            rows.append([cell.strip() for cell in record])
    except csv.Error:
        pass  # a sample cut inside a quoted cell: the rows before it are enough
    return rows


def _filled(rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if any(row)]
