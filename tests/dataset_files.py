"""Helpers for tests of the non-spend datasets: read a sample file as Python sees it, write a
changed copy, receive files through the intake (real Dagster runs), and read back the results."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook, load_workbook

import samples
from basics.duck import records
from basics.settings import Paths
from pipelines.intake import load_outcomes, load_reference, receive_outcomes, receive_reference
from sources.catalogue import catalogue_scope
from sources.tabular import TableDataset, table_reader
from warehouse.connection import read_only, writer
from warehouse.ingest import ingest_file

SAMPLE = samples.DATA


def table_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header, data rows) of a CSV file or of an XLSX file's `Return` (else first) sheet."""
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book["Return"] if "Return" in book.sheetnames else book.worksheets[0]
        rows = [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    return rows[0], [r for r in rows[1:] if any(cell.strip() for cell in r)]


def as_dicts(path: Path) -> list[dict[str, str]]:
    header, rows = table_rows(path)
    return [dict(zip(header, row, strict=False)) for row in rows]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        book = Workbook()
        book.active.title = "Notes"
        book.active.append(["Read the Return sheet"])
        sheet = book.create_sheet("Return")
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([header, *rows])
    return path


def changed_copy(sample: Path, out: Path, row: int | None = None, column: str | None = None,
                 value: str | None = None, drop_column: str | None = None) -> Path:
    """A copy of `sample` with the cell at spreadsheet `row` of `column` set to `value`, or with
    `drop_column` removed."""
    header, rows = table_rows(sample)
    rows = [list(r) for r in rows]
    if row is not None:
        rows[row - 2][header.index(column)] = value
    if drop_column is not None:
        at = header.index(drop_column)
        header = header[:at] + header[at + 1:]
        rows = [r[:at] + r[at + 1:] for r in rows]
    return write_rows(out, header, rows)


def ingest(dataset: str, *paths: Path, partnership: str | None = None,
           force: bool = False) -> list[dict]:
    """Receive and load files as `socialvalue ingest` does: one summary per file."""
    if dataset == "outcomes":
        return load_outcomes([receive_outcomes(p, partnership) for p in paths], force)
    return load_reference(dataset, [receive_reference(dataset, p) for p in paths])


def seed(home: Paths, dataset: TableDataset, path: Path) -> None:
    """Load a register straight into the warehouse, without a Dagster run: for tests of the
    datasets that are checked against it."""
    scope = catalogue_scope(path, home.tmp) if dataset.target.scope_column else None
    with writer(home.warehouse) as con:
        ingest_file(con, dataset.target.dataset, path, table_reader(dataset, home.tmp), scope)


def quarantined(home: Paths, load_id: str) -> dict[int, dict[str, str | None]]:
    """{source_row: {rule: value as published}} of a load's quarantined rows."""
    with read_only(home.warehouse) as con:
        rows = records(con, "select source_row, failures from meta.quarantine where load_id = ?",
                       [load_id])
    return {r["source_row"]: {f["rule"]: f["raw_value"] for f in r["failures"]} for r in rows}


def staged(home: Paths, sql: str, params: list | None = None) -> list[dict]:
    with read_only(home.warehouse) as con:
        return records(con, sql, params)
