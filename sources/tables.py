"""Any CSV or XLSX file, landed in DuckDB as a table of text with its spreadsheet row numbers.

Every later stage works on this landed table: one row per data row of the file, every cell as the
text the council published without the spaces around it (NULL for an empty cell), `source_row` the
row number an analyst sees when opening the file in a spreadsheet, and `extra_cells` holding any
cells beyond the header's width (so nothing is lost).

Two readers produce it. The fast reader hands a well-formed UTF-8 CSV to DuckDB's own parser. Any
other file (Windows-1252, ragged rows, blank lines, stray quotes, XLSX) goes through the tolerant
reader, which walks the rows in Python and writes a normalised CSV for DuckDB. Both give the same
table; the fast reader only runs when a line count proves its row numbers exact.

The tolerant reader is strict about where a row ends. A quote opened and never closed, text after
a closing quote, a quoted cell that runs over lines that are rows of their own, or a line break in
an unquoted cell (one row split over two short lines) never joins lines silently: each line
concerned is read on its own, as its own row, and marked with the fault (`line_faults`), which
quarantines it. A file with no row of data below its header is refused: it must never replace
data already loaded.

A dataset's reader may also name typed values to parse as the text is read (`Computed`, learned
from the file's first rows): they are stored beside the text by the same statement, so a file of
millions of rows is stored once, not once as text and again as typed rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from basics.duck import ident, literal, scalar, strip_cell, trimmed
from basics.files import FileRefused, UnreadableFile, file_kind, text_encoding
from basics.limits import (
    MAX_CELL_CHARS,
    MAX_LINE_CHARS,
    MAX_RECORD_LINES,
    LimitExceeded,
    check_cells,
    check_columns,
    check_size,
    check_workbook,
    line_too_long,
)
from basics.progress import execute_with_progress, report

PREVIEW_ROWS = 40
DELIMITERS = ",;\t|"
SAMPLE_ROWS = 20_000
# Columns from which DuckDB's common-subexpression pass is skipped: its cost grows with the square
# of the columns (a 250-column file took seconds to plan), and one cell's expressions share
# nothing with another's.
WIDE_COLUMNS = 64
RESERVED = ("source_row", "extra_cells", "line_fault")
# Cells up to a line's length reach check_cells, which names the row and column of one too long.
csv.field_size_limit(MAX_LINE_CHARS)

# Why a line is read on its own (the quarantine's reason; it names no cell's contents).
UNCLOSED_QUOTE = "a quote opened on this line is not closed, so the line is read on its own"
AFTER_QUOTE = "text follows a closing quote on this line, so the line is read on its own"
SWALLOWING_QUOTE = ("a quoted cell on this line runs over the next line(s), which look like rows "
                    "of their own, so each line is read on its own")
SPLIT_ROW = "a line break in a cell that is not quoted splits one row over rows {} and {}"


class EmptyFile(FileRefused):
    """A file with no data below its header: it must never replace data already loaded."""

    @classmethod
    def below(cls, name: str, header_row: int) -> EmptyFile:
        return cls(f"{name}: no rows of data below the header (row {header_row}); an empty file "
                   "never replaces data already loaded")

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
    """A file read into DuckDB as text: view `name` has source_row, extra_cells and one column
    per header cell."""

    name: str
    columns: list[str]
    header_row: int
    rows: int
    blank_rows: int
    parser: str
    encoding: str | None
    sheet: str | None = None
    # View of the same rows with the computed values stored beside their text (see Computed).
    computed: str | None = None


def preview(path: Path, sheet: str | None = None, rows: int = PREVIEW_ROWS) -> Preview:
    check_size(path)
    kind = file_kind(path)
    if kind == "xlsx":
        check_workbook(path)
        name, sheet_rows = _xlsx_rows(path, sheet, limit=rows)
        return Preview(path, kind, [cells for _, cells in sheet_rows], sheet=name)
    if kind != "csv":
        raise UnreadableFile(f"{path.name}: a {kind} file is not a table of rows")
    encoding = text_encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as f:
        head = f.read(1 << 16)
    delimiter = _delimiter(head)
    lines = _Lines(io.StringIO(head, newline=""), path.name)
    preview_rows, lines_through = [], []
    # The rows as the full read will see them: a stray quote in the first rows must not join
    # lines here either, or the header's row number would differ between the two.
    for number, (record, _fault) in enumerate(_records(lines, delimiter), start=1):
        check_columns(path.name, number, len(record))
        preview_rows.append([strip_cell(cell) for cell in record])
        lines_through.append(lines.through)
        if len(preview_rows) >= rows:
            break
    return Preview(path, kind, preview_rows, encoding, delimiter, None, lines_through)


def read_text_table(con: duckdb.DuckDBPyConnection, pv: Preview, header_index: int, name: str,
                    scratch: Path, computed: Computed | None = None) -> TextTable:
    """Read the file previewed as `pv` (header at preview row `header_index`) as view `name`.

    `computed` names values to parse from the text as it is read, in the same statement that
    stores it, so a large file's rows are stored once: the text and its typed values side by
    side, in view `<name>__computed`. Lines the tolerant reader read on their own are listed,
    with the reason, by `line_faults`."""
    columns = unique_names(pv.rows[header_index])
    header_row = header_index + 1
    reserved = sorted(set(RESERVED) & {c.lower() for c in columns})
    if reserved:
        raise UnreadableFile(f"{pv.path.name}: the header has columns named {reserved}, which "
                             "socialvalue keeps for its own use; rename them")
    parser = "xlsx"
    encoding = pv.encoding
    with _planning_wide(con, len(columns)):
        if pv.kind == "xlsx":
            normalised = scratch / f"{name}.csv"
            _write_normalised(normalised, columns, _xlsx_data_rows(pv, header_row))
            stored = _read_normalised(con, normalised, columns, name, computed)
        else:
            parser = "fast"
            stored = None
            if pv.encoding in ("utf-8", "utf-8-sig"):
                stored = _fast_read(con, pv, header_index, columns, name, computed)
            if stored is None:
                parser = "tolerant"
                normalised = scratch / f"{name}.csv"
                encoding = _write_tolerant(pv, header_index, columns, normalised)
                stored = _read_normalised(con, normalised, columns, name, computed)
    clash = set(stored) & set(columns)
    if clash:
        raise UnreadableFile(f"{pv.path.name}: the header has columns named {sorted(clash)}, "
                             "which socialvalue keeps for its own use; rename them")
    text = ", ".join(["source_row", "extra_cells", *(ident(c) for c in columns)])
    # Cells are trimmed and NULL when empty, so a blank row is one whose every cell is NULL (cells
    # beyond the header's width too); a line read on its own because of a fault is kept even when
    # it has no text.
    filled = f"coalesce({', '.join(ident(c) for c in columns)}) is not null" if columns else "true"
    filled = f"({filled} or extra_cells is not null or line_fault is not null)"
    landed = ident(name + "__landed")
    con.execute(f"create or replace temp view {ident(name)} as "
                f"select {text} from {landed} where {filled}")
    con.execute(f"create or replace temp view {ident(name + '__faults')} as "
                f"select source_row, line_fault from {landed} where line_fault is not null")
    with_computed = None
    if stored:
        with_computed = name + "__computed"
        con.execute(f"create or replace temp view {ident(with_computed)} as select {text}, "
                    f"{', '.join(ident(c) for c in stored)} from {landed} where {filled}")
    total = scalar(con, f"select count(*) from {landed}")
    rows = scalar(con, f"select count(*) from {ident(name)}")
    if rows == 0:
        raise EmptyFile.below(pv.path.name, header_row)
    return TextTable(name, columns, header_row, rows, total - rows, parser, encoding, pv.sheet,
                     with_computed)




@contextmanager
def _planning_wide(con: duckdb.DuckDBPyConnection, columns: int) -> Iterator[None]:
    """Plan a wide file's statements without the pass whose cost grows with the square of its
    columns (see WIDE_COLUMNS)."""
    if columns < WIDE_COLUMNS:
        yield
        return
    before = scalar(con, "select current_setting('disabled_optimizers')")
    con.execute("set disabled_optimizers = 'common_subexpressions'")
    try:
        yield
    finally:
        con.execute(f"set disabled_optimizers = {literal(before or '')}")


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
              f" auto_detect=false, strict_mode=true, max_line_size={MAX_CELL_CHARS}))")
    # A longer line is left to the tolerant reader, which checks each cell against the limit.
    landed = ident(name + "__landed")
    raw = ident(name + "__raw")
    try:
        exprs, whole = _computed_from_sample(con, source, name, columns, computed)
    except duckdb.Error:
        return None
    # A file no longer than the sample was read whole by it: its rows, in the file's order, are
    # stored from the sample instead of reading the file again.
    sample = ident(name + "__sample")
    try:
        execute_with_progress(
            con, f"create or replace temp table {raw} as select *{_select_list(exprs)} "
                 f"from {sample if whole else source}", f"reading {pv.path.name}")
    except duckdb.Error:
        return None
    finally:
        con.execute(f"drop table if exists {sample}")
    records = scalar(con, f"select count(*) from {raw}")
    # Blank lines and line breaks inside cells move rows away from DuckDB's record count; only a
    # file whose physical lines match it exactly keeps spreadsheet row numbers on this path.
    if _physical_lines(pv.path) != skip + records:
        con.execute(f"drop table {raw}")
        return None
    first_data_row = header_index + 2
    con.execute(
        f"create or replace temp view {landed} as select rowid + {first_data_row} as source_row,"
        f" null::varchar as extra_cells, null::varchar as line_fault, * from {raw}"
    )
    return exprs


def _computed_from_sample(con: duckdb.DuckDBPyConnection, source: str, name: str,
                          columns: list[str], computed: Computed | None
                          ) -> tuple[dict[str, str], bool]:
    """The computed values' SQL, learned from the first rows of `source`, kept in table
    `<name>__sample` (the caller drops it); and whether those rows are all of `source`. A
    malformed line in those rows raises duckdb.Error before `computed` is asked."""
    if computed is None:
        return {}, False
    sample = ident(name + "__sample")
    try:
        con.execute(f"create or replace temp table {sample} as select * from {source} "
                    f"limit {SAMPLE_ROWS}")
        whole = scalar(con, f"select count(*) from {sample}") < SAMPLE_ROWS
        return computed(name + "__sample", columns), whole
    except BaseException:
        con.execute(f"drop table if exists {sample}")
        raise


def _select_list(exprs: dict[str, str]) -> str:
    return "".join(f", {sql} as {ident(column)}" for column, sql in exprs.items())


def _physical_lines(path: Path) -> int:
    """The file's lines as a spreadsheet and the tolerant reader count them: ended by \\n, \\r\\n
    or a lone \\r (which DuckDB's parser does not count as a line of its own)."""
    lines = 0
    last = b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk[:1] == b"\n":
                lines -= 1  # a \r\n split between two chunks was counted twice
            last = chunk[-1:]
    return lines + (0 if last in (b"\n", b"\r") else 1)


def _write_tolerant(pv: Preview, header_index: int, columns: list[str], out: Path) -> str:
    """Walk every row with Python's csv reader, strict about where rows end, into a normalised
    CSV."""
    fallback = ["cp1252"] if (pv.encoding or "utf-8").startswith("utf-8") else []
    for encoding in dict.fromkeys([pv.encoding or "utf-8", *fallback]):
        try:
            _write_normalised(out, columns, _csv_data_rows(pv, header_index, encoding))
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{pv.path.name}: not readable as {pv.encoding or 'UTF-8'} or "
                         "Windows-1252 text")


