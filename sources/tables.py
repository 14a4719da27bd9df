"""Any CSV or XLSX file, landed in DuckDB as a table of text with its spreadsheet row numbers.

Every later stage works on this landed table: one row per data row of the file, every cell as the
text the council published without the spaces around it (NULL for an empty cell), `source_row` the
row number an analyst sees when opening the file in a spreadsheet, and `extra_cells` holding any
cells beyond the header's width (so nothing is lost).

Two readers produce it. The fast reader hands a well-formed UTF-8 CSV to DuckDB's own parser. Any
other file (Windows-1252, ragged rows, blank lines, stray quotes, XLSX) goes through the tolerant
reader, which walks the rows in Python and writes a normalised CSV for DuckDB. Both give the same
table; the fast reader only runs when a line count proves its row numbers exact.

A dataset's reader may also name typed values to parse as the text is read (`Computed`, learned
from the file's first rows): they are stored beside the text by the same statement, so a file of
millions of rows is stored once, not once as text and again as typed rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sources.files import UnreadableFile, file_kind, text_encoding
from sources.progress import execute_with_progress, report
from warehouse.duck import ident, literal, scalar, trimmed

PREVIEW_ROWS = 40
DELIMITERS = ",;\t|"
SAMPLE_ROWS = 20_000

Computed = Callable[[str, list[str]], dict[str, str]]
"""Given the name of a table holding the first rows of a file's text and the file's column
names, the typed values to store beside the text: {column name: SQL over the text columns}."""


@dataclass(frozen=True)
class Preview:
    """The first rows of a file as published, every cell as text, for detecting its layout."""

    path: Path
    kind: str
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str = ","
    sheet: str | None = None
    # Physical lines consumed up to and including each preview row (CSV only).
    lines_through: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class TextTable:
    """A file landed in DuckDB: view `name` has source_row, extra_cells, one column per header."""

    name: str
    columns: list[str]
    header_row: int
    rows: int
    blank_rows: int
    reader: str
    encoding: str | None
    sheet: str | None = None
    # View of the same rows with the computed values stored beside their text (see Computed).
    computed: str | None = None


def preview(path: Path, sheet: str | None = None, rows: int = PREVIEW_ROWS) -> Preview:
    kind = file_kind(path)
    if kind == "xlsx":
        name, sheet_rows = _xlsx_rows(path, sheet, limit=rows)
        return Preview(path, kind, [cells for _, cells in sheet_rows], sheet=name)
    if kind != "csv":
        raise UnreadableFile(f"{path.name}: a {kind} file is not a table of rows")
    encoding = text_encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as f:
        head = f.read(1 << 16)
    delimiter = _delimiter(head)
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    preview_rows, lines_through = [], []
    try:
        for record in reader:
            preview_rows.append([cell.strip() for cell in record])
            lines_through.append(reader.line_num)
            if len(preview_rows) >= rows:
                break
    except csv.Error:
        pass  # a preview cut mid-record; the rows before it are enough to find the header
    return Preview(path, kind, preview_rows, encoding, delimiter, None, lines_through)


def land_text_table(con: duckdb.DuckDBPyConnection, pv: Preview, header_index: int, name: str,
                    scratch: Path, computed: Computed | None = None) -> TextTable:
    """Land the file previewed as `pv` (header at preview row `header_index`) as view `name`.

    `computed` names values to parse from the text as it is read, in the same statement that
    stores it, so a large file's rows are stored once: the text and its typed values side by
    side, in view `<name>__computed`."""
    columns = unique_names(pv.rows[header_index])
    header_row = header_index + 1
    reader = "xlsx"
    encoding = pv.encoding
    if pv.kind == "xlsx":
        normalised = scratch / f"{name}.csv"
        _write_normalised(normalised, columns, _xlsx_data_rows(pv, header_row))
        stored = _read_normalised(con, normalised, columns, name, computed)
    else:
        reader = "fast"
        stored = None
        if pv.encoding in ("utf-8", "utf-8-sig"):
            stored = _fast_read(con, pv, header_index, columns, name, computed)
        if stored is None:
            reader = "tolerant"
            normalised = scratch / f"{name}.csv"
            encoding = _write_tolerant(pv, header_index, columns, normalised)
            stored = _read_normalised(con, normalised, columns, name, computed)
    clash = set(stored) & set(columns)
    if clash:
        raise UnreadableFile(f"{pv.path.name}: the header has columns named {sorted(clash)}, "
                             "which socialvalue keeps for its own use; rename them")
    text = ", ".join(["source_row", "extra_cells", *(ident(c) for c in columns)])
    # Cells are trimmed and NULL when empty, so a blank row is one whose every cell is NULL.
    filled = f"coalesce({', '.join(ident(c) for c in columns)}) is not null" if columns else "true"
    landed = ident(name + "__landed")
    con.execute(f"create or replace temp view {ident(name)} as "
                f"select {text} from {landed} where {filled}")
    with_computed = None
    if stored:
        with_computed = name + "__computed"
        con.execute(f"create or replace temp view {ident(with_computed)} as select {text}, "
                    f"{', '.join(ident(c) for c in stored)} from {landed} where {filled}")
    total = scalar(con, f"select count(*) from {landed}")
    rows = scalar(con, f"select count(*) from {ident(name)}")
    return TextTable(name, columns, header_row, rows, total - rows, reader, encoding, pv.sheet,
                     with_computed)


def unique_names(header: list[str]) -> list[str]:
    """Header cells as column names: blanks named by position, repeats numbered."""
    seen: dict[str, int] = {}
    names = []
    for position, cell in enumerate(header, start=1):
        base = " ".join(cell.split()) or f"column {position}"
        count = seen.get(base.lower(), 0)
        seen[base.lower()] = count + 1
        names.append(base if count == 0 else f"{base} ({count + 1})")
    return names


def _delimiter(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head[:8192], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _fast_read(con: duckdb.DuckDBPyConnection, pv: Preview, header_index: int,
               columns: list[str], name: str, computed: Computed | None) -> dict[str, str] | None:
    """DuckDB's parser on a well-formed file: the computed values it stored, or None when the
    file needs the tolerant reader."""
    skip = pv.lines_through[header_index]
    spec = "{" + ", ".join(f"{literal(c)}: 'VARCHAR'" for c in columns) + "}"
    cells = ", ".join(f"nullif({trimmed(ident(c))}, '') as {ident(c)}" for c in columns)
    # Trimmed once here, as the tolerant reader strips its cells, so no later stage trims again.
    source = (f"(select {cells} from read_csv({literal(str(pv.path))}, header=false, skip={skip},"
              f" delim={literal(pv.delimiter)}, quote='\"', escape='\"', columns={spec},"
              " auto_detect=false, strict_mode=true))")
    landed = ident(name + "__landed")
    raw = ident(name + "__raw")
    try:
        exprs = _computed_from_sample(con, source, name, columns, computed)
    except duckdb.Error:
        return None
    try:
        execute_with_progress(
            con, f"create or replace temp table {raw} as select *{_select_list(exprs)} "
                 f"from {source}", f"reading {pv.path.name}")
    except duckdb.Error:
        return None
    records = scalar(con, f"select count(*) from {raw}")
    # Blank lines and line breaks inside cells move rows away from DuckDB's record count; only a
    # file whose physical lines match it exactly keeps spreadsheet row numbers on this path.
    if _physical_lines(pv.path) != skip + records:
        con.execute(f"drop table {raw}")
        return None
    first_data_row = header_index + 2
    con.execute(
        f"create or replace temp view {landed} as select rowid + {first_data_row} as source_row,"
        f" null::varchar as extra_cells, * from {raw}"
    )
    return exprs


def _computed_from_sample(con: duckdb.DuckDBPyConnection, source: str, name: str,
                          columns: list[str], computed: Computed | None) -> dict[str, str]:
    """The computed values' SQL, learned from the first rows of `source`. A malformed line in
    those rows raises duckdb.Error before `computed` is asked."""
    if computed is None:
        return {}
    sample = ident(name + "__sample")
    con.execute(f"create or replace temp table {sample} as select * from {source} "
                f"limit {SAMPLE_ROWS}")
    try:
        return computed(name + "__sample", columns)
    finally:
        con.execute(f"drop table if exists {sample}")


def _select_list(exprs: dict[str, str]) -> str:
    return "".join(f", {sql} as {ident(column)}" for column, sql in exprs.items())


def _physical_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (0 if last == b"\n" else 1)


def _write_tolerant(pv: Preview, header_index: int, columns: list[str], out: Path) -> str:
    """Walk every row with Python's csv reader, which accepts any text, into a normalised CSV."""
    for encoding in dict.fromkeys([pv.encoding or "utf-8", "cp1252"]):
        try:
            _write_normalised(out, columns, _csv_data_rows(pv, header_index, encoding))
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{pv.path.name}: not readable as UTF-8 or Windows-1252 text")


