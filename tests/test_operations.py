"""Analysts' operations: drop folders, concurrent loads, and loads killed part-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal as D
from pathlib import Path

import dagster as dg

from basics.duck import records
from pipelines.sensors import spend_inbox
from tests import test_drop_folders as drop_folders
from tests.conftest import SAMPLE
from warehouse.connection import read_only

OLDHAM = SAMPLE / "spend" / "oldham"
PLYMOUTH = SAMPLE / "spend" / "plymouth"


def drop(home, council: str, source: Path, age_seconds: float = 60) -> Path:
    folder = home.inbox / "spend" / council
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copy(source, target)
    settled = time.time() - age_seconds
    os.utime(target, (settled, settled))
    return target


def tick(home):
    """The spend sensor's tick, the receive run it asks for, and the loads asked for after it."""
    return drop_folders.tick(home, spend_inbox)


def test_new_file_requests_a_run_for_its_council_month(home):
    dropped = drop(home, "oldham", OLDHAM / "oldham-spend-2024-06.csv")
    [request] = tick(home)
    assert request.tags["dagster/asset_partition_range_start"] == "oldham|2024-06"
    assert request.tags["dagster/asset_partition_range_end"] == "oldham|2024-06"
    # The shared deployment's run queue runs one load per council at a time by this tag.
    assert request.tags["socialvalue/council"] == "oldham"
    assert not dropped.exists()
    assert (dropped.parent / "processed" / dropped.name).exists()


def test_quarterly_file_requests_its_three_months(home):
    drop(home, "leicestershire", SAMPLE / "spend" / "leicestershire" / "LCC_spend_2024-25_Q3.csv")
    [request] = tick(home)
    assert (request.tags["dagster/asset_partition_range_start"],
            request.tags["dagster/asset_partition_range_end"]) == (
        "leicestershire|2024-10", "leicestershire|2024-12")


def test_same_file_again_is_not_run_again(home):
    drop(home, "oldham", OLDHAM / "oldham-spend-2024-06.csv")
    first = tick(home)[0]
    again = drop(home, "oldham", OLDHAM / "oldham-spend-2024-06.csv")
    second = tick(home)[0]
    # Dagster launches one run per run key: the same bytes give the same key, so no second run.
    assert second.run_key == first.run_key
    assert not again.exists()


def test_file_still_being_copied_waits(home):
    # The instance first: starting one can take longer than a file takes to settle.
    with dg.instance_for_test(temp_dir=str(home.dagster_home)) as instance:
        drop(home, "oldham", OLDHAM / "oldham-spend-2024-06.csv", age_seconds=0)
        result = spend_inbox(dg.build_sensor_context(instance=instance))
    assert not result.run_requests and isinstance(result.skip_reason, dg.SkipReason)


def test_bad_file_is_moved_aside_with_its_report(home):
    folder = home.inbox / "spend" / "oldham"
    folder.mkdir(parents=True)
    bad = folder / "oldham-spend-2024-07.csv"
    bad.write_text("Date,Supplier\n01/07/2024,Positive Steps\n")
    old = time.time() - 60
    os.utime(bad, (old, old))
    result = tick(home)
    assert isinstance(result, dg.SkipReason) and "refused" in result.skip_message
    [moved] = [p for p in (home.refused / "spend" / "oldham").iterdir()
               if not p.name.endswith(".error.txt")]
    report = moved.with_name(moved.name + ".error.txt").read_text()
    assert "cannot find the amount column" in report and "nothing in it was loaded" in report
    assert not bad.exists()


def test_unknown_council_folder_is_reported_not_touched(home):
    stray = drop(home, "atlantis", OLDHAM / "oldham-spend-2024-06.csv")
    result = tick(home)
    assert "'atlantis' is not the name or code of a UK local authority" in result.skip_message
    assert "config/councils/atlantis.yaml" in result.skip_message  # how to add another body
    assert stray.exists()


def test_a_folder_named_by_any_name_of_a_council_loads_as_that_council(home):
    # No profile: the register knows Manchester by its name, code and GSS code alike.
    drop(home, "MAN", OLDHAM / "oldham-spend-2024-06.csv")
    [request] = tick(home)
    assert request.tags["dagster/asset_partition_range_start"] == "manchester|2024-06"


def test_a_badly_named_profile_does_not_stop_other_councils_drop_folders(home):
    (home.config / "councils" / "West Sussex.yaml").write_text("name: West Sussex CC\n")
    drop(home, "oldham", OLDHAM / "oldham-spend-2024-06.csv")
    [request] = tick(home)
    assert request.tags["dagster/asset_partition_range_start"] == "oldham|2024-06"
    nothing = tick(home)  # with nothing new, the problem is still said
    assert "rename it west-sussex.yaml" in nothing.skip_message


