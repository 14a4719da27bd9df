"""The checks on loaded data: what they catch after a load, and what they stop."""

from __future__ import annotations

import csv

from pipelines.launch import run_job
from tests.conftest import SAMPLE
from tests.dataset_files import ingest, staged
from warehouse.connection import read_only
from warehouse.integrity import RULES, broken_rules

PLYMOUTH_Q1 = (SAMPLE / "outcomes" / "plymouth-complex-needs"
               / "plymouth-complex-needs-2024-25-Q1.csv")


def test_every_staged_dataset_has_integrity_rules_that_hold_on_an_empty_warehouse(home):
    from sources.datasets import datasets
    from warehouse.connection import writer

    assert set(RULES) == {d.name for d in datasets()}
    with writer(home.warehouse) as con:
        for dataset in RULES:
            assert set(broken_rules(con, dataset).values()) == {0}, dataset


def test_partners_loaded_before_their_partnerships_are_loaded_and_flagged(home):
    [result] = ingest("partners", SAMPLE / "registers" / "partners.csv")
    assert result["status"] == "loaded" and result["rows_loaded"] == 22
    assert result["checks_failed"] == (
        "partners: rows loaded break partnerships_not_in_register (22 rows) when checked against "
        "the datasets held now; load or correct the dataset they refer to")
    [result] = ingest("partnerships", SAMPLE / "registers" / "partnerships.csv")
    assert "checks_failed" not in result
    with read_only(home.warehouse) as con:
        assert broken_rules(con, "partners")["partnerships_not_in_register"] == 0


def test_a_register_that_drops_a_partner_stops_the_accounts(home, tmp_path):
    for dataset, name in [("partnerships", "registers/partnerships.csv"),
                          ("partners", "registers/partners.csv"),
                          ("measure_catalogue", "catalogue/illustrative-2026.csv"),
                          ("price_index", "catalogue/price-index.csv")]:
        ingest(dataset, SAMPLE / name)
    [loaded] = ingest("outcomes", PLYMOUTH_Q1)
    assert loaded["rows_loaded"] == 14
    with (SAMPLE / "registers" / "partners.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    gone = next(r for r in rows if r["partnership_id"] == "plymouth-complex-needs"
                and r["role"] == "member")
    smaller = tmp_path / "partners.csv"
    with smaller.open("w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(r for r in rows if r is not gone)
    ingest("partners", smaller)
    lines = staged(home, "select count(*) n from staging.outcome_returns where partner_org_id = ?",
                   [gone["org_id"]])[0]["n"]
    assert lines > 0
    with read_only(home.warehouse) as con:
        assert broken_rules(con, "outcomes")["partners_not_in_register"] == lines
    outcome = run_job("build_accounts")
    # Said in words a user can act on: the dataset, the rule broken, what to look at.
    assert not outcome.success
    assert outcome.checks_failed == (
        f"outcomes: rows loaded break partners_not_in_register ({lines:,} rows) when checked "
        "against the datasets held now; load or correct the dataset they refer to",)
    assert "Dagster" not in outcome.error and "partners_not_in_register" in outcome.error
    assert not staged(home, "select * from duckdb_tables() where schema_name = 'marts' "
                            "and table_name = 'partnership_accounts'")
