"""A dataset is one declaration: a module outside the project holding only a declaration, a
reader and a Pandera schema (tests/fixtures/volunteer_hours.py), named in SOCIALVALUE_DATASETS,
gets an asset with its checks, a drop folder the reference sensor watches, and an `ingest` verb
that loads it with its rows counted and its bad rows quarantined.

Each part runs in a fresh process, as a user's would: the code location, the sensor and the
command line read the declarations when they start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from basics.settings import PROJECT_ROOT

MODULE = "tests.fixtures.volunteer_hours"
ROWS = ("partnership_id,volunteer,served_on,hours\n"
        "oldham-social-prescribing,A. Volunteer,2024-05-01,3.5\n"
        "oldham-social-prescribing,B. Volunteer,02/05/2024,two\n"
        "oldham-social-prescribing,C. Volunteer,2024-05-03,6\n")


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return {**env, "SOCIALVALUE_HOME": str(home), "SOCIALVALUE_DATASETS": MODULE,
            "PYTHONPATH": str(PROJECT_ROOT), "COLUMNS": "200"}


def run_python(code: str, home: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=environment(home),
                          cwd=home.parent, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_declared_dataset_is_an_asset_with_its_checks_in_the_code_location(tmp_path):
    found = run_python("""
        import json
        import dagster as dg
        from pipelines.definitions import defs

        key = dg.AssetKey(["staging", "volunteer_hours"])
        graph = defs.resolve_asset_graph()
        node = graph.get(key)
        job = defs.resolve_job_def("ingest_reference")
        print(json.dumps({
            "group": node.group_name,
            "description": node.description,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "checks": sorted(c.name for c in node.check_keys),
            "in_ingest_reference": key in job.asset_layer.asset_graph.get_all_asset_keys(),
        }))
    """, tmp_path / "home")
    assert found == {
        "group": "reference",
        "description": "Volunteers' hours given to each partnership, one row per volunteer and "
                       "day.",
        "deps": ["staging/partnerships"],
        "checks": ["volunteer_hours_files_accepted", "volunteer_hours_quarantine_rate",
                   "volunteer_hours_reconciles", "volunteer_hours_schema_valid"],
        "in_ingest_reference": True,
    }


def test_a_file_dropped_in_its_folder_is_received_and_its_asset_requested(tmp_path):
    # The reference sensor only lists the settled file and asks for a receive_dropped run; the
    # run receives it (archived, moved to processed/), and load_received then asks for the
    # declared dataset's asset.
    home = tmp_path / "home"
    found = run_python("""
        import json, os, time
        import dagster as dg
        from basics.settings import configure_environment
        from pipelines.definitions import defs
        from pipelines.sensors import load_received, reference_inbox

        inbox = configure_environment().inbox / "volunteer-hours"
        with dg.instance_for_test() as instance:
            first = reference_inbox(dg.build_sensor_context(instance=instance))
            made = inbox.is_dir()
            dropped = inbox / "hours-2024-05.csv"
            dropped.write_text(os.environ["ROWS"])
            settled = time.time() - 60
            os.utime(dropped, (settled, settled))
            observed = reference_inbox(dg.build_sensor_context(instance=instance))
            still_there = dropped.exists()
            [ask] = observed.run_requests
            run = defs.resolve_job_def("receive_dropped").execute_in_process(
                run_config=ask.run_config, instance=instance, tags=ask.tags)
            event = instance.get_records_for_run(run.run_id).records[-1].event_log_entry
            loads = load_received(dg.build_run_status_sensor_context(
                sensor_name="load_received", dagster_instance=instance,
                dagster_run=instance.get_run_by_id(run.run_id),
                dagster_event=event.dagster_event))
        print(json.dumps({
            "first_asks": len(first.run_requests or []),
            "folder_made": made,
            "left_in_inbox_by_the_tick": still_there,
            "requests": [{"assets": [k.to_user_string() for k in r.asset_selection],
                          "dataset": r.tags["socialvalue/dataset"]} for r in loads],
            "processed": sorted(p.name for p in (inbox / "processed").iterdir()),
        }))
    """.replace('os.environ["ROWS"]', repr(ROWS)), home)
    assert found == {
        "first_asks": 0,
        "folder_made": True,
        "left_in_inbox_by_the_tick": True,
        "requests": [{"assets": ["staging/volunteer_hours"], "dataset": "volunteer_hours"}],
        "processed": ["hours-2024-05.csv"],
    }


def test_its_ingest_verb_loads_a_file_counting_rows_and_quarantining_the_bad_one(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    csv = tmp_path / "hours-2024-05.csv"
    csv.write_text(ROWS)
    command = [str(Path(sys.executable).with_name("socialvalue")), "ingest"]
    listed = subprocess.run([*command, "--help"], env=environment(home), capture_output=True,
                            text=True, timeout=600)
    assert "volunteer-hours" in listed.stdout and "Load volunteers' hours (replaces the last " \
        "file)." in listed.stdout
    done = subprocess.run([*command, "volunteer-hours", str(csv), "--json", "--no-build"],
                          env=environment(home), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    [loaded] = json.loads(done.stdout)["files"]
    assert {k: loaded[k] for k in ("dataset", "status", "rows_read", "rows_loaded",
                                   "rows_quarantined", "quarantine_reasons")} == {
        "dataset": "volunteer_hours", "status": "loaded", "rows_read": 3, "rows_loaded": 2,
        "rows_quarantined": 1, "quarantine_reasons": {"hours_readable": 1}}
    # Its checks ran after the load: a third of the rows quarantined is over the threshold.
    assert loaded["checks_failed"].startswith(
        "volunteer hours: 33.3% of the rows read were quarantined")
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select volunteer, served_on::varchar, hours, source_file, source_row "
                           "from staging.volunteer_hours order by source_row").fetchall() == [
            ("A. Volunteer", "2024-05-01", 3.5, "hours-2024-05.csv", 2),
            ("C. Volunteer", "2024-05-03", 6.0, "hours-2024-05.csv", 4)]
        assert con.execute("select dataset, source_row from meta.quarantine").fetchall() == [
            ("volunteer_hours", 3)]
    status = subprocess.run([sys.executable, "-m", "socialvalue", "status", "--json"],
                            env=environment(home), capture_output=True, text=True, timeout=600)
    held = {d["dataset"]: d for d in json.loads(status.stdout)["datasets"]}
    assert held["volunteer_hours"]["rows_loaded"] == 2
    assert held["volunteer_hours"]["rows_quarantined"] == 1
