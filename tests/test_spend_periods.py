"""Files for any period: a year, a 4-weekly accounting period, history back to 2010; re-issues
replace exactly what the earlier version of the same period loaded, never a neighbour's lines."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from typer.testing import CliRunner

import warehouse.loads
from basics.duck import records
from socialvalue.cli import app
from tests.spend_files import load, loaded_rows, write_csv
from warehouse.connection import read_only

HEADER = "Entity,Vendor Name,Expenditure Account,Document Number,Clearing Date,Amount"


def tfl_file(folder, name: str, lines: list[tuple[dt.date, str, str]]):
    """A file in TfL's layout: (clearing date, vendor, amount) per line."""
    return write_csv(folder, name, [HEADER] + [
        f"LONDON UNDERGROUND LTD,{vendor},Repairs,1005\\{9000 + i},{day:%Y-%m-%d},{amount}"
        for i, (day, vendor, amount) in enumerate(lines)])


D_ = dt.date
P03 = [(D_(2022, 5, 30), "ARRIVA RAIL LONDON LTD", "500.00"),
       (D_(2022, 6, 10), "METROLINE TRAVEL LTD", "250.00"),
       (D_(2022, 6, 24), "METROLINE TRAVEL LTD", "0.00")]  # quarantined: zero
P04 = [(D_(2022, 6, 27), "EDF ENERGY", "1000.00"),
       (D_(2022, 7, 8), "EDF ENERGY", "2000.00"),
       (D_(2022, 7, 22), "MTR CROSSRAIL", "4000.00")]


def by_segment(home) -> dict[str, tuple[int, D]]:
    with read_only(home.warehouse) as con:
        rows = records(con, "select period_key, count(*) n, sum(amount) total from "
                            "staging.council_spend group by all order by 1")
    return {r["period_key"]: (r["n"], r["total"]) for r in rows}


@pytest.fixture
def tfl(home):
    (home.config / "councils" / "tfl.yaml").write_text("name: Transport for London\n")
    return "tfl"


def test_neighbouring_4_weekly_periods_share_a_month_without_touching(home, tmp_path, tfl):
    p03 = load(home, tfl_file(tmp_path, "tflspend2023p03.csv", P03), tfl)
    p04 = load(home, tfl_file(tmp_path, "tflspend2023p04.csv", P04), tfl)
    assert (p03.period_label, p04.period_label) == ("2022-23 P03", "2022-23 P04")
    assert (p03.status, p04.status) == ("loaded", "loaded")
    assert by_segment(home) == {
        "2022-05-29..2022-05-31": (1, D("500.00")),
        "2022-06-01..2022-06-25": (1, D("250.00")),  # P03's June: still there after P04
        "2022-06-26..2022-06-30": (1, D("1000.00")),
        "2022-07-01..2022-07-23": (2, D("6000.00")),
    }


def test_a_reissued_period_replaces_exactly_its_own_lines(home, tmp_path, tfl):
    p03 = load(home, tfl_file(tmp_path, "tflspend2023p03.csv", P03), tfl)
    first = load(home, tfl_file(tmp_path, "tflspend2023p04.csv", P04), tfl)
    corrected = [(day, vendor, "1.00") for day, vendor, _ in P04[:2]]
    again = load(home, tfl_file(tmp_path / "..", "tflspend2023p04.csv", corrected), tfl)
    assert again.status == "replaced"
    assert loaded_rows(home, first.load_id) == []
    assert by_segment(home) == {
        "2022-05-29..2022-05-31": (1, D("500.00")),
        "2022-06-01..2022-06-25": (1, D("250.00")),
        "2022-06-26..2022-06-30": (1, D("1.00")),
        "2022-07-01..2022-07-23": (1, D("1.00")),
    }
    with read_only(home.warehouse) as con:
        held = records(con, "select period, count(*) n from meta.quarantine group by all")
        versions = records(con, "select period, load_id from meta.partition_versions "
                                "order by period")
    assert held == [{"period": "2022-06-01..2022-06-25", "n": 1}]  # P03's zero line, kept
    assert [v["load_id"] for v in versions] == [p03.load_id] * 2 + [again.load_id] * 2


def test_a_reissue_that_fails_part_way_leaves_both_periods_as_they_were(home, tmp_path, tfl,
                                                                         monkeypatch):
    load(home, tfl_file(tmp_path, "tflspend2023p03.csv", P03), tfl)
    load(home, tfl_file(tmp_path, "tflspend2023p04.csv", P04), tfl)
    before = by_segment(home)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(warehouse.loads, "_record", crash)
    corrected = [(day, vendor, "1.00") for day, vendor, _ in P04]
    with pytest.raises(RuntimeError, match="simulated"):
        load(home, tfl_file(tmp_path / "..", "tflspend2023p04.csv", corrected), tfl)
    assert by_segment(home) == before