def _csv_data_rows(pv: Preview, header_index: int, encoding: str):
    """(row number, cells, fault) for every row below the header."""
    size = pv.path.stat().st_size or 1
    errors = "replace" if encoding == "cp1252" else "strict"
    named = _named_width(pv.rows[header_index])
    with pv.path.open("r", encoding=encoding, errors=errors, newline="") as f:
        lines = _Lines(f, pv.path.name)
        rows = enumerate(_records(lines, pv.delimiter, named), start=1)
        below = ((n, cells, fault) for n, (cells, fault) in rows if n > header_index + 1)
        for row_number, cells, fault in _split_rows(below, named):
            check_cells(pv.path.name, row_number, cells)
            if row_number % 50_000 == 0:
                report(f"reading {pv.path.name}", f.buffer.tell() / size)
            yield row_number, cells, fault


def _named_width(header: list[str]) -> int:
    """Cells up to the header's last named one (trailing blank header cells are not columns a
    row must fill)."""
    return max((i for i, cell in enumerate(header, start=1) if strip_cell(cell)), default=0)


class _RecordTooLong(Exception):
    """A record ran over more lines than one row may (MAX_RECORD_LINES)."""


class _Lines:
    """The physical lines of a text file, for csv.reader; lines read as part of a record found
    malformed can be handed out again, so each is read on its own."""

    def __init__(self, f, file_name: str):
        self.f = f
        self.file_name = file_name
        self.again: deque[str] = deque()
        self.record: list[str] = []  # the lines of the record being read
        self.read = 0  # lines read from the file (handed out again or not)

    @property
    def through(self) -> int:
        """Physical lines consumed up to the end of the last record."""
        return self.read - len(self.again)

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if len(self.record) >= MAX_RECORD_LINES:
            raise _RecordTooLong
        if self.again:
            line = self.again.popleft()
        else:
            line = self.f.readline(MAX_LINE_CHARS + 1)
            if not line:
                raise StopIteration
            self.read += 1
            if len(line) > MAX_LINE_CHARS:
                raise line_too_long(self.file_name, self.read)
        self.record.append(line)
        return line

    def read_again(self, lines: list[str]) -> None:
        self.again.extendleft(reversed(lines))


