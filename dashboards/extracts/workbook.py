"""Writing an extract as one XLSX workbook: a readme sheet first, then one sheet per table.

The workbook is for people: each table sheet has its headings in plain words in row 1 (frozen,
with a filter; the data dictionary sheet gives each heading's code name, which the CSV and
Parquet files use) and one record per row below. The accounts sheet, a handful of records with
dozens of figures each, reads down instead: one figure per row, label and value. Numbers are
numbers (pounds shown to the penny, ratios to two places), dates are dates, and no cell is ever
a formula: text that would read as one is made inert first (`safety.py`).

A hidden value is the text `[c]` with a note on the cell, as UK official statistics mark
confidential cells: it cannot be mistaken for a number, and `SUM` over the column adds the
published values only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dashboards.extracts.cells import spreadsheet_rows
from dashboards.extracts.dictionary import Column, Table
from dashboards.extracts.labels import heading
from dashboards.extracts.safety import inert
from dashboards.suppression import SYMBOL

BOLD = Font(bold=True)
WARNING = Font(bold=True, color="9C0006")
HIDDEN = "[c]"
HIDDEN_NOTE = ("[c] confidential: hidden because it is, or would give away, a count of fewer "
               "people than the publication threshold (see the readme sheet).")
LABEL_AND_VALUE = frozenset({"accounts"})   # sheets that read down: one figure per row


def write_workbook(frames: dict[str, pd.DataFrame], tables: list[Table], readme: list[tuple],
                   path: Path, built_at: dt.datetime, sample: bool,
                   base_year: int | None = None) -> Path:
    """`readme` is a list of (label, text) lines for the first sheet."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "readme"
    _readme(sheet, [*readme, ("Shorthand", "[c] confidential: a value hidden by small-number "
                              "suppression (a note on the cell says so). A blank cell: no "
                              "value."),
                    ("Headings", "Plain words; the data_dictionary sheet gives each heading's "
                                 "code name, as used in the CSV and Parquet files.")], sample)
    for table in tables:
        target = wb.create_sheet(table.name)
        if table.name in LABEL_AND_VALUE:
            _down(target, frames[table.name], table, base_year)
        else:
            _table(target, frames[table.name], table, base_year)
    wb.properties.creator = "socialvalue"
    wb.properties.title = readme[0][1] if readme else "socialvalue funder extract"
    wb.properties.created = built_at.replace(tzinfo=None)
    wb.save(path)
    return path


def _readme(sheet, lines: list[tuple], sample: bool) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110
    for label, text in lines:
        sheet.append([_text(label), _text(text)])
        row = sheet.max_row
        sheet.cell(row, 1).font = BOLD
        sheet.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if sample and label == "Sample data":
            sheet.cell(row, 1).font = WARNING
            sheet.cell(row, 2).font = WARNING


def _headings(table: Table, base_year: int | None) -> list[str]:
    """Plain headings, each unique in its sheet (the code name added where two would read
    alike)."""
    out = [heading(c, base_year) for c in table.columns]
    return [f"{h} [{c.name}]" if out.count(h) > 1 else h
            for h, c in zip(out, table.columns, strict=True)]


def _put(cell, value) -> None:
    """A value into a cell: `[c]` with its note for a hidden one."""
    if value == SYMBOL:
        cell.value = HIDDEN
        cell.comment = Comment(HIDDEN_NOTE, "socialvalue")
        cell.alignment = Alignment(horizontal="right")
    else:
        cell.value = _text(value) if isinstance(value, str) else value


def _table(sheet, frame: pd.DataFrame, table: Table, base_year: int | None) -> None:
    sheet.append(_headings(table, base_year))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(spreadsheet_rows(frame, table), start=2):
        for c, value in enumerate(row, start=1):
            _put(sheet.cell(r, c), value)
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = min(max(len(column.name) + 2, 14), 60)
        style = _number_format(column)
        if style:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                if not isinstance(cell.value, str):
                    cell.number_format = style
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _down(sheet, frame: pd.DataFrame, table: Table, base_year: int | None) -> None:
    """A table of few records and many columns, read down: a row per figure (its heading, its
    code name), a column per record (headed by its partnership and year)."""
    rows = spreadsheet_rows(frame, table)
    names = frame["partnership_name"].tolist() if "partnership_name" in frame else []
    years = frame["financial_year"].tolist() if "financial_year" in frame else []
    several = len(set(names)) > 1
    titles = [f"{n}, {y}" if several else str(y) for n, y in zip(names, years, strict=True)] \
        or [f"record {i + 1}" for i in range(len(rows))]
    sheet.append(["Figure", *titles, "Code name"])
    for cell in sheet[1]:
        cell.font = BOLD
    for i, (column, label) in enumerate(zip(table.columns, _headings(table, base_year),
                                            strict=True)):
        r = i + 2
        sheet.cell(r, 1, _text(label)).font = BOLD
        style = _number_format(column)
        for j, row in enumerate(rows, start=2):
            cell = sheet.cell(r, j)
            _put(cell, row[i])
            if style and not isinstance(cell.value, str):
                cell.number_format = style
        sheet.cell(r, len(rows) + 2, column.name)
    sheet.column_dimensions["A"].width = 52
    for j in range(2, len(rows) + 2):
        sheet.column_dimensions[get_column_letter(j)].width = 30
    sheet.column_dimensions[get_column_letter(len(rows) + 2)].width = 34
    sheet.freeze_panes = "B2"


def _number_format(column: Column) -> str | None:
    if column.type == "date":
        return "yyyy-mm-dd"
    if column.type == "integer":
        return "#,##0" if column.unit not in ("calendar year", "spreadsheet row") else "0"
    if column.type != "number":
        return None
    if column.name.endswith("_gbp"):
        return "#,##0.00"
    if column.name.startswith("sroi"):
        return "0.00"
    return None


def _text(value: str) -> str:
    # openpyxl refuses control characters; cells hold them as nothing rather than fail.
    return inert(ILLEGAL_CHARACTERS_RE.sub("", value))
