"""Where a run's steps execute: in the run's own process (the default, one machine), or spread
over Celery workers on other machines (the shared deployment, deploy/README.md).

Set SOCIALVALUE_REDIS_URL to Celery's broker (Redis) and runs launched by the daemon or the UI send
their steps to whichever worker is free. Runs from the command line (`execute_in_process`) always
run in their own process.
"""

from __future__ import annotations

import os

import dagster as dg


def executor() -> dg.ExecutorDefinition:
    """The executor for the mode in force."""
    broker = os.environ.get("SOCIALVALUE_REDIS_URL")
    if not broker:
        return dg.in_process_executor
    from dagster_celery import celery_executor  # only in the shared deployment's install

    # Results go back through the same Redis; the workers read the same settings from
    # deploy/celery.yaml.
    return celery_executor.configured(
        {"broker": {"env": "SOCIALVALUE_REDIS_URL"}, "backend": {"env": "SOCIALVALUE_REDIS_URL"}},
        name="celery_executor")