def _csv_data_rows(pv: Preview, header_index: int, encoding: str):
    size = pv.path.stat().st_size or 1
    errors = "replace" if encoding == "cp1252" else "strict"
    with pv.path.open("r", encoding=encoding, errors=errors, newline="") as f:
        reader = csv.reader(f, delimiter=pv.delimiter)
        for row_number, record in enumerate(reader, start=1):
            if row_number <= header_index + 1:
                continue
            if row_number % 50_000 == 0:
                report(f"reading {pv.path.name}", f.buffer.tell() / size)
            yield row_number, record


def _write_normalised(out: Path, columns: list[str], rows) -> None:
    width = len(columns)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["source_row", "extra_cells", *columns])
        for row_number, cells in rows:
            cells = [cell.strip() for cell in cells]
            extra = [cell for cell in cells[width:] if cell]
            padded = (cells + [""] * width)[:width]
            writer.writerow([row_number, json.dumps(extra, ensure_ascii=False) if extra else "",
                             *padded])


def _read_normalised(con: duckdb.DuckDBPyConnection, path: Path, columns: list[str],
                     name: str, computed: Computed | None) -> dict[str, str]:
    spec = ", ".join(f"{literal(c)}: 'VARCHAR'" for c in ["extra_cells", *columns])
    source = (f"read_csv({literal(str(path))}, header=true, delim=',', quote='\"', escape='\"',"
              f" columns={{'source_row': 'BIGINT', {spec}}}, auto_detect=false, strict_mode=true,"
              f" nullstr='')")
    exprs = _computed_from_sample(con, source, name, columns, computed)
    execute_with_progress(
        con,
        f"create or replace temp table {ident(name + '__landed')} as "
        f"select *{_select_list(exprs)} from {source}",
        f"loading {path.name}",
    )
    return exprs


def _xlsx_rows(path: Path, sheet: str | None, limit: int | None = None):
    """(sheet name, [(spreadsheet row number, cells as text)]) from an XLSX workbook."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged workbook
        raise UnreadableFile(f"{path.name}: not a readable Excel workbook ({err})") from err
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UnreadableFile(f"{path.name}: has no sheet {sheet!r}; it has {book.sheetnames}")
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = []
        for row_number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            rows.append((row_number, [_cell_text(v) for v in values]))
            if limit is not None and len(rows) >= limit:
                break
        return ws.title, rows
    finally:
        book.close()


def _xlsx_data_rows(pv: Preview, header_row: int):
    _, rows = _xlsx_rows(pv.path, pv.sheet)
    for row_number, cells in rows:
        if row_number > header_row:
            yield row_number, cells


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()
