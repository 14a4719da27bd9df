"""A whole council history loads in one command: 38 monthly files from December 2010, whose
headers and date forms change over the years as a real council's did.

The layouts are real ones: the header variants ODI Leeds recorded for Harrogate and Wakefield
over the years (their `index.json` column maps), with the date forms councils use. The lines are
generated (seeded), with the faults real files have: a zero amount, a blank supplier, a repeated
line, a refund. The expected figures are worked out from the files with csv and Decimal.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from basics.duck import records
from socialvalue.cli import app
from warehouse.connection import read_only


@dataclass(frozen=True)
class Layout:
    """One era of the council's files: its headers (date, supplier, amount, reference, other)
    and how it writes dates and refunds."""

    header: tuple[str, str, str, str, str]
    date_form: str
    brackets: bool = False


LAYOUTS = [
    Layout(("Date paid", "Supplier name", "Net amount", "Transaction No.", "Expense Area"),
           "%d/%m/%Y"),
    Layout(("DatePaid", "SupplierName", "NetAmount", "TransNo", "ServiceLabel"), "%d-%b-%y",
           brackets=True),
    Layout(("Pay date", "Benificiary Name", "Net Amount £", "Transaction Ref",
            "Service Label(T)"), "%Y-%m-%d 00:00:00"),
    Layout(("Payment Date", "Supplier Name(T)", "Net Amount", "Document Number", "Narrative"),
           "%A, %d %B %Y"),
]
SUPPLIERS = ["Harrogate Homeless Project", "Yorkshire Water Services Ltd", "Nidd Valley CIC",
             "Knaresborough Building Supplies Ltd", "REDACTED PERSONAL DATA",
             "Age UK North Yorkshire", "Ripon City Council", "Dales Fuel Ltd"]
SERVICES = ["Housing", "Parks", "Waste", "Leisure", "Planning"]


def month_list(first: dt.date, count: int) -> list[dt.date]:
    out = []
    for i in range(count):
        index = first.year * 12 + first.month - 1 + i
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return out


def write_history(folder: Path) -> list[tuple[Path, Layout, dt.date]]:
    rng = random.Random(2010)
    files = []
    for i, month in enumerate(month_list(dt.date(2010, 12, 1), 38)):
        layout = LAYOUTS[min(i // 10, 3)]
        last = calendar.monthrange(month.year, month.month)[1]
        rows = []
        for n in range(rng.randint(15, 40)):
            day = month.replace(day=rng.randint(1, last))
            pence = rng.randint(50_00, 250_000_00)
            amount = Decimal(pence) / 100
            if n == 3:
                amount = -amount  # a refund
            text = (f"({-amount:,.2f})" if layout.brackets and amount < 0 else f"{amount:.2f}")
            rows.append([day.strftime(layout.date_form), rng.choice(SUPPLIERS), text,
                         f"{month:%y%m}{n:04d}", rng.choice(SERVICES)])
        rows[5][2] = "0.00"  # not a payment: quarantined
        rows[7][1] = ""  # no supplier: quarantined
        rows.append(list(rows[9]))  # a line published twice: loaded, flagged
        name = f"{month.year}_{calendar.month_name[month.month].lower()}_supplier_spend.csv"
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(layout.header)
            writer.writerows(rows)
        files.append((path, layout, month))
    return files


def expected(path: Path, layout: Layout, month: dt.date) -> dict:
    """Rows, pounds and quarantined rows of one file, read back with csv and Decimal."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    out = {"rows_read": len(rows), "rows_quarantined": 0, "amount_read": Decimal(0),
           "amount_quarantined": Decimal(0)}
    for date_text, supplier, amount_text, reference, _ in rows:
        day = dt.datetime.strptime(date_text, layout.date_form).date()
        negative = amount_text.startswith("(")
        amount = Decimal(amount_text.strip("()").replace(",", "")) * (-1 if negative else 1)
        out["amount_read"] += amount
        if amount == 0 or not supplier or day.replace(day=1) != month or not reference:
            out["rows_quarantined"] += 1
            out["amount_quarantined"] += amount
    return out


def test_a_whole_council_history_loads_in_one_command(home, tmp_path):
    files = write_history(tmp_path)
    out = CliRunner().invoke(app, ["ingest", "spend", *(str(p) for p, _, _ in files),
                                   "--council", "harrogate", "--json"])
    assert out.exit_code == 0, out.output
    results = json.loads(out.stdout)["files"]
    assert len(results) == 38
    for (path, layout, month), result in zip(files, results, strict=True):
        want = expected(path, layout, month)
        assert result["status"] == "loaded", (path.name, result.get("message"))
        assert result["period_label"] == f"{month:%Y-%m}"
        assert result["detected"]["columns"]["date"] == layout.header[0]
        assert result["detected"]["columns"]["beneficiary"] == layout.header[1]
        assert result["detected"]["columns"]["amount"] == layout.header[2]
        assert result["rows_read"] == want["rows_read"]
        assert result["rows_quarantined"] == want["rows_quarantined"] == 2
        assert result["rows_loaded"] == want["rows_read"] - want["rows_quarantined"]
        assert Decimal(result["amount_read"]) == want["amount_read"]
        assert Decimal(result["amount_quarantined"]) == want["amount_quarantined"]
        assert Decimal(result["amount_loaded"]) == want["amount_read"] - want[
            "amount_quarantined"]
    with read_only(home.warehouse) as con:
        months = records(con, "select count(distinct left(period, 7)) n, min(period) first, "
                              "max(period) last from meta.partition_versions "
                              "where scope = 'harrogate'")[0]
    assert months == {"n": 38, "first": "2010-12", "last": "2014-01"}
