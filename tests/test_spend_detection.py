"""Columns found by what they hold as well as by their headers, in layouts the header list does
not know; equally likely columns refused, naming both and the profile key that settles it.

The headers are those of real publishers' files (a government department's, a council's in
Welsh, a card-payments file, a file with only codes for headers); the lines are made up.
"""

from __future__ import annotations

from sources.spend.profiles import CouncilProfile
from tests.spend_files import load, write_csv

LINES = [  # date, supplier, amount, reference
    ("04/06/2024", "Calder Valley Trust", "1,200.00", "INV-1001"),
    ("11/06/2024", "Moorland Builders Ltd", "640.50", "INV-1002"),
    ("18/06/2024", "Aire Café CIC", "75.25", "INV-1003"),
    ("25/06/2024", "Pennine Fuels Ltd", "980.00", "INV-1004"),
    ("28/06/2024", "REDACTED PERSONAL DATA", "5,000.00", "INV-1005"),
]


def layout_file(tmp_path, header: list[str], row, name="spend-2024-06.csv"):
    return write_csv(tmp_path, name, [",".join(header)] + [
        ",".join(f'"{c}"' for c in row(*line)) for line in LINES])


def key_columns(summary) -> dict:
    return {k: summary.detected["columns"].get(k) for k in ("date", "amount", "beneficiary",
                                                            "transaction")}


def test_a_government_departments_layout(home, tmp_path):
    header = ["Department family", "Entity", "Date", "Expense type", "Expense area", "Supplier",
              "Transaction number", "Amount", "Description", "Supplier Postcode"]
    path = layout_file(tmp_path, header, lambda d, s, a, r: [
        "Department for Education", "DfE", d, "Grants", "Schools", s, r, a, "Grant", "LS1 1AA"])
    summary = load(home, path, "wakefield")
    assert summary.status == "loaded", summary.message
    assert key_columns(summary) == {"date": "Date", "amount": "Amount", "beneficiary": "Supplier",
                                    "transaction": "Transaction number"}
    assert summary.rows_loaded == 5


def test_headers_in_welsh_are_read_by_what_their_columns_hold(home, tmp_path):
    # No header here is on any list: the dates, the amounts with pence and the organisations'
    # names say which column is which. A reference without a header that says so is not taken
    # for a transaction number.
    header = ["Adran", "Dyddiad", "Cyflenwr", "Swm", "Cyfeirnod"]
    path = layout_file(tmp_path, header, lambda d, s, a, r: ["Addysg", d, s, a, r])
    summary = load(home, path, "cardiff")
    assert summary.status == "loaded", summary.message
    assert key_columns(summary) == {"date": "Dyddiad", "amount": "Swm", "beneficiary": "Cyflenwr",
                                    "transaction": None}
    evidence = summary.detected["column_evidence"]
    assert {evidence[k]["header"] for k in ("date", "amount", "beneficiary")} == {
        "says nothing about it"}
    assert evidence["amount"]["read_as_money"] == 1.0


def test_a_card_file_with_an_as_at_date_and_merchant_names(home, tmp_path):
    header = ["Statement Date", "Transaction Date", "Merchant Name", "Merchant Category",
              "Card Holder Department", "Value £"]
    path = layout_file(tmp_path, header, lambda d, s, a, r: [
        "30/06/2024", d, s, "5411", "Schools", a])
    summary = load(home, path, "wakefield")
    assert summary.status == "loaded", summary.message
    # Both date columns read as dates; the one date on every line is the statement's.
    assert key_columns(summary)["date"] == "Transaction Date"
    assert key_columns(summary)["beneficiary"] == "Merchant Name"
    assert key_columns(summary)["amount"] == "Value £"
    assert summary.detected["amount_basis"] == "as published"


def test_numeric_codes_are_not_taken_for_the_amount(home, tmp_path):
    header = ["Cost Centre", "Account Code", "Supplier No", "Supplier Name", "Payment Date",
              "Value"]
    path = layout_file(tmp_path, header, lambda d, s, a, r: [
        "40110", "512000", "700123", s, d, a.replace(",", "")])
    summary = load(home, path, "wakefield")
    assert key_columns(summary)["amount"] == "Value"
    assert summary.amount_loaded == sum(
        __import__("decimal").Decimal(a.replace(",", "")) for _, _, a, _ in LINES)


