"""Spend files in the layouts councils really publish, with their real faults.

Each test writes one file whose rows are known by construction: which rows are bad and why, and
what every amount is. The expected figures below are those rows' amounts added up by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from openpyxl import Workbook

from sources.spend.profiles import CouncilProfile
from tests.spend_files import load, loaded_rows, quarantined, write_csv


def assert_reconciles(summary, read, loaded, quarantined_amount):
    assert summary.rows_read == summary.rows_loaded + summary.rows_quarantined
    assert summary.amount_read == D(read)
    assert summary.amount_loaded == D(loaded)
    assert summary.amount_quarantined == D(quarantined_amount)
    assert summary.amount_loaded + summary.amount_quarantined == summary.amount_read


def test_manchester_style_utf8_bom_day_first_dates(home, tmp_path):
    path = write_csv(tmp_path, "oldham-spend-2024-05.csv", [
        "\ufeffBody Name,Service Area,Expenses Type,Invoice Payment Date,Transaction Number,"
        "Net Amount,Supplier Name",
        'Oldham Council,Adults,Grants,02/05/2024,100001,"1,234.56",Action Together',  # row 2
        "Oldham Council,Adults,Care,03/05/2024,100002,612.00,REDACTED PERSONAL DATA",  # row 3
        "Oldham Council,Place,Repairs,07/05/2024,100003,-250.00,Moorland Builders Ltd",  # 4
        "Oldham Council,Place,Repairs,08/05/2024,100004,900.00,Moorland Builders Ltd",  # row 5
        "Oldham Council,Place,Materials,08/05/2024,100004,150.50,Moorland Builders Ltd",  # 6
        "Oldham Council,Place,Fuel,09/05/2024,100005,700.00,Pennine Fuels Ltd",  # row 7
        "Oldham Council,Place,Fuel,09/05/2024,100005,700.00,Pennine Fuels Ltd",  # row 8: repeat
        "Oldham Council,Adults,Grants,10/05/2024,100006,TBC,Age UK Oldham",  # row 9: bad
    ], encoding="utf-8")
    summary = load(home, path, "oldham")
    assert (summary.status, summary.rows_read, summary.rows_loaded) == ("loaded", 8, 7)
    assert quarantined(home, summary.load_id) == {9: {"amount_readable"}}
    # 1234.56 + 612 - 250 + 900 + 150.50 + 700 + 700; the TBC row has no amount to count.
    assert_reconciles(summary, "4047.06", "4047.06", "0.00")
    rows = {r["source_row"]: r for r in loaded_rows(home, summary.load_id)}
    assert rows[3]["is_redacted"] and rows[3]["beneficiary"] is None
    assert rows[3]["redaction_label"] == "REDACTED PERSONAL DATA"
    assert rows[4]["amount"] == D("-250.00")
    assert rows[5]["transaction_ref"] == rows[6]["transaction_ref"] == "100004"  # split, kept
    assert rows[8]["duplicate_of_row"] == 7 and rows[7]["duplicate_of_row"] is None
    assert summary.detected["encoding"] == "utf-8-sig"
    assert summary.detected["amount_basis"] == "net of VAT"  # the header says Net Amount
    assert summary.detected["period_source"] == "file name"


def test_salford_style_windows_1252_title_lines_gross_vat_net(home, tmp_path):
    path = write_csv(tmp_path, "Payments over 500 - June 2024.csv", [
        "Plymouth City Council",
        "Payments over £500 - June 2024",
        "",
        "Authority Name,Date of Payment,SAP Document Number,Gross,VAT,Net,Supplier Name,"
        "Directorate,G/L description.",
        'PCC,3-Jun-24,5100001,"£1,200.00",£200.00,"£1,000.00",Café – Ltd,Place,Catering',
        "PCC,4-Jun-24,5100002,£600.00,£0.00,£600.00,Redacted Personal Information,People,Care",
        'PCC,5-Jun-24,5100003,(£300.00),(£50.00),(£250.00),Tamar Housing Trust,People,Rent',
        "PCC,30-Feb-24,5100004,£700.00,£0.00,£700.00,Moor Ltd,Place,Repairs",  # row 8: bad date
    ], encoding="cp1252")
    summary = load(home, path, "plymouth")
    assert (summary.rows_read, summary.rows_loaded, summary.rows_quarantined) == (4, 3, 1)
    assert quarantined(home, summary.load_id) == {8: {"payment_date_readable"}}
    assert_reconciles(summary, "2050.00", "1350.00", "700.00")  # net: 1000 + 600 - 250 + 700
    rows = loaded_rows(home, summary.load_id)
    assert rows[0]["beneficiary"] == "Café – Ltd"  # Windows-1252 é and en dash, decoded
    assert rows[0]["gross"] == D("1200.00") and rows[0]["vat"] == D("200.00")
    assert summary.detected["header_row"] == 4 and summary.detected["encoding"] == "cp1252"
    assert summary.detected["amount_basis"] == "net of VAT"


def test_gateshead_style_coded_headers_load_by_what_the_columns_hold(home, tmp_path):
    lines = [
        "Strgrpcc(T),Cipfsubj(T),TransNo,Sequence no,Period,Supplier ID(T),Amount",
        "ADULTS,Grants,77001,1,2024/07,Gateshead Carers CIO,5000.00",
        "ADULTS,Grants,77001,2,2024/07,Gateshead Carers CIO,750.00",  # split line, same TransNo
        "PLACE,Repairs,77002,1,2024/07,,820.00",  # row 4: blank supplier
    ]
    path = write_csv(tmp_path, "gateshead-q.csv", lines)
    bare = CouncilProfile(slug="gateshead", name="Gateshead Council")
    summary = load(home, path, "gateshead", bare)
    # No header names the date: the column of months is found by what it holds.
    assert summary.detected["columns"]["date"] == "Period"
    evidence = summary.detected["column_evidence"]["date"]
    assert evidence["header"] == "says nothing about it" and evidence["read_as_months"] == 1.0
    assert summary.detected["date_formats"] == ["%Y/%m"]
    assert summary.detected["date_precision"] == "month"
    assert summary.period_label == "2024-07" and summary.detected["period_source"] == (
        "dates in the file")
    assert (summary.rows_loaded, summary.rows_quarantined) == (2, 1)
    assert quarantined(home, summary.load_id) == {4: {"beneficiary_named_or_redacted"}}
    assert_reconciles(summary, "6570.00", "5750.00", "820.00")
    rows = loaded_rows(home, summary.load_id)
    # The month as published, marked as such: no day is invented.
    assert {(r["payment_date"], r["date_precision"]) for r in rows} == {
        (dt.date(2024, 7, 1), "month")}


def test_quarterly_iso_dates_trailing_minus_and_empty_columns(home, tmp_path):
    header = ("Department,Service,Expenditure Category,Payment Date,Payment Reference,Supplier,"
              "Amount (£),Company Number,Charity Number,,,")
    path = write_csv(tmp_path, "LCC_spend_2024-25_Q2.csv", [
        header,
        "Children,Fostering,Grants,2024-07-04,LCC-1,Barnardo's,20000.00,,9900001,,,",
        "Children,Fostering,Refund,2024-08-14,LCC-2,Barnardo's,1500.00-,,9900001,,,",
        "Corporate,IT,Licences,2024-09-30,LCC-3,Charnwood Systems Ltd,899.99,09912345,,,,",
        "Corporate,IT,Licences,2024-09-30,LCC-4,Charnwood Systems Ltd,0.00,09912345,,,,",  # 5
        "Corporate,IT,Licences,2031-01-01,LCC-5,Charnwood Systems Ltd,10.00,09912345,,,,",  # 6
    ], newline="\n")
    summary = load(home, path, "leicestershire")
    assert summary.period_label == "2024-25 Q2"
    assert summary.periods == ["2024-07", "2024-08", "2024-09"]
    assert quarantined(home, summary.load_id) == {
        5: {"amount_not_zero"},
        6: {"payment_date_not_in_future", "payment_date_in_period"},
    }
    assert_reconciles(summary, "19409.99", "19399.99", "10.00")  # 20000 - 1500 + 899.99 (+ 0, 10)
    rows = loaded_rows(home, summary.load_id)
    assert [r["period_key"] for r in rows] == ["2024-07", "2024-08", "2024-09"]
    assert rows[2]["company_number"] == "09912345"  # leading zero kept
    assert summary.detected["parser"] == "fast"


def test_croydon_style_xlsx_with_title_row_serial_dates_and_totals(home, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Spend"
    sheet.append(["London Borough of Croydon - Expenditure over £500 - August 2024"])
    sheet.append([])
    sheet.append(["Service Division", "Expense Area", "Date Paid", "Transaction Ref",
                  "Vendor Name", "Amount Paid", "VAT Recoverable", "Purpose"])
    sheet.append(["Adults", "Grants", dt.datetime(2024, 8, 5), "CR-1", "Addiscombe Pantry CIC",
                  2500, 0, "Food support"])  # row 4
    sheet.append(["Adults", "Care", 45520, "CR-2", "REDACTED COMMERCIAL CONFIDENTIALITY",
                  1250.5, 0, "Care"])  # row 5: 45520 is 2024-08-16 as an Excel serial number
    sheet.append(["Place", "Repairs", dt.datetime(2024, 8, 20), None, "Norwood Roofing Ltd",
                  640.25, 106.71, "Roof"])  # row 6: no transaction reference
    sheet.append([None, None, None, None, "Total", 4390.75, None, None])  # row 7: totals line
    path = tmp_path / "croydon-spend-2024-08.xlsx"
    book.save(path)
    summary = load(home, path, "croydon")
    assert quarantined(home, summary.load_id) == {
        6: {"transaction_ref_present"},
        7: {"not_a_totals_row", "payment_date_readable", "transaction_ref_present"},
    }
    assert (summary.rows_read, summary.rows_loaded) == (4, 2)
    assert_reconciles(summary, "8781.50", "3750.50", "5031.00")  # totals line 4390.75 + 640.25
    assert summary.detected["declared_total"] == "4390.75"
    assert summary.detected["declared_total_matches_lines"] is True
    rows = loaded_rows(home, summary.load_id)
    assert [r["payment_date"] for r in rows] == [dt.date(2024, 8, 5), dt.date(2024, 8, 16)]
    assert summary.detected["sheet"] == "Spend" and summary.detected["header_row"] == 3


def test_tab_separated_long_dates_pound_prefix_and_leading_minus(home, tmp_path):
    path = write_csv(tmp_path, "spend_2024_10.tsv", [
        "Date\tDepartment\tSupplier\tDescription\tReference\tAmount £",
        "03 Oct 2024\tHousing\tTamar Housing Trust\tSupported housing\tT-1\t£ 3,000.00",
        "04 Oct 2024\tHousing\tTamar Housing Trust\tOverpayment\tT-2\t-£125.50",
        "05 Oct 2024\tLegal\tredacted\tSettlement\tT-3\t£9,999.99",
        "06 Oct 2024\tHousing\tPlym Repairs Ltd\tRepairs\tT-4\tn/a",  # row 5: not a number
    ])
    summary = load(home, path, "plymouth")
    assert quarantined(home, summary.load_id) == {5: {"amount_readable"}}
    assert_reconciles(summary, "12874.49", "12874.49", "0.00")
    rows = loaded_rows(home, summary.load_id)
    assert [r["amount"] for r in rows] == [D("3000.00"), D("-125.50"), D("9999.99")]
    assert rows[2]["is_redacted"] and rows[2]["redaction_label"] == "redacted"
    assert summary.detected["date_formats"] == ["%d %b %Y"]


def test_ragged_file_keeps_spreadsheet_row_numbers(home, tmp_path):
    path = write_csv(tmp_path, "oldham-spend-2024-06.csv", [
        "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name,Expenses Type",
        "03/06/2024,1,100.00,Positive Steps,Grant",  # row 2
        "",  # row 3: blank
        '04/06/2024,2,200.00,Positive Steps,"Grant,\nsecond line of a note"',  # row 4
        "05/06/2024,3,300.00,Positive Steps,Grant,unexpected extra cell",  # row 5
        "06/06/2024,4,400.00,Positive Steps,Grant",  # row 6
    ], newline="\n")
    summary = load(home, path, "oldham")
    assert summary.detected["parser"] == "tolerant" and summary.detected["blank_rows"] == 1
    assert [r["source_row"] for r in loaded_rows(home, summary.load_id)] == [2, 4, 6]
    assert quarantined(home, summary.load_id) == {5: {"cells_within_header"}}
    assert_reconciles(summary, "1000.00", "700.00", "300.00")
