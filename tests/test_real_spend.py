"""Real public bodies' spend files load with nothing to configure, and reconcile to the penny.

The files in tests/fixtures/real-spend/ are real (see its README: publishers, sources, OGL). Each
is loaded with no profile for the councils, and with a profile holding only a name for the other
bodies (the GLA, TfL, Network Rail). The expected figures are worked out here, from the file
itself, with Python's csv module and Decimal, from a person's reading of which column is which
and which period the file reports on: they are not the pipeline's output copied back.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from basics.duck import records
from tests.spend_files import TODAY, load, quarantined
from warehouse.connection import read_only

FIXTURES = Path(__file__).parent / "fixtures" / "real-spend"


@dataclass(frozen=True)
class RealFile:
    """A fixture as a person reads it: its columns and the period it reports on."""

    path: str
    council: str
    profile_name: str | None  # a body that is not a council: a profile with its name only
    date: str
    amount: str
    beneficiary: str
    transaction: str | None
    start: dt.date
    end: dt.date
    label: str
    period_source: str


D = dt.date
FILES = [
    RealFile("harrogate/2022-08.csv", "harrogate", None, "Payment Date", "Net Amount",
             "Supplier Name", "Transaction No.", D(2022, 8, 1), D(2022, 8, 31), "2022-08",
             "file name"),
    RealFile("london/2022-P12.csv", "gla", "Greater London Authority", "Clearing Date",
             "Amount", "Vendor Name", "Document No", D(2022, 2, 6), D(2022, 3, 5),
             "2021-22 P12", "file name"),
    RealFile("networkrail/2021-04.csv", "network-rail", "Network Rail", "Invoice GL Date",
             "Spend", "Supplier Name", None, D(2021, 4, 1), D(2021, 4, 30), "2021-04",
             "file name"),
    # Named for its first month by the collection, it holds January to March: its dates say so.
    RealFile("sheffield/2017-01.csv", "sheffield", None, "GL Date", "Invoiced Value",
             "Supplier Name", "Document No.", D(2017, 1, 1), D(2017, 3, 31), "2016-17 Q4",
             "dates in the file"),
    RealFile("tfl/2023-P04.csv", "tfl", "Transport for London", "Clearing Date", "Amount",
             "Vendor Name", "Document Number", D(2022, 6, 26), D(2022, 7, 23), "2022-23 P04",
             "file name"),
    RealFile("wakefield/2021-Q3-card.csv", "wakefield", None, "Payment Date", "Net Amount",
             "Supplier Name", "TransNo", D(2020, 10, 1), D(2020, 12, 31), "2020-21 Q3",
             "file name"),
    RealFile("wakefield/2021-Q4.csv", "wakefield", None, "Payment Date", "Net Amount",
             "Supplier Name", "TransNo", D(2022, 1, 1), D(2022, 3, 31), "2021-22 Q4",
             "file name"),
]


@dataclass
class Expected:
    rows_read: int = 0
    amount_read: Decimal = Decimal("0.00")
    amount_quarantined: Decimal = Decimal("0.00")
    quarantined_rows: set[int] | None = None


def pounds(text: str) -> Decimal | None:
    """An amount as these files write it: 1234.56, -389506.70, (9,743,908.00)."""
    text = text.strip()
    negative = (text.startswith("(") and text.endswith(")")) or text.startswith("-")
    digits = text.strip("()-").replace(",", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", digits):
        return None
    value = Decimal(digits)
    return -value if negative else value


def iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def expected_for(spec: RealFile) -> Expected:
    """Rows, pounds and the rows to quarantine, by the Transparency Code rules: a line needs a
    date in the period (not in the future), a non-zero amount, a beneficiary, and its transaction
    number where the file has that column; a 'Total' line at the foot is not a payment."""
    with (FIXTURES / spec.path).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    col = {name: header.index(name) for name in
           (spec.date, spec.amount, spec.beneficiary, spec.transaction) if name}
    out = Expected(quarantined_rows=set())
    for number, cells in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # a blank line is not a row
        out.rows_read += 1
        day = iso_date(cells[col[spec.date]])
        amount = pounds(cells[col[spec.amount]])
        name = cells[col[spec.beneficiary]]
        total = not cells[col[spec.date]] and re.fullmatch(r"(grand )?total", name.lower())
        bad = (day is None or day > TODAY or not spec.start <= day <= spec.end
               or amount is None or amount == 0 or not name or bool(total)
               or (spec.transaction is not None and not cells[col[spec.transaction]])
               or len(cells) > len(header))
        if amount is not None:
            out.amount_read += amount
            if bad:
                out.amount_quarantined += amount
        if bad:
            out.quarantined_rows.add(number)
    return out


def profile_for(home, spec: RealFile) -> None:
    if spec.profile_name:
        (home.config / "councils" / f"{spec.council}.yaml").write_text(
            f"name: {spec.profile_name}\n")


@pytest.mark.parametrize("spec", FILES, ids=[f.path for f in FILES])
def test_real_file_loads_and_reconciles_to_the_penny(home, spec):
    profile_for(home, spec)
    expected = expected_for(spec)
    summary = load(home, FIXTURES / spec.path, spec.council)
    assert summary.status == "loaded", summary.message
    detected = summary.detected
    assert {k: detected["columns"].get(k) for k in ("date", "amount", "beneficiary",
                                                     "transaction")} == {
        "date": spec.date, "amount": spec.amount, "beneficiary": spec.beneficiary,
        "transaction": spec.transaction}
    assert (summary.period_label, detected["period_start"], detected["period_end"]) == (
        spec.label, f"{spec.start}", f"{spec.end}")
    assert detected["period_source"] == spec.period_source
    assert summary.rows_read == expected.rows_read
    assert set(quarantined(home, summary.load_id)) == expected.quarantined_rows
    assert summary.rows_quarantined == len(expected.quarantined_rows)
    assert summary.rows_loaded == expected.rows_read - len(expected.quarantined_rows)
    assert summary.amount_read == expected.amount_read
    assert summary.amount_quarantined == expected.amount_quarantined
    assert summary.amount_loaded == expected.amount_read - expected.amount_quarantined
    with read_only(home.warehouse) as con:
        stored = records(con, "select count(*) n, sum(amount) total from staging.council_spend "
                              "where load_id = ?", [summary.load_id])[0]
    assert (stored["n"], stored["total"]) == (summary.rows_loaded, summary.amount_loaded)


def test_network_rails_four_columns_are_found_by_what_they_hold(home):
    spec = next(f for f in FILES if f.council == "network-rail")
    profile_for(home, spec)
    summary = load(home, FIXTURES / spec.path, spec.council)
    evidence = summary.detected["column_evidence"]
    # 'Spend' and 'Invoice GL Date' are names the header list knows; the values agree.
    assert evidence["amount"]["read_as_money"] == 1.0 and evidence["amount"]["with_pence"] > 0.9
    assert evidence["date"]["read_as_dates"] > 0.99
    # The foot of the file: a grand total (checked against the lines) and a copyright line.
    with (FIXTURES / spec.path).open(encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    total_row = next(n for n, cells in enumerate(lines, start=1) if cells[0] == "Grand Total")
    assert total_row == len(lines) - 1
    assert quarantined(home, summary.load_id) == {
        total_row: {"not_a_totals_row", "payment_date_readable"},
        len(lines): {"payment_date_readable", "amount_readable",
                     "beneficiary_named_or_redacted"}}
    assert summary.detected["declared_total_matches_lines"] is True


def test_a_constant_as_at_date_is_not_taken_for_the_payment_date(home):
    # Wakefield's files carry the quarter's end on every line ('Effective Date') before the
    # real payment date: both are names bodies use, the values decide.
    summary = load(home, FIXTURES / "wakefield" / "2021-Q3-card.csv", "wakefield")
    evidence = summary.detected["column_evidence"]["date"]
    assert evidence["column"] == "Payment Date"
    assert evidence["runner_up"]["column"] == "Effective Date"
    assert evidence["runner_up"]["different_values"] == 1


def test_the_councils_need_no_profile_and_are_known_by_the_register(home):
    summary = load(home, FIXTURES / "harrogate" / "2022-08.csv", "harrogate")
    assert summary.scope == "harrogate"
    assert summary.detected["council_ended"] == "2023-04-01"  # abolished, still known
    assert not list((home.config / "councils").glob("*.yaml"))


def test_real_files_through_the_command_line_every_one_reconciled(home):
    """`socialvalue ingest spend` on the real files, each body in one command: every file loads
    through Dagster with the figures worked out from the file."""
    from typer.testing import CliRunner

    from socialvalue.cli import app

    for council in ("tfl", "network-rail", "gla"):
        profile_for(home, next(f for f in FILES if f.council == council))
    by_council: dict[str, list[RealFile]] = {}
    for spec in FILES:
        by_council.setdefault(spec.council, []).append(spec)
    for council, specs in by_council.items():
        out = CliRunner().invoke(app, ["ingest", "spend", *(str(FIXTURES / s.path)
                                                             for s in specs),
                                       "--council", council, "--json"])
        assert out.exit_code == 0, out.output
        results = json.loads(out.stdout)["files"]
        for spec, result in zip(specs, results, strict=True):
            expected = expected_for(spec)
            assert result["status"] == "loaded", result.get("message")
            assert result["period_label"] == spec.label
            assert result["rows_read"] == expected.rows_read
            assert result["rows_quarantined"] == len(expected.quarantined_rows)
            assert Decimal(result["amount_read"]) == expected.amount_read
            assert Decimal(result["amount_quarantined"]) == expected.amount_quarantined
    # `status` names each body's period as its file did (TfL's 4-weekly P04 is stored as the
    # segments of June and July, which a reader should not have to decode).
    status = CliRunner().invoke(app, ["status"], env={"COLUMNS": "250"})
    assert status.exit_code == 0, status.output
    rows = {line.split("│")[2].strip(): line for line in status.output.splitlines()
            if line.count("│") > 3 and "spend" in line}
    assert "2022-23 P04" in rows["tfl"] and ".." not in rows["tfl"], rows["tfl"]
    assert "2021-22 P12" in rows["gla"], rows["gla"]