def cli(home, *args, **popen) -> subprocess.Popen:
    env = {**os.environ, "SOCIALVALUE_HOME": str(home.home)}
    return subprocess.Popen([sys.executable, "-m", "socialvalue.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def test_two_loads_launched_at_once_both_complete(home):
    oldham = cli(home, "ingest", "spend", *map(str, sorted(OLDHAM.glob("*.csv"))),
                 "--council", "oldham", "--json")
    plymouth = cli(home, "ingest", "spend", *map(str, sorted(PLYMOUTH.glob("*.csv"))),
                   "--council", "plymouth", "--json")
    outputs = {name: p.communicate(timeout=300) for name, p in
               (("oldham", oldham), ("plymouth", plymouth))}
    assert oldham.returncode == 0, outputs["oldham"][1]
    assert plymouth.returncode == 0, outputs["plymouth"][1]
    expected = {c["council"]: c for c in json.loads((SAMPLE / "EXPECTED.json").read_text())[
        "councils"]}
    with read_only(home.warehouse) as con:
        totals = {r["council"]: r for r in records(
            con, "select council, count(*) n from staging.council_spend group by all")}
        quarantined = dict(con.execute(
            "select scope, count(*) from meta.quarantine group by all").fetchall())
    for council in ("oldham", "plymouth"):
        files = json.loads(outputs[council][0])["files"]
        assert {f["status"] for f in files} == {"loaded"}
        read = expected[council]["rows"]
        bad = expected[council]["bad_rows"]
        assert sum(f["rows_read"] for f in files) == read
        assert totals[council]["n"] == read - bad and quarantined[council] == bad
        assert sum(D(f["amount_read"]) for f in files) == D(
            expected[council]["amount_total_parseable"])


KILLED_LOAD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import warehouse.loads
    signal_file = Path(sys.argv[1])
    def hold(*args, **kwargs):
        signal_file.write_text("rows inserted, transaction open")
        time.sleep(600)
    warehouse.loads._record = hold   # stop inside the transaction, after the inserts
    from socialvalue.cli import main
    sys.argv = ["socialvalue", "ingest", "spend", *sys.argv[2:]]
    main()
""")


def test_load_killed_part_way_changes_nothing_and_a_rerun_completes(home, tmp_path):
    first = cli(home, "ingest", "spend", str(OLDHAM / "oldham-spend-2024-04.csv"),
                "--council", "oldham")
    assert first.wait(timeout=120) == 0

    def state():
        with read_only(home.warehouse) as con:
            return {t: con.execute(f"select * from {t} order by all").fetchall() for t in
                    ("staging.council_spend", "meta.quarantine", "meta.partition_versions")}

    before = state()
    signal_file = tmp_path / "inside-transaction"
    script = tmp_path / "killed_load.py"
    script.write_text(KILLED_LOAD)
    victim = subprocess.Popen(
        [sys.executable, str(script), str(signal_file), str(OLDHAM / "oldham-spend-2024-05.csv"),
         "--council", "oldham"],
        env={**os.environ, "SOCIALVALUE_HOME": str(home.home),
             "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not signal_file.exists():
        assert victim.poll() is None, "the load ended before reaching its transaction"
        assert time.time() < deadline
        time.sleep(0.1)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert state() == before  # the uncommitted rows are gone with the process
    rerun = cli(home, "ingest", "spend", str(OLDHAM / "oldham-spend-2024-05.csv"),
                "--council", "oldham", "--json")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    [summary] = json.loads(out)["files"]
    assert summary["status"] == "loaded" and summary["periods"] == ["2024-05"]
    with read_only(home.warehouse) as con:
        months = dict(con.execute("select period_key, count(*) from staging.council_spend "
                                  "group by all").fetchall())
    assert months["2024-05"] == summary["rows_loaded"] and "2024-04" in months


def test_backfill_reloads_months_from_the_files_received(home):
    from pipelines.intake import backfill_spend, load_spend, receive_spend

    files = [OLDHAM / f"oldham-spend-2024-0{m}.csv" for m in (4, 5, 6)]
    first = load_spend([receive_spend(f, "oldham") for f in files], "oldham")
    assert [r["status"] for r in first] == ["loaded"] * 3
    again = backfill_spend("oldham", "2024-05..2024-06", force=False)
    assert [r["status"] for r in again] == ["already_loaded"] * 2
    forced = backfill_spend("oldham", "2024-05", force=True)
    assert [(r["status"], r["periods"]) for r in forced] == [("loaded", ["2024-05"])]
    with read_only(home.warehouse) as con:
        per_month = dict(con.execute("select period_key, count(*) from staging.council_spend "
                                     "group by all").fetchall())
    rows = {r["periods"][0]: r["rows_loaded"] for r in first}
    assert per_month == rows  # reloading replaced May's rows; nothing doubled