def _records(lines: _Lines, delimiter: str, width: int | None = None
             ) -> Iterator[tuple[list[str], str | None]]:
    """(cells, fault) for each record of `lines`: a fault when a record could not be read as
    written, and its first line is then read alone (and the lines after it as records anew)."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        lines.record = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LimitExceeded:
            raise
        except (csv.Error, _RecordTooLong) as err:
            if "field larger than field limit" in str(err):
                raise LimitExceeded(f"{lines.file_name}: a cell near line {lines.through + 1} "
                                    "is larger than a spreadsheet cell can be") from err
            fault = AFTER_QUOTE if "expected after" in str(err) else UNCLOSED_QUOTE
            yield _read_alone(lines, delimiter), fault
            continue
        if len(lines.record) > 1 and not _spans_lines_plausibly(cells, delimiter, width):
            yield _read_alone(lines, delimiter), SWALLOWING_QUOTE
            continue
        yield cells, None


def _read_alone(lines: _Lines, delimiter: str) -> list[str]:
    """The first line of the record being read, as cells on its own; its other lines are read
    again."""
    first, rest = lines.record[0], lines.record[1:]
    lines.read_again(rest)
    return next(csv.reader([first], delimiter=delimiter), [])


def _spans_lines_plausibly(cells: list[str], delimiter: str, width: int | None) -> bool:
    """Whether a record over several lines is one row with a quoted cell holding line breaks
    (an address, a note), rather than a stray quote swallowing rows: it has no more cells than
    the header names, and no cell holding a line break holds a row's worth of separators (a
    quote that swallows whole lines takes their separators into its cell)."""
    if width is None:
        return True
    if len(cells) > width:
        return False
    return not any(cell.count(delimiter) >= width - 1
                   for cell in cells if "\n" in cell or "\r" in cell)


def _split_rows(rows, width: int):
    """Rows, with a row split by a line break in an unquoted cell found: two consecutive short
    single rows whose cells add up to one more than the header's are one row broken in two."""
    held = None
    for row in rows:
        if held is not None:
            number, cells, fault = held
            if fault is None and row[2] is None and 0 < len(row[1]) < width and \
                    len(cells) + len(row[1]) == width + 1 and row[0] == number + 1:
                split = SPLIT_ROW.format(number, row[0])
                yield number, cells, split
                yield row[0], row[1], split
                held = None
                continue
            yield held
            held = None
        if row[2] is None and 0 < len(row[1]) < width:
            held = row
        else:
            yield row
    if held is not None:
        yield held


