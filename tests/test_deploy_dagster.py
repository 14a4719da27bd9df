"""The shared deployment's Dagster (deploy/): run history in PostgreSQL, a run queue that starts
one load per council at a time, and steps executed by Celery workers through Redis. Real
services, started by the project's scripts; a real daemon, a real Celery worker, real runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg
import psycopg2

from pipelines.maintenance import celery_workers
from tests.shared_services import (  # noqa: F401 (fixtures)
    BIN,
    ROOT,
    libpq,
    postgres_server,
    postgres_url,
    redis_server,
    services_dir,
    shared_env,
)


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    # In the data folder: a project .env (the default mode's folders) would override `env`.
    return subprocess.Popen(args, env=env, cwd=env["SOCIALVALUE_HOME"], stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    # The worker and the daemon start children of their own: end the whole group we started.
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def _group(pgid: int) -> set[int]:
    """The processes of the group `pgid` (a worker and the pool processes it forked)."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            pids.add(int(stat.parent.name))
    return pids


def _runs(url: str) -> list[dict]:
    con = psycopg2.connect(libpq(url))
    try:
        with con.cursor() as cur:
            cur.execute("select run_id, status, run_body from runs")
            return [{"run_id": r, "status": s, "tags": json.loads(b).get("tags", {})}
                    for r, s, b in cur.fetchall()]
    finally:
        con.close()


def test_queued_runs_in_postgres_one_per_council_steps_in_celery_worker(
        tmp_path, monkeypatch, postgres_url, redis_server):  # noqa: F811
    home = tmp_path / "home"
    env = shared_env(home, postgres_url, redis_server)
    subprocess.run([str(BIN / "python"), "-c",
                    "from basics.settings import configure_environment as c; c()"],
                   env=env, check=True, cwd=ROOT)
    assert "postgres" in (home / "dagster" / "dagster.yaml").read_text()
    # Dagster's tables, made once before the services start (as deploy/README.md says): two
    # processes creating them at once on a new database can collide.
    subprocess.run([str(BIN / "dagster"), "instance", "migrate"], env=env, cwd=home, check=True,
                   capture_output=True, timeout=300)

    worker = _start([str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                     "-y", str(ROOT / "deploy" / "celery.yaml"), "--", "--concurrency=1"],
                    env, tmp_path / "worker.log")
    daemon = None
    try:
        # Three runs wait in the queue before the daemon starts, so it sees all three at once.
        for council in ("oldham", "oldham", "bury"):
            subprocess.run([str(BIN / "dagster"), "job", "launch", "-m", "pipelines.definitions",
                            "-j", "check_feeds", "--tags",
                            json.dumps({"socialvalue/council": council})],
                           env=env, cwd=home, check=True, capture_output=True, timeout=120)
        assert [r["status"] for r in _runs(postgres_url)] == ["QUEUED"] * 3
        daemon = _start([str(BIN / "dagster-daemon"), "run", "-m", "pipelines.definitions"],
                        env, tmp_path / "daemon.log")
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            runs = _runs(postgres_url)
            if len(runs) == 3 and all(r["status"] in ("SUCCESS", "FAILURE", "CANCELED")
                                      for r in runs):
                break
            time.sleep(2)
        worker_pids = _group(worker.pid)
        # What the maintenance job reports as the workers' health: this one worker answers.
        assert len(celery_workers(redis_server)) == 1
    finally:
        if daemon:
            _stop(daemon)
        _stop(worker)

    # The run history is in PostgreSQL, not in SQLite files in the data folder.
    assert [r["status"] for r in runs] == ["SUCCESS"] * 3, (tmp_path / "daemon.log").read_text()
    assert not list((home / "dagster").rglob("*.db"))

    monkeypatch.setenv("SOCIALVALUE_POSTGRES_URL", postgres_url)
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        records = instance.get_run_records()
        for record in records:
            events = instance.all_logs(record.dagster_run.run_id)
            pids = {e.dagster_event.event_type: e.dagster_event.pid for e in events
                    if e.is_dagster_event}
            # The step ran in the Celery worker, a process other than the run's own.
            assert any("in celery worker" in e.message for e in events)
            assert pids[dg.DagsterEventType.STEP_SUCCESS] in worker_pids
            assert pids[dg.DagsterEventType.RUN_START] not in worker_pids

    # The queue never ran two loads of one council at once.
    oldham = sorted((r.start_time, r.end_time) for r in records
                    if r.dagster_run.tags["socialvalue/council"] == "oldham")
    assert oldham[0][1] <= oldham[1][0], f"oldham's runs overlapped: {oldham}"


def test_the_mode_decides_the_instance_file_and_an_operators_file_is_kept(tmp_path, monkeypatch):
    from basics.settings import Paths

    monkeypatch.delenv("SOCIALVALUE_POSTGRES_URL", raising=False)
    file = Paths(tmp_path).create().dagster_home / "dagster.yaml"
    assert "ConsolidatedSqliteEventLogStorage" in file.read_text()
    monkeypatch.setenv("SOCIALVALUE_POSTGRES_URL", "postgresql+psycopg2://u@127.0.0.1:1/d")
    Paths(tmp_path).create()
    assert file.read_text() == (ROOT / "deploy" / "dagster.yaml").read_text()
    monkeypatch.delenv("SOCIALVALUE_POSTGRES_URL")
    Paths(tmp_path).create()
    assert "postgres" not in file.read_text()
    file.write_text("# my own instance\ntelemetry:\n  enabled: false\n")
    monkeypatch.setenv("SOCIALVALUE_POSTGRES_URL", "postgresql+psycopg2://u@127.0.0.1:1/d")
    Paths(tmp_path).create()
    assert file.read_text().startswith("# my own instance")


def test_the_code_location_in_the_shared_mode_sends_steps_to_celery_and_has_its_upkeep(tmp_path):
    # Placeholders: loading the definitions connects to nothing.
    env = shared_env(tmp_path, "postgresql+psycopg2://u@127.0.0.1:1/d", "redis://127.0.0.1:1/0")
    shown = subprocess.run(
        [str(BIN / "python"), "-c",
         "from pipelines.definitions import defs; r = defs.get_repository_def(); "
         "print(r.get_job('ingest_spend').executor_def.name); "
         "print(sorted(j.name for j in r.get_all_jobs() if 'maintain' in j.name)); "
         "print(sorted(s.name for s in r.schedule_defs if 'maintenance' in s.name))"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split("\n")
    assert shown[:3] == ["celery_executor", "['maintain_shared_deployment']",
                         "['nightly_shared_maintenance']"]
