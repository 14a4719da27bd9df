"""Loading partners' outcome returns by partnership-quarter, through Dagster and the command line.

Returns are checked against the partners register and the measure catalogue, so most tests load
those first. Every expected count is worked out here from the files themselves.
"""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from socialvalue.cli import app
from sources.catalogue import MEASURE_CATALOGUE
from sources.partners import PARTNERS
from tests.dataset_files import (
    SAMPLE,
    as_dicts,
    changed_copy,
    ingest,
    quarantined,
    seed,
    staged,
    table_rows,
    write_rows,
)

OUTCOMES = SAMPLE / "outcomes"
RETURNS = sorted(OUTCOMES.glob("*/*"))
CROYDON_Q1 = OUTCOMES / "croydon-community" / "croydon-community-2024-25-Q1.csv"
CROYDON_Q2 = OUTCOMES / "croydon-community" / "croydon-community-2024-25-Q2.csv"
PLYMOUTH_Q2 = OUTCOMES / "plymouth-complex-needs" / "plymouth-complex-needs-2024-25-Q2.csv"


@pytest.fixture
def registers(home):
    """The partners register and the measure catalogue the returns are checked against."""
    seed(home, PARTNERS, SAMPLE / "registers" / "partners.csv")
    seed(home, MEASURE_CATALOGUE, SAMPLE / "catalogue" / "illustrative-2026.csv")
    return home


def expected_faults(path) -> dict[int, dict[str, str]]:
    """{spreadsheet row: {rule: value}} for the rows the file itself shows to be wrong."""
    with (SAMPLE / "catalogue" / "illustrative-2026.csv").open(newline="") as f:
        codes = {r["code"] for r in csv.DictReader(f)}
    faults: dict[int, dict[str, str]] = {}
    for row, r in enumerate(as_dicts(path), start=2):
        if r["measure_code"] not in codes:
            faults.setdefault(row, {})["measure_code_in_catalogue"] = r["measure_code"]
        if int(float(r["beneficiaries"])) < 0:
            faults.setdefault(row, {})["beneficiaries_not_negative"] = r["beneficiaries"]
    return faults


def test_every_sample_return_loads_with_its_faults_quarantined(registers):
    results = ingest("outcomes", *RETURNS)
    assert [r["path"] for r in results] == [str(p) for p in RETURNS]
    for path, result in zip(RETURNS, results, strict=True):
        rows = len(table_rows(path)[1])
        faults = expected_faults(path)
        assert (result["status"], result["scope"], result["rows_read"], result["rows_loaded"],
                result["rows_quarantined"]) == (
            "loaded", path.parent.name, rows, rows - len(faults), len(faults)), path.name
        assert quarantined(registers, result["load_id"]) == faults, path.name
        assert result["periods"] == [path.stem[-10:]]
    # The two faults the sample plants, as its README lists them.
    assert expected_faults(PLYMOUTH_Q2) == {12: {"measure_code_in_catalogue": "ILL-DEBT-01"}}
    assert expected_faults(CROYDON_Q1) == {4: {"beneficiaries_not_negative": "-2"}}
    stored = staged(registers, "select partnership_id, quarter_key, count(*) n, "
                               "min(period_start) s, max(period_end) e from "
                               "staging.outcome_returns group by all order by all")
    assert len(stored) == len(RETURNS)
    assert sum(s["n"] for s in stored) == sum(len(table_rows(p)[1]) - len(expected_faults(p))
                                              for p in RETURNS)


def test_reloading_a_return_changes_nothing(registers):
    [first] = ingest("outcomes", CROYDON_Q1)
    before = staged(registers, "select * from staging.outcome_returns order by source_row")
    [again] = ingest("outcomes", CROYDON_Q1)
    assert again["status"] == "already_loaded" and first["load_id"] in again["message"]
    assert (again["rows_loaded"], again["rows_quarantined"]) == (
        first["rows_loaded"], first["rows_quarantined"])
    assert staged(registers, "select * from staging.outcome_returns order by source_row") == before


def test_a_corrected_return_replaces_its_partnership_quarter_only(registers, tmp_path):
    [q1, q2] = ingest("outcomes", CROYDON_Q1, CROYDON_Q2)
    [(row, _)] = expected_faults(CROYDON_Q1).items()
    fixed = changed_copy(CROYDON_Q1, tmp_path / CROYDON_Q1.name, row, "beneficiaries", "2")
    [reissue] = ingest("outcomes", fixed)
    rows = len(table_rows(CROYDON_Q1)[1])
    assert (reissue["status"], reissue["rows_loaded"], reissue["rows_quarantined"]) == (
        "replaced", rows, 0)
    by_quarter = {r["quarter_key"]: (r["load_id"], r["n"]) for r in staged(
        registers, "select quarter_key, load_id, count(*) n from staging.outcome_returns "
                   "group by all")}
    assert by_quarter == {"2024-25-Q1": (reissue["load_id"], rows),
                          "2024-25-Q2": (q2["load_id"], q2["rows_loaded"])}
    assert quarantined(registers, q1["load_id"]) == {}  # the first version's bad row went too


