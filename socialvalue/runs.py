"""Launching the code location's Dagster jobs from the command line.

Commands run the same jobs as the Dagster UI, in this process, against the data folder's Dagster
instance, so every load the command line makes is in the UI's run history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from socialvalue.settings import configure_environment


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    success: bool
    error: str | None = None


def run_job(job_name: str, *, partition_key: str | None = None,
            partition_range: tuple[str, str] | None = None, run_config: dict | None = None,
            asset_selection: list | None = None, tags: dict | None = None,
            verbose: bool = False) -> RunOutcome:
    configure_environment()
    import dagster as dg

    from pipelines.definitions import defs

    all_tags = {"socialvalue/launched_by": "cli", **(tags or {})}
    if partition_range:
        all_tags["dagster/asset_partition_range_start"] = partition_range[0]
        all_tags["dagster/asset_partition_range_end"] = partition_range[1]
    config = dict(run_config or {})
    config.setdefault("loggers", {"console": {"config": {
        "log_level": "DEBUG" if verbose else "CRITICAL"}}})
    if not verbose:
        logging.getLogger("dagster").setLevel(logging.CRITICAL)
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_job_def(job_name).execute_in_process(
            run_config=config, instance=instance, partition_key=partition_key, tags=all_tags,
            asset_selection=asset_selection, raise_on_error=False,
        )
    error = None
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        error = "; ".join(
            (e.step_failure_data.user_failure_data.description
             if e.step_failure_data.user_failure_data else None)
            or e.step_failure_data.error.message.strip()
            for e in failures
        ) or "the run failed"
    return RunOutcome(result.run_id, result.success, error)


def add_partitions(name: str, keys: list[str]) -> None:
    """Register councils or partnerships as partitions of the dynamic dimension `name`."""
    configure_environment()
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        new = [k for k in keys if not instance.has_dynamic_partition(name, k)]
        if new:
            instance.add_dynamic_partitions(name, new)
