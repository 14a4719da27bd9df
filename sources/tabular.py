"""Reading a register-like file (CSV or XLSX) for one dataset, the way spend files are read.

The file lands as a table of text with its spreadsheet row numbers (sources/tables.py), its
header found and its columns mapped (sources/headers.py); the dataset's own SQL then types the
cells and works out the facts its rules need. A workbook is read from its first sheet, or from
the sheet named "Return" when it has one (the outcome-return template puts guidance on a second
sheet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandera.pandas as pa

from basics.cells import Cells
from basics.duck import ident
from basics.files import file_kind
from basics.progress import execute_with_progress
from loading.contract import UNSCOPED, Prepared, Reader, Target
from loading.datasets import Scoper
from schemas.rules import Rule
from sources.headers import Column, find_header
from sources.tables import preview, read_text_table

RETURN_SHEET = "return"


@dataclass(frozen=True)
class FileTable:
    """A file read into DuckDB as text: view `name` (source_row, extra_cells, one text column
    per header cell), which column holds each field, and what was detected on the way."""

    name: str
    columns: dict[str, str]
    detected: dict = field(default_factory=dict)

    @property
    def cells(self) -> Cells:
        return Cells(self.columns)


@dataclass(frozen=True)
class TableDataset:
    """How one register-like dataset is read and where its rows go.

    `typed_sql(cells, landed)` is the SELECT turning the landed view into typed rows (with the raw
    text and rule facts beside them); `check(con, typed, path)`, if any, refuses a file that is
    wrong as a whole."""

    what: str
    columns: tuple[Column, ...]
    typed_sql: Callable[[Cells, str], str]
    target: Target
    schema: pa.DataFrameSchema
    rules: dict[str, Rule]
    check: Callable[[duckdb.DuckDBPyConnection, str, Path], None] | None = None


def typed_select(landed: str, cells: str, facts: str = "") -> str:
    """The typed rows of landed view `landed`, in file order: each row's spreadsheet number and
    extra cells, its typed `cells` (a SELECT list, `Cells.select`), and `facts`, the expressions
    over those the dataset's rules check (a SELECT list, or nothing)."""
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {cells}
    from {landed}
)
select *{"," if facts else ""}
    {facts}
from parsed
order by source_row
"""


def fields(columns: Sequence[Column]) -> list[str]:
    """The dataset's fields, in declaration order (its staged columns, when they are the same)."""
    return [column.field for column in columns]


def table_reader(dataset: TableDataset, scratch: Path) -> Reader:
    """A reader of `dataset`'s files, for warehouse.ingest.ingest_file (one unpartitioned load)."""

    def read(con: duckdb.DuckDBPyConnection, path: Path, stem: str) -> Prepared:
        landed = read_file_table(con, path, stem, dataset.columns, dataset.what, scratch)
        typed = create_typed(con, stem, dataset.typed_sql(landed.cells, ident(landed.name)),
                             path)
        if dataset.check:
            dataset.check(con, typed, path)
        return Prepared(typed, landed.name, dataset.target, dataset.schema, dataset.rules,
                        [UNSCOPED], None, landed.detected)

    return read


def read_file_table(con: duckdb.DuckDBPyConnection, path: Path, stem: str,
                    columns: Sequence[Column], what: str, scratch: Path) -> FileTable:
    """Read `path` as view `<stem>_rows`, refusing it if its header lacks a required column."""
    pv = preview(path, sheet=sheet_to_read(path))
    header = find_header(pv, columns, what)
    table = read_text_table(con, pv, header.index, f"{stem}_rows", scratch)
    return FileTable(table.name, header.columns, {
        "parser": table.parser, "encoding": table.encoding, "sheet": table.sheet,
        "delimiter": pv.delimiter if pv.kind == "csv" else None, "header_row": table.header_row,
        "columns": header.columns, "unmapped_columns": header.unmapped,
        "data_rows": table.rows, "blank_rows": table.blank_rows})


def create_typed(con: duckdb.DuckDBPyConnection, stem: str, select: str, path: Path) -> str:
    typed = f"{stem}_typed"
    execute_with_progress(con, f"create temp table {ident(typed)} as {select}",
                          f"parsing {path.name}")
    return typed


def scoped_by(dataset: TableDataset, scope: Callable[[Path], str] = lambda path: UNSCOPED
              ) -> Scoper:
    """A dataset's scoper: the file landed alone (refused at the door if it cannot be read as
    `dataset`), then `scope` of its path; by default `all`, a file replacing the whole dataset."""

    def scope_of(path: Path, scratch: Path) -> str:
        with read_alone(path, dataset.columns, dataset.what, scratch):
            return scope(path)

    return scope_of


@contextmanager
def read_alone(path: Path, columns: Sequence[Column], what: str,
                 scratch: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, FileTable]]:
    """The file read into a throwaway in-memory database: for deciding, before a file is
    received, what it reports on (and refusing it at the door if it cannot be read)."""
    with duckdb.connect() as con:
        yield con, read_file_table(con, path, "planned", columns, what, scratch)


def sheet_to_read(path: Path) -> str | None:
    """The workbook's sheet named "Return" if it has one; otherwise None (its first sheet)."""
    if file_kind(path) != "xlsx":
        return None
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # a damaged workbook: preview() refuses it with the reason
        return None
    try:
        return next((s for s in book.sheetnames if s.strip().lower() == RETURN_SHEET), None)
    finally:
        book.close()