def test_a_return_from_any_year_the_partitions_hold_loads_and_one_beyond_is_refused(
        registers, tmp_path):
    # The quarters held run from 2010-11 (as spend's months do) to 2030-31.
    header, rows = table_rows(CROYDON_Q1)
    for quarter, status in (("2010-11 Q1", "loaded"), ("2031-32 Q1", "refused")):
        path = tmp_path / f"croydon-{quarter}.csv"
        write_rows(path, header, [[quarter if h == "period" else v
                                   for h, v in zip(header, r, strict=True)] for r in rows])
        [result] = ingest("outcomes", path)
        assert result["status"] == status, result.get("message")
    assert "financial years 2010-11 to 2030-31" in result["message"]


def test_a_return_without_a_required_column_is_refused(registers, tmp_path):
    broken = changed_copy(CROYDON_Q1, tmp_path / CROYDON_Q1.name, drop_column="measure_code")
    [result] = ingest("outcomes", broken)
    assert result["status"] == "refused"
    assert broken.name in result["message"] and "'measure_code'" in result["message"]
    assert all(f"'{h}'" in result["message"] for h in table_rows(broken)[0])
    assert staged(registers, "select count(*) n from staging.outcome_returns") == [{"n": 0}]


def test_a_return_spanning_several_partnerships_is_refused(registers, tmp_path):
    mixed = changed_copy(CROYDON_Q1, tmp_path / "mixed.csv", 3, "partnership_id",
                         "oldham-social-prescribing")
    [result] = ingest("outcomes", mixed)
    assert result["status"] == "refused" and "one outcome return per partnership" in \
        result["message"]


def test_the_stated_partnership_must_be_the_one_the_rows_name(registers):
    [result] = ingest("outcomes", CROYDON_Q1, partnership="oldham-social-prescribing")
    assert result["status"] == "refused" and "--partnership" in result["message"]


def test_without_a_catalogue_every_measure_is_held_back_with_the_reason(home):
    seed(home, PARTNERS, SAMPLE / "registers" / "partners.csv")
    [result] = ingest("outcomes", CROYDON_Q2)
    held = quarantined(home, result["load_id"])
    assert result["rows_loaded"] == 0 and len(held) == len(table_rows(CROYDON_Q2)[1])
    assert all(set(rules) == {"measure_catalogue_loaded"} for rules in held.values())


def test_a_partner_missing_from_the_register_is_quarantined(registers, tmp_path):
    stranger = changed_copy(CROYDON_Q2, tmp_path / CROYDON_Q2.name, 5, "partner_org_id",
                            "GB-CHC-1111111")
    [result] = ingest("outcomes", stranger)
    assert quarantined(registers, result["load_id"]) == {
        5: {"partner_in_register": "GB-CHC-1111111"}}


def test_a_workbook_return_reports_on_the_quarter_its_rows_name(registers, tmp_path):
    header, rows = table_rows(CROYDON_Q2)
    book = write_rows(tmp_path / "croydon-return.xlsx", header, rows)
    [result] = ingest("outcomes", book)
    assert (result["status"], result["periods"], result["rows_loaded"]) == (
        "loaded", ["2024-25-Q2"], len(rows))


def test_ingest_outcomes_on_the_command_line(registers):
    out = CliRunner().invoke(app, ["ingest", "outcomes", str(PLYMOUTH_Q2), "--partnership",
                                   "plymouth-complex-needs", "--json"])
    assert out.exit_code == 0, out.output
    [file] = json.loads(out.stdout)["files"]
    rows, faults = len(table_rows(PLYMOUTH_Q2)[1]), expected_faults(PLYMOUTH_Q2)
    assert {k: file[k] for k in ("path", "status", "rows_read", "rows_loaded",
                                 "rows_quarantined", "amount_read", "amount_loaded",
                                 "amount_quarantined")} == {
        "path": str(PLYMOUTH_Q2), "status": "loaded", "rows_read": rows,
        "rows_loaded": rows - len(faults), "rows_quarantined": len(faults),
        "amount_read": None, "amount_loaded": None, "amount_quarantined": None}
    assert file["load_id"] and file["quarantine_reasons"] == {"measure_code_in_catalogue": 1}

    status = json.loads(CliRunner().invoke(app, ["status", "--json"]).stdout)["datasets"]
    assert {"dataset": "outcomes", "scope": "plymouth-complex-needs",
            "rows_loaded": rows - len(faults)}.items() <= next(
        d for d in status if d["dataset"] == "outcomes").items()
