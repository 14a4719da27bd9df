"""Writing an extract as one XLSX workbook: a readme sheet first, then one sheet per table.

Each table sheet has its header in row 1 (frozen, with a filter) and one record per row below, so
the sheet loads into another system as it stands. Numbers are numbers (pounds shown to the penny,
ratios to two places), dates are dates, a hidden count is the text `c`, and no cell is ever a
formula: text that would read as one is made inert first (`safety.py`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dashboards.extracts.cells import spreadsheet_rows
from dashboards.extracts.dictionary import Column, Table
from dashboards.extracts.safety import inert

BOLD = Font(bold=True)
WARNING = Font(bold=True, color="9C0006")


def write_workbook(frames: dict[str, pd.DataFrame], tables: list[Table], readme: list[tuple],
                   path: Path, built_at: dt.datetime, sample: bool) -> Path:
    """`readme` is a list of (label, text) lines for the first sheet."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "readme"
    _readme(sheet, readme, sample)
    for table in tables:
        _table(wb.create_sheet(table.name), frames[table.name], table)
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


def _table(sheet, frame: pd.DataFrame, table: Table) -> None:
    sheet.append(table.names)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in spreadsheet_rows(frame, table):
        sheet.append([_text(v) if isinstance(v, str) else v for v in row])
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = min(max(len(column.name) + 2, 12), 60)
        style = _number_format(column)
        if style:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                if not isinstance(cell.value, str):
                    cell.number_format = style
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


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
