"""`socialvalue extract` and the publish asset on a copy of the demo's data folder: every
extract is a Dagster run in the history, a saved specification builds the same extract again,
and the asset reports what it published."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest
import yaml
from typer.testing import CliRunner

from basics.settings import configure_environment
from dashboards.extracts.dictionary import TABLES
from pipelines.assets.extracts import funder_extracts
from pipelines.resources import Warehouse
from socialvalue.cli import app

OLDHAM = "oldham-social-prescribing"
FUNDER = "GB-CHC-9999001"


@pytest.fixture
def copied(demo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo's data folder (warehouse, run history, published site) to change."""
    home = tmp_path / "home"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("SOCIALVALUE_HOME", str(home))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    configure_environment()
    return home


def run(*args: str) -> dict:
    result = CliRunner().invoke(app, ["extract", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_saved_specification_builds_the_same_extract_again(copied, tmp_path):
    published = copied / "site" / "extracts" / OLDHAM
    report = run("--spec", str(published / "extract.yaml"), "--out", str(tmp_path / "again"))
    again = Path(report["folder"])
    assert again == tmp_path / "again" / OLDHAM and Path(report["zip"]).exists()
    assert report["loads_replaced_since_spec"] == []
    for table in TABLES:
        assert (again / f"{table.name}.csv").read_bytes() == (
            published / f"{table.name}.csv").read_bytes(), table.name
        assert pq.read_table(again / f"{table.name}.parquet").equals(
            pq.read_table(published / f"{table.name}.parquet")), table.name
    assert yaml.safe_load((again / "extract.yaml").read_text()) == yaml.safe_load(
        (published / "extract.yaml").read_text())

    import dagster as dg_

    with dg_.DagsterInstance.get() as instance:
        runs = instance.get_run_records(filters=dg_.RunsFilter(job_name="make_extract"))
    assert [r.dagster_run.run_id for r in runs] == [report["run_id"]]
    assert runs[0].dagster_run.status == dg_.DagsterRunStatus.SUCCESS


def test_a_selection_on_the_command_line(copied, tmp_path):
    report = run("--partnership", OLDHAM, "--partnership", "plymouth-complex-needs",
                 "--year", "2024-25", "--funder", FUNDER, "--format", "csv",
                 "--out", str(tmp_path / "out"))
    folder = Path(report["folder"])
    assert folder.name == f"{OLDHAM}--plymouth-complex-needs"
    names = {f["path"] for f in report["files"]}
    assert not [n for n in names if n.endswith((".parquet", ".xlsx"))]
    assert {"datapackage.json", "method.md", "extract.yaml", "grants-360giving.json",
            "accounts.csv"} <= names
    grants = json.loads((folder / "grants-360giving.json").read_text())["grants"]
    assert grants and {g["fundingOrganization"][0]["id"] for g in grants} == {FUNDER}
    accounts = (folder / "accounts.csv").read_text().splitlines()
    assert len(accounts) == 3  # header and one year for each of the two partnerships
    spec = yaml.safe_load((folder / "extract.yaml").read_text())
    assert spec["funder"] == FUNDER and spec["financial_years"] == ["2024-25"]


def test_a_specification_whose_loads_were_replaced_says_so(copied, tmp_path):
    spec = yaml.safe_load((copied / "site" / "extracts" / OLDHAM / "extract.yaml").read_text())
    spec["built_from"].append("a-load-since-replaced")
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(spec))
    report = run("--spec", str(tmp_path / "old.yaml"), "--out", str(tmp_path / "out"))
    assert report["loads_replaced_since_spec"] == ["a-load-since-replaced"]


@pytest.mark.parametrize("args, message", [
    (["--partnership", "nowhere"], "no partnership 'nowhere'"),
    (["--partnership", OLDHAM, "--year", "2019-20"], "no accounts for 2019-20"),
    (["--partnership", OLDHAM, "--format", "pdf"], "formats must be"),
    ([], "--partnership SLUG"),
])
def test_a_bad_selection_is_one_line_saying_why(copied, tmp_path, args, message):
    result = CliRunner().invoke(app, ["extract", *args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_publish_asset_reports_what_it_published(copied):
    shutil.rmtree(copied / "site" / "extracts")
    result = dg.materialize([funder_extracts], resources={"warehouse": Warehouse()})
    assert result.success
    (event,) = result.get_asset_materialization_events()
    meta = {k: v.value for k, v in event.materialization.metadata.items()}
    assert meta["extracts"] == 4 and meta["sample_data"] is True
    assert meta["suppressed_cells"] > 0
    assert meta["rows_per_table"]["accounts"] == 4
    index = json.loads((copied / "site" / "extracts" / "index.json").read_text())
    assert meta["files"] == sum(len(e["files"]) for e in index["extracts"])
