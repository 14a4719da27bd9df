"""Where the time of one ingest goes: each DuckDB statement and each Python step, timed.

`timing(con)` hands back a connection that times every statement run through it, and wraps the
ingest's Python steps (reading the file, validating, writing the load) the same way; the
benchmark's `ours` run reports the result, so each measurement carries its own breakdown.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import warehouse.ingest

# Statement (by its SQL) -> step of the ingest, first match wins.
STEPS = [
    ("read the first lines, for the date forms", r"__sample\" as select"),
    ("read the CSV, storing its text and typed values", r"read_csv\(|__raw\" as select"),
    ("parse the text into typed lines", r"create temp table \S+_typed"),
    ("find exactly repeated lines", r"_repeat(s|ed)\" as"),
    ("insert the valid lines into staging", r"insert into staging\."),
    ("insert the quarantined lines", r"insert into meta\.quarantine"),
    ("keep the failing lines' text", r"_failing_rows\" as"),
    ("stage the failures", r"temp table _failures"),
    ("file checks and forms seen", r"count\(payment_date\) as dated"),
    ("detect date forms (sample)", r"try_strptime\(d, "),
    ("commit", r"^commit"),
]


class TimedConnection:
    """A DuckDB connection whose execute and sql calls are timed into `log`."""

    def __init__(self, con, log: list[tuple[str, float, float]]):
        self._con = con
        self._log = log

    def __getattr__(self, name: str):
        attribute = getattr(self._con, name)
        if name not in ("execute", "sql"):
            return attribute

        def timed(sql, *args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return attribute(sql, *args, **kwargs)
            finally:
                self._log.append((step_of(sql), time.perf_counter() - wall,
                                  time.process_time() - cpu))
        return timed


def step_of(sql: str) -> str:
    text = " ".join(sql.split())
    return next((step for step, pattern in STEPS if re.search(pattern, text)), "other statements")


@contextmanager
def timing(con) -> Iterator[tuple[TimedConnection, list]]:
    """The connection, timed, and the log its statements and the Python steps are timed into.
    Python steps are logged as the whole step; their statements are logged too."""
    log: list[tuple[str, float, float]] = []
    original = warehouse.ingest.validate_table

    def validate(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            log.append(("validate with Pandera (whole step)", time.perf_counter() - wall,
                        time.process_time() - cpu))

    warehouse.ingest.validate_table = validate
    try:
        yield TimedConnection(con, log), log
    finally:
        warehouse.ingest.validate_table = original


def summary(log: list[tuple[str, float, float]]) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds (this process) by step, largest first."""
    steps: dict[str, list[float]] = {}
    for step, wall, cpu in log:
        totals = steps.setdefault(step, [0.0, 0.0])
        totals[0] += wall
        totals[1] += cpu
    return {step: {"wall": round(wall, 2), "cpu": round(cpu, 2)}
            for step, (wall, cpu) in sorted(steps.items(), key=lambda s: -s[1][0])}