def test_a_file_covering_part_of_a_loaded_period_is_refused(home, tmp_path, tfl):
    load(home, tfl_file(tmp_path, "tflspend2023p04.csv", P04), tfl)
    before = by_segment(home)
    june = tfl_file(tmp_path, "tfl-june-2022.csv", [(D_(2022, 6, d), "EDF ENERGY", "9.00")
                                                    for d in (1, 15, 28)])
    refused = load(home, june, tfl)
    assert refused.status == "refused"
    assert "covers part of 2022-06-26..2022-06-30, loaded from tflspend2023p04.csv" in (
        refused.message)
    assert by_segment(home) == before


def cli(*args: str) -> tuple[int, list[dict] | str]:
    out = CliRunner().invoke(app, [*args, "--json"])
    try:
        return out.exit_code, json.loads(out.stdout)["files"]
    except (json.JSONDecodeError, KeyError):
        return out.exit_code, out.output


def test_4_weekly_files_through_dagster_and_a_reissue(home, tmp_path, tfl):
    p03 = tfl_file(tmp_path, "tflspend2023p03.csv", P03)
    p04 = tfl_file(tmp_path, "tflspend2023p04.csv", P04)
    code, files = cli("ingest", "spend", str(p03), str(p04), "--council", "tfl")
    assert code == 0, files
    assert [(f["status"], f["period_label"]) for f in files] == [
        ("loaded", "2022-23 P03"), ("loaded", "2022-23 P04")]
    corrected = tfl_file(tmp_path / "..", "tflspend2023p04.csv",
                         [(day, vendor, "1.00") for day, vendor, _ in P04])
    code, files = cli("ingest", "spend", str(corrected), "--council", "tfl")
    assert code == 0, files
    assert [(f["status"], f["rows_loaded"]) for f in files] == [("replaced", 3)]
    assert by_segment(home) == {
        "2022-05-29..2022-05-31": (1, D("500.00")),
        "2022-06-01..2022-06-25": (1, D("250.00")),
        "2022-06-26..2022-06-30": (1, D("1.00")),
        "2022-07-01..2022-07-23": (2, D("2.00")),
    }


def test_a_year_file_loads_through_the_command_line(home, tmp_path):
    """The 'FY 2024-25' crash: a year stated as a range of months loads, and its label is read
    back when the run loads it."""
    lines = ["Date Paid,Supplier,Amount Paid,Reference"]
    expected = D("0.00")
    for month in range(12):
        day = dt.date(2024 + (month + 3) // 12, (month + 3) % 12 + 1, 15)
        amount = D("1000.00") + month
        expected += amount
        lines.append(f"{day:%d/%m/%Y},Manchester Settlement Ltd,{amount},M{month}")
    path = write_csv(tmp_path, "manchester-spend-2024-25.csv", lines)
    code, files = cli("ingest", "spend", str(path), "--council", "manchester",
                      "--period", "2024-04..2025-03")
    assert code == 0, files
    [result] = files
    assert (result["status"], result["period_label"], result["rows_loaded"]) == (
        "loaded", "FY 2024-25", 12)
    assert D(result["amount_loaded"]) == expected
    assert result["periods"] == [f"{y}-{m:02d}" for y, m in
                                 [(2024, m) for m in range(4, 13)] + [(2025, 1), (2025, 2),
                                                                      (2025, 3)]]
    # The name alone says the year too: the same file again, without --period, is the same.
    code, files = cli("ingest", "spend", str(path), "--council", "MAN")
    assert code == 0 and files[0]["status"] == "already_loaded"


@pytest.mark.parametrize("args, says", [
    (["--period", "2023-P04"], "could be P04 of 2022-23 or of 2023-24"),
    (["--period", "sometime"], "is not understood"),
    (["--period", "2009-04"], "before April 2010"),
    (["--period", "2031-01"], "in the future"),
])
def test_a_period_that_cannot_load_is_one_line_saying_what_to_do(home, tmp_path, args, says):
    path = write_csv(tmp_path, "spend.csv", ["Date Paid,Supplier,Amount Paid",
                                             "15/04/2009,Acme Ltd,100.00"])
    out = CliRunner().invoke(app, ["ingest", "spend", str(path), "--council", "oldham", *args])
    assert out.exit_code == 1
    assert says in out.output
    assert "Traceback" not in out.output and "Dagster" not in out.output


def test_history_before_2016_loads(home, tmp_path):
    path = write_csv(tmp_path, "oldham-spend-2011-01.csv", [
        "Date Paid,Supplier,Amount Paid,Reference", "15/01/2011,Acme Ltd,100.00,R1"])
    code, files = cli("ingest", "spend", str(path), "--council", "oldham")
    assert code == 0, files
    assert (files[0]["status"], files[0]["period_label"]) == ("loaded", "2011-01")


@pytest.mark.parametrize("day, says", [("15/04/2009", "before April 2010"),
                                       ("15/04/2031", "in the future")])
def test_a_file_dated_outside_the_partitions_is_refused_at_the_door(home, tmp_path, day, says):
    path = write_csv(tmp_path, "spend.csv", ["Date Paid,Supplier,Amount Paid",
                                             f"{day},Acme Ltd,100.00"])
    code, output = cli("ingest", "spend", str(path), "--council", "oldham")
    assert code == 1
    [result] = output
    assert result["status"] == "refused" and says in result["message"]
