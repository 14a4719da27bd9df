"""Progress of long work, reported to whoever is watching.

The ingest code runs inside Dagster runs and inside the command line; neither should know about
the other. Code that takes a while calls `report(label, fraction)`; the command line installs a
reporter that draws a progress bar, and everywhere else the report goes nowhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import duckdb

Reporter = Callable[[str, float | None], None]

_reporter: ContextVar[Reporter | None] = ContextVar("socialvalue_progress", default=None)


def report(label: str, fraction: float | None = None) -> None:
    """Say that `label` is `fraction` (0..1) done, or merely under way when fraction is None."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter(label, fraction)


@contextmanager
def reporting_to(reporter: Reporter) -> Iterator[None]:
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)


def execute_with_progress(con: duckdb.DuckDBPyConnection, sql: str, label: str,
                          params: list | None = None) -> None:
    """Run one long DuckDB statement, reporting DuckDB's own progress while it runs.

    The statement runs in a worker thread while this one waits: a signal's Python handler (Ctrl+C,
    or the SIGTERM that Dagster turns into an interrupt) only runs in the main thread between
    Python steps, never during a DuckDB call, so a statement run here directly would hold off a
    stop for as long as it ran. Waiting here, the handler runs at once and the statement is
    interrupted."""
    done = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            con.execute(sql, params)
        except BaseException as err:  # handed to the waiting thread, which raises it
            failure.append(err)
        finally:
            done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    watching = _reporter.get() is not None
    try:
        while not done.wait(0.2):
            if watching:
                progress = con.query_progress()
                if progress is not None and progress >= 0:
                    report(label, min(progress / 100.0, 1.0))
    except BaseException:
        con.interrupt()
        worker.join()
        raise
    worker.join()
    if failure:
        raise failure[0]
    if watching:
        report(label, 1.0)
