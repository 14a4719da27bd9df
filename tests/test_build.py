"""Bringing everything up to date from the command line: `socialvalue build`, `ingest` building
after a load, `publish` rebuilding what is stale; every job on a warehouse holding only some
datasets."""

from __future__ import annotations

import json

import duckdb
from typer.testing import CliRunner

from pipelines.launch import run_job
from socialvalue.build import stale_assets
from socialvalue.cli import app

OLDHAM = "samples/data/spend/oldham/oldham-spend-2024-{:02d}.csv"


def cli(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, list(args))
    if "--json" in args:
        return out.exit_code, out.output
    return out.exit_code, " ".join(out.output.split())  # as read, whatever the width


def test_stale_is_what_was_built_before_its_inputs_or_never():
    parents = {"staging": [], "mart": ["staging"], "page": ["mart", "health"], "health": [],
               "other": ["register"]}
    built = {"staging": 10.0, "mart": 5.0, "page": 6.0, "health": 6.0, "other": 7.0,
             "register": 1.0}
    candidates = ["mart", "page", "health", "other"]
    # The mart is older than its staging table: it and the page after it; health always rides.
    assert stale_assets(parents, built, candidates) == {"mart", "page", "health"}
    built["mart"] = 11.0
    built["page"] = 12.0
    assert stale_assets(parents, built, candidates) == set()
    assert stale_assets(parents, {**built, "other": None}, candidates) == {"other", "health"}


def test_publish_on_spend_alone_then_a_second_month_shows_on_the_council_page(home):
    code, out = cli("ingest", "spend", OLDHAM.format(4), "--council", "oldham", "--no-build")
    assert code == 0, out
    assert "Not rebuilt (--no-build)" in out
    assert not (home.site / "councils" / "oldham.html").exists()
    # Once a Dagster error (no accounts mart to take the extracts from): now the stale marts
    # are built first, and what is missing said in one line.
    code, out = cli("publish")
    assert code == 0, out
    assert "Traceback" not in out and "dagster" not in out.lower()
    assert "Not loaded yet:" in out and "outcome returns (no social value accounts)" in out
    assert "2024-04" in (home.site / "councils" / "oldham.html").read_text()

    code, out = cli("ingest", "spend", OLDHAM.format(5), "--council", "oldham", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["files"][0]["status"] == "loaded"
    assert report["build"]["ok"] and "marts/spend_classified" in report["build"]["rebuilt"]
    assert "publish/dashboards" in report["build"]["rebuilt"]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        [(last,)] = con.execute("select max(payment_date) from marts.spend_classified").fetchall()
    assert last.month == 5
    assert "2024-05" in (home.site / "councils" / "oldham.html").read_text()

    code, out = cli("build")
    assert code == 0 and "Everything is up to date" in out


def test_accounts_build_without_any_spend(home, sample):
    for verb, path in (("partnerships", "registers/partnerships.csv"),
                       ("partners", "registers/partners.csv"),
                       ("catalogue", "catalogue/illustrative-2026.csv"),
                       ("prices", "catalogue/price-index.csv")):
        code, out = cli("ingest", verb, str(sample / path), "--no-build")
        assert code == 0, out
    returns = sorted((sample / "outcomes" / "oldham-social-prescribing").glob("*.csv"))
    code, out = cli("ingest", "outcomes", *map(str, returns), "--no-build")
    assert code == 0, out
    # The job alone (as in the UI): once "marts.spend_classified not in the warehouse yet".
    outcome = run_job("build_accounts")
    assert outcome.success, outcome.error
    code, out = cli("accounts", "--json")
    assert code == 0, out
    [account] = json.loads(out)["partnerships"]
    assert account["partnership_id"] == "oldham-social-prescribing"
    assert account["present_value_gbp"] > 0 and account["inputs_gbp"] == "0.00"
