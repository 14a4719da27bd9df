"""The ingest benchmark at a small size: the fast path loads exactly what the reference path does.

Runs `python -m benchmarks.ingest` at 50k rows and on 3 files of 2,000 lines (without the 36-month
history and the demo) and checks its row-by-row comparison: the real ingest path, called as
functions and through the Dagster job, loads the same source rows with the same amounts and
duplicate flags, and quarantines the same rows under the same rules, as the naive pandas +
Pandera path. Not its speed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from basics.settings import PROJECT_ROOT

ROWS = 50_000
FILES, FILE_ROWS = 3, 2_000
RULES = {"amount_not_zero", "amount_readable", "beneficiary_named_or_redacted",
         "payment_date_readable"}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    out = work / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest", "--rows", str(ROWS), "--skip-incremental",
         "--skip-demo", "--files", str(FILES), "--file-rows", str(FILE_ROWS), "--work", str(work),
         "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert out.exists(), run.stderr[-3000:]
    return {**json.loads(out.read_text()), "exit_code": run.returncode, "stderr": run.stderr}


def test_every_path_reads_every_row(results):
    size = results["sizes"][0]
    assert size["rows"] == ROWS
    assert size["limit"]["rows"] == ROWS
    assert size["naive"]["rows_read"] == ROWS
    for path in ("ours", "dagster"):
        assert size[path]["status"] == "loaded"
        assert size[path]["rows_loaded"] + size[path]["rows_quarantined"] == ROWS


@pytest.mark.parametrize("path", ["ours", "dagster"])
def test_fast_path_loads_and_quarantines_what_the_reference_does(results, path):
    check = results["sizes"][0]["check"][path]
    assert check["loaded_only_in_reference"] == 0
    assert check["loaded_only_in_ours"] == 0
    assert check["quarantined_only_in_reference"] == 0
    assert check["quarantined_only_in_ours"] == 0
    assert check["same"]
    assert results["exit_code"] == 0, results["stderr"][-3000:]


@pytest.mark.parametrize("path", ["ours", "dagster"])
def test_many_files_load_and_quarantine_what_the_reference_does(results, path):
    """The many-files part: every file loaded, every line of each file where the reference
    path put it (compared by file and row)."""
    many = results["files"]
    assert many["files"] == FILES
    assert many["limit"]["rows"] == FILES * FILE_ROWS
    assert many[path]["statuses"] == {"loaded": FILES}
    check = many["check"][path]
    assert check["rows_loaded"] + check["rows_quarantined"] == FILES * FILE_ROWS
    assert check["rows_quarantined"] > 0
    assert check["same"], check


def test_the_file_exercises_every_rule(results):
    """About 1% of the generated lines are faulty, each fault under its own rule."""
    size = results["sizes"][0]
    check = size["check"]["ours"]
    assert set(check["rules"]) == RULES
    assert 0.005 * ROWS < check["rows_quarantined"] < 0.02 * ROWS
    assert size["naive"]["rows_quarantined"] == check["rows_quarantined"]
    assert size["ours"]["rows_quarantined"] == check["rows_quarantined"]
