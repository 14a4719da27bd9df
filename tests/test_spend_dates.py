"""Payment dates as public bodies write them, and files whose dates cannot be read.

Each file has the same five payments; only the way the dates are written changes. A date is
never guessed: a form that gives only the month is kept as that month (date_precision 'month'),
and a file whose dates are mostly in no known form is refused, never loaded with every line in
quarantine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from basics.duck import records
from sources.spend.profiles import CouncilProfile
from tests.spend_files import load, loaded_rows, quarantined, write_csv
from warehouse.connection import read_only

DAYS = [dt.date(2022, 5, d) for d in (3, 4, 17, 23, 31)]
AMOUNTS = ["1200.00", "640.50", "75.25", "980.00", "5000.00"]
SUPPLIERS = ["Calder Valley Trust", "Moorland Builders Ltd", "Aire Café CIC", "Pennine Fuels Ltd",
             "Leeds City Council"]


def spend_file(tmp_path, dates: list[str], name: str = "spend.csv"):
    return write_csv(tmp_path, name, ["Payment Date,Supplier Name,Net Amount,Transaction No"] + [
        f'"{d}",{s},{a},T{i}' for i, (d, s, a) in enumerate(zip(dates, SUPPLIERS, AMOUNTS,
                                                                  strict=True))])


def excel_serial(day: dt.date) -> str:
    return str((day - dt.date(1899, 12, 30)).days)


@pytest.mark.parametrize("write, form", [
    (lambda d: d.strftime("%A, %d %B %Y"), "%A, %d %b %Y"),  # Wednesday, 04 May 2022
    (lambda d: d.strftime("%a %d/%m/%Y"), "%a %d/%m/%Y"),  # Wed 04/05/2022
    (lambda d: d.strftime("%d-%b-%Y"), "%d-%b-%Y"),  # 04-May-2022
    (lambda d: d.strftime("%Y-%m-%d 00:00:00"), "%Y-%m-%d %H:%M:%S"),
    (lambda d: d.strftime("%Y%m%d"), "%Y%m%d"),  # 20220504
    (excel_serial, "excel serial number"),  # 44685
    (lambda d: d.strftime("%d/%m/%Y %I:%M:%S %p"), "%d/%m/%Y %I:%M:%S %p"),
    (lambda d: f"{d.day}{'st' if d.day in (1, 31) else 'rd' if d.day in (3, 23) else 'th'} "
               f"{d:%B %Y}", "%d %b %Y (after 4th -> 4, Sept -> Sep)"),  # 4th May 2022
])
def test_dates_with_their_day_in_the_forms_bodies_use(home, tmp_path, write, form):
    path = spend_file(tmp_path, [write(d) for d in DAYS])
    summary = load(home, path, "wakefield")
    assert summary.status == "loaded", summary.message
    assert summary.detected["date_formats"] == [form]
    assert summary.period_label == "2022-05" and summary.rows_quarantined == 0
    rows = loaded_rows(home, summary.load_id)
    assert [r["payment_date"] for r in rows] == DAYS
    assert {r["date_precision"] for r in rows} == {"day"}


@pytest.mark.parametrize("written, form", [
    ("202205", "%Y%m"), ("May 2022", "%b %Y"), ("05/2022", "%m/%Y"), ("2022-05", "%Y-%m"),
])
def test_a_date_given_as_a_month_stays_a_month(home, tmp_path, written, form):
    path = spend_file(tmp_path, [written] * 5)
    summary = load(home, path, "wakefield")
    assert summary.status == "loaded", summary.message
    assert summary.detected["date_formats"] == [form]
    assert summary.detected["date_precision"] == "month"
    assert summary.period_label == "2022-05" and summary.rows_loaded == 5
    # The month's first day, marked as a month: no day is invented.
    with read_only(home.warehouse) as con:
        stored = records(con, "select distinct payment_date, date_precision, month from "
                              "staging.council_spend where load_id = ?", [summary.load_id])
    assert stored == [{"payment_date": dt.date(2022, 5, 1), "date_precision": "month",
                       "month": dt.date(2022, 5, 1)}]


def test_a_month_only_date_in_a_4_weekly_period_is_in_it_when_its_month_overlaps(home, tmp_path):
    path = spend_file(tmp_path, ["2022-06", "2022-07", "2022-07", "2022-07", "2022-05"])
    summary = load(home, path, "wakefield", period="2022-23-P04")  # 26 June to 23 July 2022
    assert summary.status == "loaded", summary.message
    # June and July overlap P04; May does not.
    assert quarantined(home, summary.load_id) == {6: {"payment_date_in_period"}}
    assert {r["period_key"] for r in loaded_rows(home, summary.load_id)} == {
        "2022-06-26..2022-06-30", "2022-07-01..2022-07-23"}


def test_dates_in_no_known_form_are_refused_with_samples_and_the_key_to_set(home, tmp_path):
    path = spend_file(tmp_path, [d.strftime("%Y %m %d") for d in DAYS])  # '2022 05 03'
    summary = load(home, path, "wakefield")
    assert summary.status == "refused"
    assert "'Payment Date'" in summary.message and "'2022 05 03'" in summary.message
    assert "date_format" in summary.message and "config/councils/wakefield.yaml" in (
        summary.message)
    for supplier in SUPPLIERS:  # no other cell of the file is quoted
        assert supplier not in summary.message
    # The key it names reads them.
    profile = CouncilProfile("wakefield", "Wakefield Council", date_format="%Y %m %d")
    fixed = load(home, path, "wakefield", profile)
    assert fixed.status == "loaded" and fixed.rows_loaded == 5
    assert [r["payment_date"] for r in loaded_rows(home, fixed.load_id)] == DAYS


def test_a_file_whose_dates_mostly_do_not_read_is_refused_not_quarantined(home, tmp_path):
    # Shaped like dates, but in a form no reader knows ('04.May.2022'): four lines of five.
    dates = [d.strftime("%d.%b.%Y") for d in DAYS[:4]] + ["31/05/2022"]
    path = spend_file(tmp_path, dates)
    summary = load(home, path, "wakefield")
    assert summary.status == "refused"
    assert "only 1 of 5 payment dates" in summary.message
    assert "'03.May.2022'" in summary.message and "date_format" in summary.message
    with read_only(home.warehouse) as con:
        assert records(con, "select count(*) n from meta.quarantine")[0]["n"] == 0
        assert records(con, "select count(*) n from staging.council_spend")[0]["n"] == 0


def test_a_few_unreadable_dates_are_quarantined_with_the_rest_loaded(home, tmp_path):
    dates = [d.strftime("%d/%m/%Y") for d in DAYS[:4]] + ["31/02/2022"]
    summary = load(home, spend_file(tmp_path, dates), "wakefield")
    assert summary.status == "loaded" and summary.rows_loaded == 4
    assert quarantined(home, summary.load_id) == {6: {"payment_date_readable"}}
    assert summary.amount_quarantined == D("5000.00")