def _write_normalised(out: Path, columns: list[str], rows) -> None:
    width = len(columns)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["source_row", "extra_cells", "line_fault", *columns])
        for row_number, cells, fault in rows:
            cells = [strip_cell(cell) for cell in cells]
            extra = [cell for cell in cells[width:] if cell]
            padded = (cells + [""] * width)[:width]
            writer.writerow([row_number, json.dumps(extra, ensure_ascii=False) if extra else "",
                             fault or "", *padded])


def _read_normalised(con: duckdb.DuckDBPyConnection, path: Path, columns: list[str],
                     name: str, computed: Computed | None) -> dict[str, str]:
    spec = ", ".join(f"{literal(c)}: 'VARCHAR'"
                     for c in ["extra_cells", "line_fault", *columns])
    source = (f"read_csv({literal(str(path))}, header=true, delim=',', quote='\"', escape='\"',"
              f" columns={{'source_row': 'BIGINT', {spec}}}, auto_detect=false, strict_mode=true,"
              f" nullstr='')")
    try:
        exprs, _ = _computed_from_sample(con, source, name, columns, computed)
        con.execute(f"drop table if exists {ident(name + '__sample')}")
        execute_with_progress(
            con,
            f"create or replace temp table {ident(name + '__landed')} as "
            f"select *{_select_list(exprs)} from {source}",
            f"loading {path.name}",
        )
    finally:
        # The scratch copy is read into DuckDB: it is not kept (it holds the whole file).
        path.unlink(missing_ok=True)
    return exprs


