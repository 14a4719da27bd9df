"""Loading the reference datasets (registers, catalogue, price index, evidence, self-assessments,
grants) exactly as spend is loaded: through Dagster, with lineage, quarantine and reconciliation.

Every expected count and amount is worked out here from the file itself (Python's csv, json and
openpyxl), never copied from the pipeline's own output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest

from pipelines.launch import dagster_instance
from tests.dataset_files import (
    SAMPLE,
    as_dicts,
    changed_copy,
    ingest,
    quarantined,
    staged,
    table_rows,
    write_rows,
)


@dataclass(frozen=True)
class Case:
    dataset: str
    sample: str
    table: str
    bad: tuple[int, str, str, str]  # spreadsheet row, column, bad value, the rule it breaks
    fixed: str                      # a valid value for that cell, as a corrected re-issue has
    required: str                   # a column the dataset cannot do without
    amount: str | None = None       # the column whose amounts reconcile, if any

    @property
    def path(self):
        return SAMPLE / self.sample

    def __str__(self) -> str:
        return self.dataset


CASES = [
    Case("partnerships", "registers/partnerships.csv", "staging.partnerships",
         (3, "commissioning_route", "framework agreement", "commissioning_route_known"), "other",
         "lead_council_org_id", "contract_value_gbp"),
    Case("partners", "registers/partners.csv", "staging.partners",
         (3, "org_id", "GB-COH-123", "org_id_form"), "GB-COH-00000123", "legal_form"),
    Case("measure_catalogue", "catalogue/illustrative-2026.csv", "staging.measure_catalogue",
         (3, "deadweight", "1.2", "deadweight_is_share"), "0.12", "licence"),
    Case("price_index", "catalogue/price-index.csv", "staging.price_index",
         (3, "index", "-5", "index_positive"), "85", "index"),
    Case("imperative_evidence", "evidence/imperative-evidence.csv",
         "staging.imperative_evidence",
         (3, "period_end", "2024-03-31", "period_dates_in_order"), "2025-03-30",
         "evidence_field"),
    Case("self_assessments", "evidence/self-assessment.csv", "staging.self_assessments",
         (3, "score", "7", "score_in_range"), "3", "score"),
    Case("grants", "grants/illustrative-trust-grants.csv", "staging.grants",
         (3, "Amount Awarded", "-100", "amount_awarded_not_negative"), "100", "Award Date",
         "Amount Awarded"),
]


def count(home, table: str) -> int:
    return staged(home, f"select count(*) n from {table}")[0]["n"]


def total(path, column: str) -> Decimal:
    return sum((Decimal(r[column]) for r in as_dicts(path) if r[column]), Decimal("0"))


def current_loads(home, table: str) -> list[str]:
    return [r["load_id"] for r in staged(home, f"select distinct load_id from {table}")]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_load_reload_quarantine_and_replace(home, case, tmp_path):
    rows = len(table_rows(case.path)[1])
    [first] = ingest(case.dataset, case.path)
    assert (first["status"], first["rows_read"], first["rows_loaded"],
            first["rows_quarantined"]) == ("loaded", rows, rows, 0)
    if case.amount:
        assert Decimal(first["amount_loaded"]) == total(case.path, case.amount)
    else:
        assert first["amount_read"] is None and first["amount_loaded"] is None
    assert count(home, case.table) == rows
    assert staged(home, f"select distinct source_file, load_id from {case.table}") == [
        {"source_file": case.path.name, "load_id": first["load_id"]}]

    [again] = ingest(case.dataset, case.path)
    assert (again["status"], again["rows_loaded"]) == ("already_loaded", rows)
    assert current_loads(home, case.table) == [first["load_id"]]

    row, column, value, rule = case.bad
    bad = changed_copy(case.path, tmp_path / "bad" / case.path.name, row, column, value)
    [held] = ingest(case.dataset, bad)
    assert (held["status"], held["rows_loaded"], held["rows_quarantined"]) == (
        "replaced", rows - 1, 1)
    assert quarantined(home, held["load_id"]) == {row: {rule: value}}
    if case.amount:
        assert Decimal(held["amount_quarantined"]) == Decimal(as_dicts(bad)[row - 2][case.amount])
        assert Decimal(held["amount_read"]) == total(bad, case.amount)

    fixed = changed_copy(case.path, tmp_path / "fixed" / case.path.name, row, column,
                         case.fixed)
    [reissue] = ingest(case.dataset, fixed)
    assert (reissue["status"], reissue["rows_loaded"], reissue["rows_quarantined"]) == (
        "replaced", rows, 0)
    assert current_loads(home, case.table) == [reissue["load_id"]]
    assert staged(home, "select count(*) n from meta.quarantine where dataset = ?",
                  [case.dataset]) == [{"n": 0}]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_file_without_a_required_column_is_refused(home, case, tmp_path):
    broken = changed_copy(case.path, tmp_path / case.path.name, drop_column=case.required)
    [result] = ingest(case.dataset, broken)
    assert result["status"] == "refused"
    message = result["message"]
    header = table_rows(broken)[0]
    assert broken.name in message and f"'{case.required}'" in message
    assert all(f"'{h}'" in message for h in header)
    assert count(home, case.table) == 0
    assert staged(home, "select status, file_name from meta.loads") == [
        {"status": "refused", "file_name": broken.name}]


def test_registers_accept_retyped_headers_in_a_workbook_return_sheet(home, tmp_path):
    header, rows = table_rows(SAMPLE / "registers" / "partners.csv")
    retyped = [h.replace("_", " ").upper() + "  " for h in header]
    book = write_rows(tmp_path / "partners.xlsx", retyped, rows)
    [result] = ingest("partners", book)
    assert (result["status"], result["rows_loaded"]) == ("loaded", len(rows))
    assert result["detected"]["sheet"] == "Return"
    vcse = {r["org_id"]: r["vcse"] == "true" for r in as_dicts(SAMPLE / "registers" /
                                                                "partners.csv")}
    assert {r["org_id"]: r["vcse"] for r in staged(
        home, "select org_id, vcse from staging.partners")} == vcse


def test_partnerships_become_partitions_of_the_outcome_returns(home):
    ingest("partnerships", SAMPLE / "registers" / "partnerships.csv")
    ids = {r["partnership_id"] for r in as_dicts(SAMPLE / "registers" / "partnerships.csv")}
    with dagster_instance() as instance:
        assert set(instance.get_dynamic_partitions("partnership")) == ids


def test_partners_contradicting_their_legal_form_are_quarantined(home, tmp_path):
    header, rows = table_rows(SAMPLE / "registers" / "partners.csv")
    form, vcse = header.index("legal_form"), header.index("vcse")
    charity = next(i for i, r in enumerate(rows) if r[form] == "charity")
    council = next(i for i, r in enumerate(rows) if r[form] == "local authority")
    rows[charity][vcse], rows[council][vcse] = "false", "true"
    [result] = ingest("partners", write_rows(tmp_path / "partners.csv", header, rows))
    assert quarantined(home, result["load_id"]) == {
        charity + 2: {"vcse_fits_legal_form": "false"},
        council + 2: {"vcse_fits_legal_form": "true"}}


def test_a_catalogue_replaces_only_its_own_framework_edition(home, tmp_path):
    sample = SAMPLE / "catalogue" / "illustrative-2026.csv"
    header, rows = table_rows(sample)
    framework, edition = header.index("framework"), header.index("edition")
    other = write_rows(tmp_path / "other.csv", header,
                       [[*r[:edition], "2027.1", *r[edition + 1:]] for r in rows])
    ingest("measure_catalogue", sample, other)
    [reissue] = ingest("measure_catalogue",
                       write_rows(tmp_path / "reissue.csv", header, rows[:-1]))
    assert reissue["status"] == "replaced"
    assert reissue["scope"] == f"{rows[0][framework]}:{rows[0][edition]}"
    by_edition = {r["edition"]: r["n"] for r in staged(
        home, "select edition, count(*) n from staging.measure_catalogue group by all")}
    assert by_edition == {rows[0][edition]: len(rows) - 1, "2027.1": len(rows)}


def test_a_catalogue_of_several_editions_is_refused(home, tmp_path):
    sample = SAMPLE / "catalogue" / "illustrative-2026.csv"
    mixed = changed_copy(sample, tmp_path / "mixed.csv", 2, "edition", "2027.1")
    [result] = ingest("measure_catalogue", mixed)
    assert result["status"] == "refused" and "one file per framework edition" in result["message"]


def test_a_360giving_json_package_loads_with_grants_numbered_from_one(home, tmp_path):
    sample = SAMPLE / "grants" / "illustrative-community-foundation.json"
    grants = json.loads(sample.read_text())["grants"]
    [whole] = ingest("grants", sample)
    assert (whole["rows_loaded"], whole["rows_quarantined"]) == (len(grants), 0)
    assert Decimal(whole["amount_loaded"]) == sum(Decimal(str(g["amountAwarded"]))
                                                  for g in grants)
    funders = {g["fundingOrganization"][0]["id"] for g in grants}
    assert {whole["scope"]} == funders
    stored = staged(home, "select source_row, grant_id, grant_json from staging.grants "
                          "order by source_row")
    assert [(r["source_row"], r["grant_id"]) for r in stored] == [
        (i, g["id"]) for i, g in enumerate(grants, start=1)]
    assert json.loads(stored[0]["grant_json"]) == grants[0]

    grants[1] = {**grants[1], "title": ""}
    reissued = tmp_path / sample.name
    reissued.write_text(json.dumps({"grants": grants}))
    [again] = ingest("grants", reissued)
    assert again["status"] == "replaced"
    assert quarantined(home, again["load_id"]) == {2: {"title_present": None}}


def test_a_json_file_that_is_not_a_grants_package_is_refused(home, tmp_path):
    path = tmp_path / "grants.json"
    path.write_text(json.dumps([{"id": "360G-x"}]))
    [result] = ingest("grants", path)
    assert result["status"] == "refused" and '"grants" array' in result["message"]


def test_a_grants_file_from_several_funders_is_scoped_by_its_name(home, tmp_path):
    sample = SAMPLE / "grants" / "illustrative-trust-grants.csv"
    mixed = changed_copy(sample, tmp_path / "two-funders.csv", 2, "Funding Org:Identifier",
                         "GB-CHC-1234567")
    [result] = ingest("grants", mixed)
    assert result["status"] == "loaded" and result["scope"] == "two-funders"
