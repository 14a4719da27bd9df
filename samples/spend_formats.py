"""The four councils' ways of publishing spend: file names, headers, encodings, date and money
forms, and the departments each council prints (tables/service_departments.csv)."""

import datetime as dt
import random
from pathlib import Path
from typing import ClassVar

import openpyxl

from samples import table_files as tables
from samples.dates import FY_MONTHS, MONTH_ABBR, MONTH_NAMES, QUARTERS, excel_serial
from samples.money import pounds, pounds_with_commas
from samples.spend_lines import Fault, Line, Row
from samples.writing import save_workbook, write_csv

_DEPARTMENTS = tables.rows("service_departments.csv")
PLYMOUTH_DIRECTORATES = {row["service"]: row["plymouth_directorate"] for row in _DEPARTMENTS}
LEICESTERSHIRE_DEPARTMENTS = {
    row["service"]: row["leicestershire_department"] for row in _DEPARTMENTS
}
CROYDON_DIVISIONS = {row["service"]: row["croydon_division"] for row in _DEPARTMENTS}
# Plymouth prefixes each expense type with its ledger group, by kind of payee.
PLYMOUTH_GL_GROUPS = {
    row["kind"]: row["group"] for row in tables.rows("plymouth_ledger_groups.csv")
}


class SpendFormat:
    """One council's way of publishing spend. Subclasses render rows and write files."""

    council = ""
    header: tuple[str, ...] = ()
    fields: ClassVar[dict[str, str]] = {}  # logical field -> column name
    header_row = 1
    encoding: str | None = "utf-8"
    file_format = "csv"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counter = 0

    def periods(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """(period label, months) for each file; monthly unless overridden."""
        return [(f"{y}-{m:02d}", [(y, m)]) for y, m in FY_MONTHS]

    def file_name(self, period: str, months: list[tuple[int, int]]) -> str:
        raise NotImplementedError

    def next_txn(self) -> str:
        raise NotImplementedError

    def render(self, line: Line, txn: str) -> list:
        raise NotImplementedError

    def write(self, path: Path, rows: list[list], period: str) -> None:
        raise NotImplementedError

    def prepare(self, rows: list[Row]) -> None:
        """Hook for format quirks that need the final row order."""

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


class OldhamFormat(SpendFormat):
    """Oldham: monthly UTF-8 CSV with a byte-order mark, dd/mm/yyyy dates, net amounts."""

    council = "oldham"
    header = (
        "Body Name", "Service Area", "Expenses Type", "Invoice Payment Date",
        "Transaction Number", "Net Amount", "Supplier Name", "Charity Number",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Supplier Name", "amount": "Net Amount",
        "date": "Invoice Payment Date", "txn": "Transaction Number",
    }
    encoding = "utf-8-sig"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 1_900_230_000

    def file_name(self, period, months):
        return f"spend/oldham/oldham-spend-{period}.csv"

    def next_txn(self):
        self.counter += self.rng.randint(1, 40)
        return str(self.counter)

    def render(self, line, txn):
        if line.amount_text is not None:
            amount = line.amount_text
        elif line.commas:
            amount = pounds_with_commas(line.net)
        else:
            amount = pounds(line.net)
        return [
            "Oldham Council", line.service, line.expense,
            line.date_text or line.paid.strftime("%d/%m/%Y"), txn, amount, line.payee.name,
            line.payee.charity_number,
        ]

    def write(self, path, rows, period):
        write_csv(path, list(self.header), rows, encoding="utf-8-sig", newline="\r\n")


def plymouth_money(pence: int) -> str:
    """'£1,234.56', or '(£250.00)' for a negative amount."""
    text = "£" + pounds_with_commas(abs(pence))
    return f"({text})" if pence < 0 else text


class PlymouthFormat(SpendFormat):
    """Plymouth: monthly Windows-1252 CSV, junk above the header, d-Mon-yy, gross/VAT/net."""

    council = "plymouth"
    header = (
        "Authority Name", "Date of Payment", "SAP Document Number", "Gross", "VAT", "Net",
        "Supplier Name", "Directorate", "G/L description.",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Supplier Name", "amount": "Net", "date": "Date of Payment",
        "txn": "SAP Document Number",
    }
    header_row = 4  # two junk lines and a blank line come first
    encoding = "cp1252"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 5_100_410_000

    def file_name(self, period, months):
        year, month = months[0]
        return f"spend/plymouth/Plymouth payments over 500 - {MONTH_NAMES[month - 1]} {year}.csv"

    def next_txn(self):
        self.counter += self.rng.randint(1, 60)
        return str(self.counter)

    def render(self, line, txn):
        day = line.date_text or f"{line.paid.day}-{MONTH_ABBR[line.paid.month - 1]}-{line.paid:%y}"
        return [
            "Plymouth City Council", day, txn, plymouth_money(line.net + line.vat),
            plymouth_money(line.vat), plymouth_money(line.net), line.payee.name,
            PLYMOUTH_DIRECTORATES[line.service],
            f"{PLYMOUTH_GL_GROUPS[line.payee.kind]} - {line.expense}",
        ]

    def write(self, path, rows, period):
        year, month = int(period[:4]), int(period[5:])
        preamble = (
            "Plymouth City Council",
            f"Payments over £500 - {MONTH_NAMES[month - 1]} {year}",
            "",
        )
        write_csv(path, list(self.header), rows, encoding="cp1252", newline="\r\n",
                  preamble=preamble)


class LeicestershireFormat(SpendFormat):
    """Leicestershire: quarterly UTF-8 CSV, ISO dates, trailing minus, 3 empty trailing columns."""

    council = "leicestershire"
    header = (
        "Department", "Service", "Expenditure Category", "Payment Date", "Payment Reference",
        "Supplier", "Amount (£)", "Company Number", "Charity Number", "", "", "",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Supplier", "amount": "Amount (£)", "date": "Payment Date",
        "txn": "Payment Reference",
    }

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 30_114_000

    def periods(self):
        return [(f"2024-25 {q}", months) for q, months in QUARTERS.items()]

    def file_name(self, period, months):
        return f"spend/leicestershire/LCC_spend_2024-25_{period[-2:]}.csv"

    def next_txn(self):
        self.counter += self.rng.randint(1, 30)
        return str(self.counter)

    def render(self, line, txn):
        amount = pounds(-line.net) + "-" if line.net < 0 else pounds(line.net)
        return [
            LEICESTERSHIRE_DEPARTMENTS[line.service], line.service, line.expense,
            line.paid.isoformat(), txn, line.payee.name, amount, line.payee.company_number,
            line.payee.charity_number, "", "", "",
        ]

    def write(self, path, rows, period):
        write_csv(path, list(self.header), rows)


class CroydonFormat(SpendFormat):
    """Croydon: monthly XLSX, title above the header, Excel dates (two as bare serials)."""

    council = "croydon"
    header = (
        "Service Division", "Expense Area", "Date Paid", "Transaction Ref", "Vendor Name",
        "Amount Paid", "VAT Recoverable", "Purpose",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Vendor Name", "amount": "Amount Paid", "date": "Date Paid",
        "txn": "Transaction Ref",
    }
    header_row = 3
    encoding = None
    file_format = "xlsx"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 4_100

    def file_name(self, period, months):
        return f"spend/croydon/croydon-spend-{period}.xlsx"

    def next_txn(self):
        self.counter += self.rng.randint(1, 25)
        return f"CR-{self.counter:06d}"

    def prepare(self, rows):
        """Two clean lines per file carry their date as a bare serial number."""
        clean = [
            row for row in rows
            if not row.line.faults and not row.line.duplicated and not row.copy
        ]
        for row in self.rng.sample(clean, 2):
            row.line.serial_date = True
            row.line.faults.append(Fault("serial_date", "date"))

    def render(self, line, txn):
        paid = excel_serial(line.paid) if line.serial_date else line.paid
        return [
            CROYDON_DIVISIONS[line.service], line.expense, paid, txn, line.payee.name,
            line.net / 100, line.vat / 100, line.purpose,
        ]

    def write(self, path, rows, period):
        year, month = int(period[:4]), int(period[5:])
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Spend"
        ws["A1"] = (
            f"London Borough of Croydon - Expenditure over £500 - {MONTH_NAMES[month - 1]} {year}"
        )
        for col, name in enumerate(self.header, start=1):
            ws.cell(row=self.header_row, column=col, value=name)
        for r, values in enumerate(rows, start=self.first_data_row):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
                elif c in (6, 7):
                    cell.number_format = "#,##0.00"
        for letter, width in zip("ABCDEFGH", (44, 36, 12, 14, 48, 14, 16, 48), strict=True):
            ws.column_dimensions[letter].width = width
        save_workbook(wb, path)


SPEND_FORMATS = (OldhamFormat, PlymouthFormat, LeicestershireFormat, CroydonFormat)
