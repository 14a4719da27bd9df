"""The whole pipeline on the bundled sample, end to end through Dagster, and the code location.

`demo_home` is the data folder after `socialvalue.demo.run_demo` (every sample file received and
loaded by the same Dagster jobs the command line and the UI run, then build_and_publish). Its
figures are checked against the ledger the sample generator wrote (`EXPECTED.json`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal as D

import dagster as dg
import pytest
from typer.testing import CliRunner

from basics.duck import records
from basics.settings import PROJECT_ROOT, Paths
from pipelines.definitions import defs
from socialvalue.cli import app
from socialvalue.demo import sample_files
from tests.conftest import SAMPLE
from warehouse.connection import read_only, writer

LEDGER = json.loads((SAMPLE / "EXPECTED.json").read_text())
# the ledger's kinds of bad row -> the quarantine rule each must be held back under
RULE_OF = {"bad_amount": "amount_readable", "bad_date": "payment_date_readable",
           "blank_supplier": "beneficiary_named_or_redacted", "zero_amount": "amount_not_zero",
           "future_date": "payment_date_not_in_future",
           "date_outside_period": "payment_date_in_period"}


def loads_by_file(con) -> dict[str, dict]:
    return {r["file_name"]: r for r in records(
        con, "select * from meta.loads where status in ('loaded', 'replaced')")}


@pytest.mark.slow
def test_every_sample_spend_file_is_loaded_or_quarantined_as_the_ledger_says(demo):
    with read_only(demo.warehouse) as con:
        loads = loads_by_file(con)
        held = {(r["file_name"], r["source_row"]): {f["rule"] for f in r["failures"]}
                for r in records(con, "select l.file_name, q.source_row, q.failures from "
                                      "meta.quarantine q join meta.loads l using (load_id) "
                                      "where q.dataset = 'spend'")}
    for f in LEDGER["spend"]:
        name = f["file"].rsplit("/", 1)[1]
        load = loads[name]
        bad = {(name, x["row"]): RULE_OF[x["kind"]] for x in f["faults"] if x["bad"]}
        assert load["rows_read"] == f["rows"], name
        assert load["rows_quarantined"] == len(bad), name
        assert load["rows_loaded"] == f["rows"] - len(bad), name
        assert load["amount_read"] == load["amount_loaded"] + load["amount_quarantined"]
        for key, rule in bad.items():
            assert rule in held[key], (key, held.get(key))
    assert len({k for k in held}) == sum(
        1 for f in LEDGER["spend"] for x in f["faults"] if x["bad"])


@pytest.mark.slow
def test_each_councils_spend_and_its_partnerships_total_match_the_ledger(demo):
    with read_only(demo.warehouse) as con:
        stored = {r["council"]: r for r in records(con, """
            select council, count(*) as lines, sum(amount) as amount,
                   sum(amount) filter (where duplicate_of_row is null) as amount_once
            from staging.council_spend group by all""")}
        to_partners = {r["partnership_id"]: r["amount"] for r in records(con, """
            select partnership_id, sum(amount) as amount from marts.spend_classified
            where partnership_id is not null group by all""")}
        redacted = dict(con.execute("select council, count(*) from staging.council_spend "
                                    "where is_redacted group by all").fetchall())
    partnership_of = {"oldham": "oldham-social-prescribing",
                      "plymouth": "plymouth-complex-needs",
                      "leicestershire": "leicestershire-childrens",
                      "croydon": "croydon-community"}
    for council in LEDGER["councils"]:
        name = council["council"]
        assert stored[name]["lines"] == council["rows"] - council["bad_rows"], name
        assert stored[name]["amount_once"] == D(
            council["amount_total_excluding_bad_and_duplicate_rows"]), name
        assert redacted[name] == council["faults_by_kind"]["redacted"], name
        paid = sum(D(v) for f in LEDGER["spend"] if f["council"] == name
                   for v in f["partner_totals"].values())
        assert to_partners[partnership_of[name]] == paid, name


@pytest.mark.slow
def test_every_other_sample_file_loads_with_its_planted_faults_held_back(demo):
    with read_only(demo.warehouse) as con:
        loads = loads_by_file(con)
        grants = records(con, "select count(*) n, sum(amount_awarded) amount from staging.grants")
        outcome_rules = {(r["file_name"], r["source_row"]): {f["rule"] for f in r["failures"]}
                         for r in records(con, """
            select l.file_name, q.source_row, q.failures from meta.quarantine q
            join meta.loads l using (load_id) where q.dataset = 'outcomes'""")}
    for f in LEDGER["outcomes"]:
        name = f["file"].rsplit("/", 1)[1]
        bad = [x for x in f["faults"] if x["bad"]]
        assert loads[name]["rows_read"] == f["rows"], name
        assert loads[name]["rows_quarantined"] == len(bad), name
        assert {(name, x["row"]) for x in bad} <= set(outcome_rules), name
    ledger = LEDGER["grants"]
    assert grants == [{"n": ledger["json"]["grants"] + ledger["csv"]["grants"],
                       "amount": D(ledger["json"]["amount_total"])
                       + D(ledger["csv"]["amount_total"])}]


@pytest.mark.slow
def test_the_demo_again_changes_nothing(demo_home, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(demo_home, home)
    monkeypatch.setenv("SOCIALVALUE_HOME", str(home))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    count = "select (select count(*) from staging.council_spend) + (select count(*) from " \
            "staging.outcome_returns) + (select count(*) from meta.quarantine) as n"
    with read_only(home / "warehouse.duckdb") as con:
        before = records(con, count)
    out = CliRunner().invoke(app, ["demo", "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    every_file = sum(len(files) for files in sample_files().values())
    assert report["ok"] and report["files"]["by_status"] == {"already_loaded": every_file}
    assert report["site"].endswith("site/index.html")
    with read_only(home / "warehouse.duckdb") as con:
        assert records(con, count) == before


@pytest.mark.slow
def test_a_blocking_check_stops_publishing(demo_home, tmp_path, monkeypatch):
    home = Paths(tmp_path / "home")
    shutil.copytree(demo_home, home.home)
    monkeypatch.setenv("SOCIALVALUE_HOME", str(home.home))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with writer(home.warehouse) as con:  # a loaded spend line lost behind the loads' back
        con.execute("delete from staging.council_spend_lines where rowid = (select min(s.rowid) "
                    "from staging.council_spend_lines s join meta.loads l using (load_id) "
                    "where l.scope = 'plymouth')")
        con.execute("drop table marts.partnership_accounts")
    out = CliRunner().invoke(app, ["publish"])
    assert out.exit_code == 1
    said = " ".join(out.output.split())
    assert ("spend: the rows stored no longer match what their load recorded (plymouth "
            "Plymouth payments over 500 - April 2024.csv); load those files again") in said
    assert "dagster" not in said.lower()
    from pipelines.launch import run_job

    outcome = run_job("build_and_publish")
    assert not outcome.success
    with read_only(home.warehouse) as con:  # the marts after the check were not rebuilt
        assert not records(con, "select * from duckdb_tables() where schema_name = 'marts' "
                                "and table_name = 'partnership_accounts'")


def test_the_code_location_has_every_asset_check_job_schedule_and_sensor():
    repo = defs.get_repository_def()
    assets = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    datasets = ["council_spend", "outcome_returns", "partnerships", "partners",
                "measure_catalogue", "price_index", "imperative_evidence", "self_assessments",
                "grants", "register_charities_ew", "register_charities_scotland",
                "register_charities_ni", "register_companies", "register_mutuals",
                "register_housing_providers"]
    marts = ["councils", "spend_classified", "vcse_coverage", "social_value", "partnership_inputs",
             "imperative_compliance", "outcomes_vs_targets", "cost_per_outcome",
             "partnership_accounts", "self_assessment", "council_spend_analysis",
             "feed_health"]
    assert {f"staging/{d}" for d in datasets} <= assets
    assert {f"marts/{m}" for m in marts} <= assets
    assert {"meta/spend_quarantine", "meta/outcome_quarantine"} <= assets
    checks = {k.name for k in repo.asset_graph.asset_check_keys}
    for dataset in ["spend", "outcomes", "partnerships", "partners", "measure_catalogue",
                    "price_index", "imperative_evidence", "self_assessments", "grants",
                    "charities_ew", "charities_scotland", "charities_ni", "companies", "mutuals",
                    "housing_providers"]:
        assert {f"{dataset}_{c}" for c in ("reconciles", "quarantine_rate", "files_accepted",
                                           "schema_valid")} <= checks
    assert "feeds_on_time" in checks
    jobs = {j.name for j in repo.get_all_jobs()}
    assert {"ingest_spend", "ingest_outcomes", "ingest_reference", "build_accounts",
            "build_and_publish", "publish", "check_feeds", "collect_spend",
            "receive_dropped"} <= jobs
    assert {s.name for s in repo.schedule_defs} == {"monthly_spend_publication_check",
                                                    "quarterly_outcome_returns_check",
                                                    "daily_spend_collection"}
    assert {s.name for s in repo.sensor_defs} == {"spend_inbox", "outcomes_inbox",
                                                  "reference_inbox", "load_received",
                                                  "load_collected_spend", "publish_after_load"}
    spend = repo.assets_defs_by_key[dg.AssetKey(["staging", "council_spend"])]
    assert spend.partitions_def.partitions_defs[0].name == "council"


@pytest.mark.slow
def test_dagster_loads_the_workspace_as_the_ui_does(tmp_path):
    env = {"PATH": str(PROJECT_ROOT / ".venv" / "bin"), "HOME": str(tmp_path),
           "SOCIALVALUE_HOME": str(tmp_path / "home"),
           "DAGSTER_HOME": str(tmp_path / "home" / "dagster")}
    (tmp_path / "home" / "dagster").mkdir(parents=True)
    dagster = [sys.executable, "-m", "dagster"]
    # From another folder, so the project's .env (a developer's data folder) is not read.
    done = subprocess.run([*dagster, "definitions", "validate", "-w",
                           str(PROJECT_ROOT / "workspace.yaml")],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "All code locations passed validation" in done.stderr + done.stdout
