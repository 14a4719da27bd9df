"""Opening the DuckDB warehouse: one writer at a time, readers between writes.

DuckDB lets one process write a database file, and no other process open it meanwhile. Every
process that touches the warehouse (Dagster runs, the command line, tests) therefore takes the file
lock `<warehouse>.lock` first and holds it only while it works: writers queue instead of failing
with DuckDB's "Could not set lock on file", and a reader waits for the write in progress to end
rather than break it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from basics.duck import transaction
from warehouse import migrations

DDL = Path(__file__).with_name("sql") / "ddl"
WAIT_SECONDS = float(os.environ.get("SOCIALVALUE_LOCK_TIMEOUT", "1800"))


class WarehouseBusy(RuntimeError):
    pass


def settings(scratch: Path) -> dict[str, str | int | bool]:
    """DuckDB settings: bounded memory, spilling to the data folder's scratch space."""
    scratch.mkdir(parents=True, exist_ok=True)
    return {
        "memory_limit": os.environ.get("SOCIALVALUE_DUCKDB_MEMORY", "1GB"),
        "threads": os.cpu_count() or 2,
        "temp_directory": str(scratch / "duckdb"),
    }


@contextmanager
def writer(db: Path, wait: float = WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the warehouse's tables in place, held under the file lock."""
    with _locked(db, wait, "write to"):
        con = duckdb.connect(str(db), config=settings(db.parent / "tmp"))
        try:
            con.execute("set enable_progress_bar = false")
            create_tables(con)
            yield con
        finally:
            con.close()


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create whatever schemas, tables and views are missing (every DDL file, in name order),
    converting a warehouse written by an earlier version first, all in one transaction."""
    with transaction(con):
        migrations.before_tables(con)
        for ddl in sorted(DDL.glob("*.sql")):
            con.execute(ddl.read_text())
        migrations.after_tables(con)


@contextmanager
def read_only(db: Path, wait: float = WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, taken between writes. In the shared deployment, the same tables
    with council spend from the shared warehouse (warehouse/lake.py)."""
    if os.environ.get("SOCIALVALUE_POSTGRES_URL"):
        from warehouse.lake import Lake

        with Lake.from_environment(db.parent).read_only(db, wait) as con:
            yield con
        return
    if not db.exists():
        raise FileNotFoundError(f"no warehouse at {db}: load some data first (socialvalue demo)")
    with _locked(db, wait, "read"):
        con = duckdb.connect(str(db), read_only=True, config=settings(db.parent / "tmp"))
        con.execute("set enable_progress_bar = false")
        try:
            yield con
        finally:
            con.close()


@contextmanager
def _locked(db: Path, wait: float, purpose: str) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(f"{db}.lock")
    started = time.monotonic()
    try:
        lock.acquire(timeout=wait, poll_interval=0.1)
    except Timeout as err:
        raise WarehouseBusy(
            f"could not {purpose} {db}: another load held it for {time.monotonic() - started:.0f}"
            " s; wait for it to finish (see runs in the Dagster UI) and try again"
        ) from err
    try:
        yield
    finally:
        lock.release()
