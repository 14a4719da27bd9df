"""Writing the sample's files reproducibly: CSV with a chosen encoding and line ending, XLSX with
fixed timestamps, so the same seed gives the same bytes."""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from openpyxl.writer.excel import ExcelWriter

FIXED_TIMESTAMP = dt.datetime(2025, 4, 30, 12, 0)


def bool_text(value: bool) -> str:
    return "true" if value else "false"


def write_csv(
    path: Path,
    header: list[str],
    rows: Iterable[list],
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    preamble: Iterable[str] = (),
) -> None:
    """Write a CSV file; ``preamble`` lines (junk above the header) are written verbatim."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        for line in preamble:
            handle.write(line + newline)
        writer = csv.writer(handle, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)


def save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save an XLSX file byte-for-byte reproducibly.

    openpyxl's own ``save`` stamps the current time into the document properties and into every
    zip entry, so we write through ``ExcelWriter`` ourselves and then re-pack the archive with a
    fixed timestamp.
    """
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
