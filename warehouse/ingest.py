"""Ingesting one file of any dataset: read, validate, load, and say what happened.

The steps are the same for every dataset; what differs (how to read the file, its schema, where
its rows go) comes from the dataset's reader in `sources/`. Every file ends in exactly one of four
states: loaded, replaced (a corrected re-issue of partitions already loaded), already_loaded (the
same bytes again: nothing written) or refused (not readable as that dataset: nothing written but
the refusal, with its reason).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from basics.duck import ident, records
from basics.files import FileRefused, sha256_of
from loading.contract import Lineage, LoadSummary, Reader
from loading.faults import line_faults
from loading.validate import validate_table
from warehouse.loads import previous_load, record_load, write_load


def ingest_file(con: duckdb.DuckDBPyConnection, dataset: str, path: Path, read: Reader,
                scope: str | None = None, periods: list[str] | None = None,
                run_id: str | None = None, file_hash: str | None = None,
                received_as: Path | None = None, force: bool = False) -> LoadSummary:
    """Load `path` as `dataset` (for `scope`), limited to `periods` when a partition run asks.

    For a landed copy, `file_hash` is its known SHA-256 and `received_as` the path it arrived
    with, which lineage records so analysts see the file they sent. `force` reloads a file even
    when the same bytes are already loaded (after a change to the rules, say)."""
    path = Path(path)
    # A collected file's origin is its address on the portal (sources.landing.Remote), not a path.
    lineage = Lineage(received_as or path, file_hash or sha256_of(path),
                      path.stat().st_size, str(uuid.uuid4()), dt.datetime.now(), run_id)
    earlier = None if force else _already_loaded(con, dataset, scope, lineage, periods)
    if earlier is not None:
        record_load(con, earlier, lineage)
        return earlier
    stem = f"_{dataset}_{lineage.load_id[:8]}"
    try:
        try:
            prepared = read(con, path, stem)
            _check_periods(path, periods, prepared.periods)
            failures = validate_table(con, prepared.typed, prepared.schema, prepared.rules,
                                      label=f"validating {path.name}")
            failures = _with_line_faults(con, prepared.landed, failures)
        except FileRefused as err:
            # Said of the file as it was sent, not of its copy in the landing archive.
            return refuse(con, dataset, scope, lineage,
                          str(err).replace(path.name, lineage.source_path.name))
        failing = keep_failing_rows(con, prepared.landed, failures, stem)
        _drop_landed(con, stem, keep={prepared.typed, failing})
        return write_load(con, prepared.target, prepared.typed, failing, failures,
                          lineage, scope, periods or prepared.periods, prepared.period_label,
                          prepared.detected)
    finally:
        _drop_temporaries(con, stem)


def _with_line_faults(con: duckdb.DuckDBPyConnection, landed: str,
                      failures: pd.DataFrame) -> pd.DataFrame:
    """The rule failures, and a failure for each line the reader had to read on its own (a
    stray quote, a row split by a line break): such a line is never loaded as if it were
    whole."""
    faults = line_faults(con, landed)
    if faults.empty:
        return failures
    return pd.concat([f for f in (failures, faults) if not f.empty], ignore_index=True)


def keep_failing_rows(con: duckdb.DuckDBPyConnection, landed: str, failures: pd.DataFrame,
                      stem: str) -> str:
    """The landed rows that failed validation, as published, in a table of their own: all the
    quarantine needs of the file's text once its rows are typed."""
    kept = f"{stem}_failing_rows"
    con.register("_failing_source_rows", failures[["source_row"]].astype("int64"))
    try:
        con.execute(f"create temp table {ident(kept)} as select * from {ident(landed)} "
                    "where source_row in (select source_row from _failing_source_rows)")
    finally:
        con.unregister("_failing_source_rows")
    return kept


def _drop_landed(con: duckdb.DuckDBPyConnection, stem: str, keep: set[str]) -> None:
    """Drop the file's landed text (the largest temporary table) before the load, so the load
    has DuckDB's memory to itself instead of spilling; only when the typed rows are a table of
    their own, not a view over the landed text."""
    tables = {name: kind for name, kind in con.execute(
        "select table_name, table_type from information_schema.tables "
        "where table_catalog = 'temp' and starts_with(table_name, ?)", [stem]).fetchall()}
    if any(tables.get(name) == "VIEW" for name in keep):
        return
    for name, kind in tables.items():
        if kind != "VIEW" and name not in keep:
            con.execute(f"drop table {ident(name)}")


def _check_periods(path: Path, asked: list[str] | None, covered: list[str]) -> None:
    """A partition run may only replace partitions the file reports on: a file for another
    period must never empty the partitions it was wrongly sent to."""
    if asked and not set(asked) <= set(covered):
        raise FileRefused(f"{path.name} reports on {', '.join(covered)}, not on "
                          f"{', '.join(sorted(set(asked) - set(covered)))}")


def refuse(con: duckdb.DuckDBPyConnection, dataset: str, scope: str | None, lineage: Lineage,
           reason: str) -> LoadSummary:
    summary = LoadSummary(str(lineage.source_path), dataset, scope, "refused",
                          load_id=lineage.load_id, message=reason)
    record_load(con, summary, lineage)
    return summary


def _already_loaded(con, dataset: str, scope: str | None, lineage: Lineage,
                    periods: list[str] | None) -> LoadSummary | None:
    """The same bytes already fill these partitions: say so, with the first load's figures."""
    current = records(con, "select period, load_id from meta.partition_versions where "
                           "dataset = ? and scope = ? and file_hash = ?",
                      [dataset, scope or "all", lineage.file_hash])
    if not current or (periods and not set(periods) <= {r["period"] for r in current}):
        return None
    load = previous_load(con, current[0]["load_id"])
    return LoadSummary(
        str(lineage.source_path), dataset, scope, "already_loaded",
        rows_read=load["rows_read"], rows_loaded=load["rows_loaded"],
        rows_quarantined=load["rows_quarantined"], amount_read=load["amount_read"],
        amount_loaded=load["amount_loaded"], amount_quarantined=load["amount_quarantined"],
        load_id=lineage.load_id, periods=sorted(r["period"] for r in current),
        period_label=load["period_label"],
        message=f"already loaded on {load['started_at']:%Y-%m-%d %H:%M} (load {load['load_id']})",
    )


def _drop_temporaries(con: duckdb.DuckDBPyConnection, stem: str) -> None:
    for name, kind in con.execute(
        "select table_name, table_type from information_schema.tables "
        "where table_catalog = 'temp' and starts_with(table_name, ?)", [stem]
    ).fetchall():
        con.execute(f"drop {'view' if kind == 'VIEW' else 'table'} if exists {ident(name)}")
