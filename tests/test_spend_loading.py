"""Loading guarantees: reloads add nothing, re-issues replace, failures leave no trace."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

import warehouse.loads
from basics.duck import records
from sources.spend.profiles import get_profile
from tests.spend_files import load, loaded_rows, write_csv
from warehouse.connection import read_only

HEADER = "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name"


def snapshot(home) -> dict[str, list]:
    """Every row of every table the loads write, for comparing the warehouse before and after."""
    with read_only(home.warehouse) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in
                ("staging.council_spend", "meta.quarantine", "meta.loads",
                 "meta.partition_versions")}


def april(tmp_path, name="oldham-spend-2024-04.csv", amounts=("100.00", "200.00", "x")):
    return write_csv(tmp_path, name, [HEADER] + [
        f"0{i + 1}/04/2024,{i},{amount},Positive Steps" for i, amount in enumerate(amounts)])


def test_reloading_the_same_file_adds_nothing(home, tmp_path):
    first = load(home, april(tmp_path), "oldham")
    before = snapshot(home)
    again = load(home, april(tmp_path), "oldham")
    after = snapshot(home)
    assert first.status == "loaded" and again.status == "already_loaded"
    assert first.load_id in again.message
    assert (again.rows_loaded, again.rows_quarantined) == (2, 1)  # the first load's figures
    assert after["staging.council_spend"] == before["staging.council_spend"]
    assert after["meta.quarantine"] == before["meta.quarantine"]
    assert len(after["meta.loads"]) == len(before["meta.loads"]) + 1  # the attempt is recorded


def test_corrected_reissue_replaces_its_council_month_only(home, tmp_path):
    may = write_csv(tmp_path, "oldham-spend-2024-05.csv",
                    [HEADER, "02/05/2024,9,999.00,Age UK Oldham"])
    load(home, may, "oldham")
    first = load(home, april(tmp_path), "oldham")
    fixed = april(tmp_path / "..", name="oldham-spend-2024-04.csv",
                  amounts=("100.00", "250.00", "300.00"))
    second = load(home, fixed, "oldham")
    assert second.status == "replaced"
    assert loaded_rows(home, first.load_id) == []  # nothing left of the first version
    assert [r["amount"] for r in loaded_rows(home, second.load_id)] == [
        D("100.00"), D("250.00"), D("300.00")]
    with read_only(home.warehouse) as con:
        months = records(con, "select period_key, sum(amount) total, count(*) n from "
                              "staging.council_spend group by all order by 1")
        left_in_quarantine = records(con, "select count(*) n from meta.quarantine")[0]["n"]
    assert months == [{"period_key": "2024-04", "total": D("650.00"), "n": 3},
                      {"period_key": "2024-05", "total": D("999.00"), "n": 1}]
    assert left_in_quarantine == 0  # the first version's bad row went with it


@pytest.mark.parametrize("failing_step", ["_insert_quarantine", "_record", "record_load"])
def test_a_failure_part_way_leaves_the_warehouse_as_it_was(home, tmp_path, monkeypatch,
                                                           failing_step):
    load(home, april(tmp_path), "oldham")
    before = snapshot(home)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(warehouse.loads, failing_step, crash)
    fixed = april(tmp_path / "..", amounts=("1.00", "2.00", "3.00"))
    with pytest.raises(RuntimeError, match="simulated"):
        load(home, fixed, "oldham")
    assert snapshot(home) == before


def test_a_file_without_an_amount_column_is_refused_and_recorded(home, tmp_path):
    path = write_csv(tmp_path, "oldham-spend-2024-04.csv", [
        "Invoice Payment Date,Transaction Number,Supplier Name", "01/04/2024,1,Positive Steps"])
    summary = load(home, path, "oldham")
    assert summary.status == "refused"
    assert summary.message == (
        "oldham-spend-2024-04.csv: cannot find the amount column in the header (row 1), which "
        "has 'Invoice Payment Date', 'Transaction Number', 'Supplier Name', nor a column whose "
        "values are amounts of money. Name it in the council profile, e.g. "
        "`columns: {amount: <header>}` in config/councils/oldham.yaml")
    with read_only(home.warehouse) as con:
        statuses = records(con, "select status, message from meta.loads")
        spend_rows = records(con, "select count(*) n from staging.council_spend")[0]["n"]
    assert [s["status"] for s in statuses] == ["refused"] and spend_rows == 0


def test_a_file_for_another_period_is_refused_not_quarantined(home, tmp_path):
    path = april(tmp_path, amounts=("100.00", "200.00", "300.00"))
    summary = load(home, path, "oldham", period="2024-09")
    assert summary.status == "refused"
    assert "only 0 of 3 dated lines fall in 2024-09" in summary.message


def test_a_header_named_like_a_stored_value_is_refused(home, tmp_path):
    path = write_csv(tmp_path, "oldham-spend-2024-04.csv", [
        HEADER + ",_sv_amount", "01/04/2024,1,100.00,Positive Steps,x"])
    summary = load(home, path, "oldham")
    assert summary.status == "refused"
    assert summary.message == (
        "oldham-spend-2024-04.csv: the header has columns named ['_sv_amount'], which "
        "socialvalue keeps for its own use; rename them")


def load_with_both_readers(home, tmp_path, lines: list[str]):
    """The same lines loaded as Oldham's (UTF-8: the fast reader) and as Bury's in Oldham's
    layout (Windows-1252, which goes through the tolerant reader and its normalised copy)."""
    fast_dir, tolerant_dir = tmp_path / "fast", tmp_path / "tolerant"
    fast_dir.mkdir()
    tolerant_dir.mkdir()
    fast = load(home, write_csv(fast_dir, "oldham-spend-2024-04.csv", lines), "oldham")
    tolerant = load(home, write_csv(tolerant_dir, "bury-spend-2024-04.csv", lines, "cp1252"),
                    "bury", profile=get_profile("oldham"))
    assert (fast.detected["parser"], tolerant.detected["parser"]) == ("fast", "tolerant")
    return fast, tolerant


def test_the_fast_and_tolerant_readers_stage_the_same_lines(home, tmp_path):
    lines = [HEADER] + [f"{d:02d}/04/2024,{d},\"£1,{d:03d}.50\",Café {d % 3}" for d in
                        range(1, 29)]
    lines += [lines[5], lines[9], lines[5], "31/04/2024,99,(12.00),REDACTED"]
    fast, tolerant = load_with_both_readers(home, tmp_path, lines)

    def staged(summary):
        return [{k: v for k, v in row.items() if k not in (
            "council", "source_file", "file_hash", "load_id", "loaded_at")}
            for row in loaded_rows(home, summary.load_id)]

    assert staged(fast) == staged(tolerant)
    rows = {r["source_row"]: r for r in staged(fast)}
    # Rows 30 and 32 repeat row 6 (the 5th line), row 31 repeats row 10.
    assert {n: r["duplicate_of_row"] for n, r in rows.items() if r["duplicate_of_row"]} == {
        30: 6, 31: 10, 32: 6}
    assert rows[3]["amount"] == D("1002.50") and rows[3]["beneficiary"] == "Café 2"
    assert (fast.rows_loaded, fast.rows_quarantined) == (31, 1)  # 31 April is no date
    assert (tolerant.rows_loaded, tolerant.rows_quarantined) == (31, 1)


def test_a_file_within_the_sample_is_parsed_once_and_lands_as_a_longer_one(home, tmp_path,
                                                                          monkeypatch):
    # A file no longer than the first rows read for the date forms is stored from them, not
    # parsed again; its rows land with the same numbers, repeats and values as when the whole
    # file is read a second time.
    import sources.tables

    lines = [HEADER] + [f"{d:02d}/04/2024,{d},\"£1,{d:03d}.50\",Café {d % 3}" for d in
                        range(1, 29)]
    lines += [lines[5], lines[9], "31/04/2024,99,(12.00),REDACTED", lines[5]]
    stored_from = []
    original = sources.tables.execute_with_progress
    monkeypatch.setattr(sources.tables, "execute_with_progress",
                        lambda con, sql, label: stored_from.append(sql) or original(con, sql,
                                                                                    label))
    summaries = []
    for sample_rows, council in ((len(lines) - 2, "oldham"), (len(lines), "bury")):
        monkeypatch.setattr(sources.tables, "SAMPLE_ROWS", sample_rows)
        folder = tmp_path / council
        folder.mkdir()
        summaries.append(load(home, write_csv(folder, f"{council}-spend-2024-04.csv", lines),
                              council, profile=get_profile("oldham")))
    assert [s.detected["parser"] for s in summaries] == ["fast", "fast"]
    longer, within = stored_from
    assert "read_csv(" in longer and "read_csv(" not in within

    def staged(summary):
        return [{k: v for k, v in row.items() if k not in (
            "council", "source_file", "file_hash", "load_id", "loaded_at")}
            for row in loaded_rows(home, summary.load_id)]

    assert staged(summaries[0]) == staged(summaries[1])
    rows = {r["source_row"]: r for r in staged(summaries[1])}
    assert {n: r["duplicate_of_row"] for n, r in rows.items() if r["duplicate_of_row"]} == {
        30: 6, 31: 10, 33: 6}
    assert [(s.rows_loaded, s.rows_quarantined) for s in summaries] == [(31, 1), (31, 1)]


def test_cells_padded_with_spaces_land_trimmed_whichever_reader_reads_them(home, tmp_path):
    lines = [HEADER, "02/04/2024,1,100.00,Padded Ltd", " 02/04/2024 , 1 ,  100.00 , Padded Ltd ",
             "03/04/2024,2,  x  ,  Café Positive  ", "04/04/2024,3,50.00,  "]
    fast, tolerant = load_with_both_readers(home, tmp_path, lines)
    with read_only(home.warehouse) as con:
        published = {s.load_id: [(r["source_row"], r["published"]) for r in records(
            con, "select source_row, record::varchar published from meta.quarantine "
                 "where load_id = ? order by source_row", [s.load_id])] for s in (fast, tolerant)}
    for summary in (fast, tolerant):
        rows = {r["source_row"]: r for r in loaded_rows(home, summary.load_id)}
        # The padded line is the first one again once trimmed: a repeat, not a new supplier.
        assert rows[3]["beneficiary"] == "Padded Ltd" and rows[3]["duplicate_of_row"] == 2
        assert rows[3]["transaction_ref"] == "1" and rows[3]["amount"] == D("100.00")
        assert (summary.rows_loaded, summary.rows_quarantined) == (2, 2)
    # The quarantine shows each failing line's cells as published, without the padding, and an
    # empty cell as empty, whichever reader read the file.
    assert published[fast.load_id] == published[tolerant.load_id]
    assert [json.loads(text) for _, text in published[fast.load_id]] == [
        {"source_row": 4, "Invoice Payment Date": "03/04/2024", "Transaction Number": "2",
         "Net Amount": "x", "Supplier Name": "Café Positive", "extra_cells": None},
        {"source_row": 5, "Invoice Payment Date": "04/04/2024", "Transaction Number": "3",
         "Net Amount": "50.00", "Supplier Name": None, "extra_cells": None}]


def test_typed_lines_as_a_view_load_what_stored_ones_do(home, tmp_path, monkeypatch):
    import sources.spend.reader

    lines = [HEADER] + [f"{d:02d}/04/2024,{d},\"{d * 101}.25\",Supplier {d % 4}" for d in
                        range(1, 29)]
    lines += [lines[3], "30/04/2024,98,0.00,Age UK", "29/04/2024,99,(60.00),Redacted personal data",
              "31/04/2024,100,12.00,Age UK", "28/04/2024,101,,Age UK"]

    def load_as(council: str, folder: str, store_up_to: int):
        monkeypatch.setattr(sources.spend.reader, "STORE_TYPED_LINES_UP_TO", store_up_to)
        (tmp_path / folder).mkdir()
        path = write_csv(tmp_path / folder, f"{council}-spend-2024-04.csv", lines)
        summary = load(home, path, council, profile=get_profile("oldham"))
        with read_only(home.warehouse) as con:
            staged = records(con, "select * exclude (council, source_file, file_hash, load_id, "
                                  "loaded_at) from staging.council_spend where load_id = ? "
                                  "order by source_row", [summary.load_id])
            held = records(con, "select source_row, failures, amount, record from "
                                "meta.quarantine where load_id = ? order by source_row",
                           [summary.load_id])
        return summary, staged, held

    stored, staged_stored, held_stored = load_as("oldham", "stored", 100_000)
    viewed, staged_viewed, held_viewed = load_as("bury", "viewed", 0)
    assert staged_viewed == staged_stored and held_viewed == held_stored
    assert (stored.rows_loaded, stored.rows_quarantined) == (viewed.rows_loaded,
                                                             viewed.rows_quarantined) == (30, 3)
    assert stored.quarantine_reasons == viewed.quarantine_reasons == {
        "amount_not_zero": 1, "amount_readable": 1, "payment_date_readable": 1}
    assert stored.amount_loaded == viewed.amount_loaded
    assert [r["duplicate_of_row"] for r in staged_viewed if r["duplicate_of_row"]] == [4]