def test_two_equally_likely_date_columns_are_refused_naming_both(home, tmp_path):
    header = ["Dyddiad Anfoneb", "Dyddiad Talu", "Cyflenwr", "Swm"]  # invoice date, paid date
    path = layout_file(tmp_path, header, lambda d, s, a, r: [d, d, s, a])
    summary = load(home, path, "cardiff")
    assert summary.status == "refused"
    assert "'Dyddiad Anfoneb' or 'Dyddiad Talu'" in summary.message
    assert "config/councils/cardiff.yaml" in summary.message
    assert "columns: {date: Dyddiad Anfoneb}" in summary.message
    for _, supplier, amount, _ in LINES:  # only headers are quoted
        assert supplier not in summary.message and amount not in summary.message
    # The key it names settles it.
    profile = CouncilProfile("cardiff", "Cardiff Council", columns={"date": "Dyddiad Talu"})
    settled = load(home, path, "cardiff", profile)
    assert settled.status == "loaded" and key_columns(settled)["date"] == "Dyddiad Talu"
    assert settled.detected["column_evidence"]["date"]["header"] == "named in the profile"


def test_a_four_column_file_with_its_header_found(home, tmp_path):
    header = ["Supplier Name", "Category Family", "Invoice GL Date", "Spend"]
    path = layout_file(tmp_path, header, lambda d, s, a, r: [s, "Track", d, a])
    summary = load(home, path, "wakefield")
    assert summary.status == "loaded" and summary.detected["header_row"] == 1


def test_the_sample_spans_the_file_not_only_its_first_rows():
    # Sheffield's quarter is sorted by date: its first 4,000 rows are all January.
    from pathlib import Path

    from sources.spend.sample import spread_sample
    from sources.tables import preview

    path = Path(__file__).parent / "fixtures" / "real-spend" / "sheffield" / "2017-01.csv"
    rows = spread_sample(preview(path), 0)
    months = {row[6][:7] for row in rows}
    assert months == {"2017-01", "2017-02", "2017-03"}
    assert 1_000 < len(rows) < 22_388 / 2  # a sample, not the file
    assert all(len(row) == 14 for row in rows)  # whole lines only


def test_a_file_received_then_loaded_has_its_columns_measured_once(tmp_path, monkeypatch):
    # A command of many files detects each twice (when it is received, when it is loaded): the
    # second time, the same values (here in a copy, as the landing area keeps) are not measured
    # again, and the measures found are the same.
    import shutil

    from sources.spend import content
    from sources.spend.detect import detect_layout
    from sources.spend.profiles import get_profile
    from sources.tables import preview

    header = ["Date", "Supplier", "Amount", "Reference"]
    path = layout_file(tmp_path, header, lambda d, s, a, r: [f"{d} ", s, a, r],
                       name="measured-once-2024-06.csv")
    copy = tmp_path / "landed" / path.name
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    measured = []
    original = content.measure
    monkeypatch.setattr(content, "_kept", {}, raising=False)  # nothing measured before
    monkeypatch.setattr(content, "measure",
                        lambda values, rows: measured.append(values) or original(values, rows))
    profile = get_profile("wakefield")
    first = detect_layout(preview(path), profile)
    assert len(measured) == len(header)
    again = detect_layout(preview(copy), profile)
    assert len(measured) == len(header)
    assert again.columns == first.columns and again.evidence == first.evidence


def test_columns_whose_values_run_together_are_measured_apart(monkeypatch):
    # Kept measures are found by their values, never by text two different lists could share.
    from sources.spend import content

    monkeypatch.setattr(content, "_kept", {}, raising=False)
    one = content.measure_all(["x"], [["Pennine\x1fLtd"], [""]])
    other = content.measure_all(["x"], [["Pennine"], ["Ltd\x1f"]])
    assert (one["x"].filled, other["x"].filled) == (1, 2)
