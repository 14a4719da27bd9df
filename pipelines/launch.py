"""Launching the code location's Dagster jobs from the command line.

Commands run the same jobs as the Dagster UI, in this process, against the data folder's Dagster
instance, so every load the command line makes is in the UI's run history. A command-line run
whose process was killed is marked failed by the next command, and its hold on the warehouse pool
released, so a rerun is never left waiting for it.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from filelock import FileLock

from basics.settings import configure_environment

PID_TAG = "socialvalue/pid"
HOST_TAG = "socialvalue/host"


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    success: bool
    error: str | None = None
    # Blocking checks that failed after the run loaded its data, each as a sentence.
    checks_failed: tuple[str, ...] = ()


@contextmanager
def dagster_instance() -> Iterator:
    """The data folder's Dagster instance (run history, partitions, pool slots)."""
    p = configure_environment()
    import dagster as dg

    # Two commands creating a new instance's storage at once leave it corrupt: one at a time.
    with FileLock(str(p.dagster_home / ".instance.lock")):
        instance = dg.DagsterInstance.get()
    try:
        yield instance
    finally:
        instance.dispose()


def run_job(job_name: str, *, partition_key: str | None = None,
            partition_range: tuple[str, str] | None = None, run_config: dict | None = None,
            asset_selection: list | None = None, tags: dict | None = None,
            partitions: dict[str, list[str]] | None = None, verbose: bool = False,
            checks_only: bool = False) -> RunOutcome:
    """Run `job_name` in this process on the data folder's instance. `partitions` names dynamic
    partitions (councils, partnerships) to register first, e.g. {"council": ["oldham"]}.
    `checks_only`: run only the job's checks on the loaded datasets (staging), no asset."""
    from pipelines.definitions import defs

    all_tags = {"socialvalue/launched_by": "cli", PID_TAG: str(os.getpid()),
                HOST_TAG: socket.gethostname(), **(tags or {})}
    if partition_range:
        all_tags["dagster/asset_partition_range_start"] = partition_range[0]
        all_tags["dagster/asset_partition_range_end"] = partition_range[1]
    config = dict(run_config or {})
    config.setdefault("loggers", {"console": {"config": {
        "log_level": "DEBUG" if verbose else "CRITICAL"}}})
    if not verbose:
        logging.getLogger("dagster").setLevel(logging.CRITICAL)
    with dagster_instance() as instance:
        reap_dead_runs(instance)
        for name, keys in (partitions or {}).items():
            _add_partitions(instance, name, keys)
        job = defs.resolve_job_def(job_name)
        if checks_only:
            job = job.get_subset(asset_selection=set(), asset_check_selection={
                k for k in job.asset_layer.asset_graph.asset_check_keys
                if k.asset_key.path[0] == "staging"})
        result = job.execute_in_process(
            run_config=config, instance=instance, partition_key=partition_key, tags=all_tags,
            asset_selection=asset_selection, raise_on_error=False,
        )
    if result.success:
        return RunOutcome(result.run_id, True)
    return RunOutcome(result.run_id, False, _error(result), _checks_failed(result))


def reap_dead_runs(instance) -> list[str]:
    """Mark failed the command-line runs on this host whose process no longer exists, and free
    the pool slots they held."""
    import dagster as dg

    reaped = []
    records = instance.get_run_records(filters=dg.RunsFilter(
        statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
        tags={HOST_TAG: socket.gethostname()}))
    for record in records:
        run = record.dagster_run
        pid = int(run.tags.get(PID_TAG, "0"))
        if pid and not _alive(pid):
            instance.report_run_failed(
                run, message=f"The process running this load (pid {pid}) ended before the run "
                "finished; nothing it had not committed was kept.")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            reaped.append(run.run_id)
    return reaped


def _add_partitions(instance, name: str, keys: list[str]) -> None:
    """Register councils or partnerships as partitions of the dynamic dimension `name`."""
    new = [k for k in keys if not instance.has_dynamic_partition(name, k)]
    if new:
        instance.add_dynamic_partitions(name, new)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


CHECK_FAILED = "DagsterAssetCheckFailedError"


def _error(result) -> str:
    """The run's failures in the words its steps gave, a failed blocking check as its sentence
    (never Dagster's exception)."""
    failures = [e for e in result.all_events if e.is_step_failure]
    words = [(e.step_failure_data.user_failure_data.description
              if e.step_failure_data.user_failure_data else None)
             or _cause(e.step_failure_data.error)
             for e in failures if e.step_failure_data.error.cls_name != CHECK_FAILED]
    # Several steps failing for one cause (a bad configuration read by each) say it once.
    return "; ".join(dict.fromkeys(words + list(_checks_failed(result)))) or "the run failed"


def _cause(error) -> str:
    """What went wrong inside a step, without Dagster's wrapping: the innermost cause's message,
    its exception's module and class left out ('marts.x not in the warehouse yet')."""
    while error.cause is not None:
        error = error.cause
    # The first line: what follows (a query and a caret, a hint) is for --verbose and the UI.
    message = error.message.strip().splitlines()[0] if error.message.strip() else ""
    prefix = re.match(r"^[\w.]+(Error|Exception|Refused|Missing)\w*: ", message)
    return message[prefix.end():] if prefix else message


def _checks_failed(result) -> tuple[str, ...]:
    """Each blocking check that failed, in plain words: what broke, by how much, what to do."""
    from pipelines.checks.words import failed_check_words

    out = []
    for event in result.all_events:
        if event.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        check = event.event_specific_data
        if check.passed or check.severity.value != "ERROR":
            continue
        metadata = {k: getattr(v, "value", v) for k, v in (check.metadata or {}).items()}
        out.append(failed_check_words(check.check_name, metadata))
    return tuple(out)