def _xlsx_rows(path: Path, sheet: str | None, limit: int | None = None):
    """(sheet name, [(spreadsheet row number, cells as text)]) of a workbook's first rows."""
    rows = []
    with _open_sheet(path, sheet) as (title, sheet_rows):
        for row in sheet_rows:
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    return title, rows


@contextmanager
def _open_sheet(path: Path, sheet: str | None):
    """(sheet name, iterator of (row number, cells as text)): the rows stream from the workbook,
    never all held at once; trailing empty cells are dropped and each row's width checked."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged workbook
        raise UnreadableFile(f"{path.name}: not a readable Excel workbook "
                             f"({type(err).__name__})") from err
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UnreadableFile(f"{path.name}: has no sheet {sheet!r}; it has {book.sheetnames}")
        ws = book[sheet] if sheet else book.worksheets[0]

        def rows():
            try:
                for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True),
                                                start=1):
                    cells = [_cell_text(v) for v in values]
                    while cells and not cells[-1]:
                        cells.pop()
                    check_cells(path.name, number, cells)
                    yield number, cells
            except FileRefused:
                raise
            except Exception as err:  # damaged or hostile XML inside the workbook
                raise UnreadableFile(f"{path.name}: the sheet {ws.title!r} cannot be read "
                                     f"({type(err).__name__})") from err

        yield ws.title, rows()
    finally:
        book.close()


def _xlsx_data_rows(pv: Preview, header_row: int):
    with _open_sheet(pv.path, pv.sheet) as (_, rows):
        for row_number, cells in rows:
            if row_number > header_row:
                yield row_number, cells, None


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
        if value.is_integer():
            return str(int(value))
        # As a spreadsheet shows it (15 significant digits): Excel stores 1234.56 as
        # 1234.5599999999999, which is not the amount anyone typed.
        shown = f"{value:.15g}"
        return shown if "e" not in shown else repr(value)
    return strip_cell(str(value))
