"""Loading the newest received file for each partition a run asks for, whatever the dataset.

A partition (a council-month, a partnership-quarter, or the whole of a register) is filled by the
newest file in the landing archive that reports on it, so a corrected re-issue replaces the
earlier file simply by arriving later, and a rerun reloads exactly what was received.
"""

from collections.abc import Callable

import dagster as dg
import duckdb

from basics.settings import shared_mode
from loading.contract import UNSCOPED, LoadSummary, Reader
from pipelines.resources import Warehouse
from sources.landing import LandedFile, current_files, landed_files
from warehouse import lake
from warehouse.ingest import ingest_file

ReaderFor = Callable[[LandedFile], Reader]
# Which landed file fills each partition of the run: {partition or segment: file}.
Chooser = Callable[[str, str, list[str]], dict[str, LandedFile]]


class LoadConfig(dg.Config):
    """force: reload the received files even where the same bytes are loaded already (after a
    change to the validation rules, say); otherwise such partitions report already_loaded."""

    force: bool = False


def load_newest(context: dg.AssetExecutionContext, warehouse: Warehouse, dataset: str,
                scope: str, periods: list[str], reader_for: ReaderFor,
                force: bool = False, choose: Chooser | None = None) -> list[LoadSummary]:
    """Load, for `scope`, the newest landed file of each of `periods`; each file once, for the
    periods it is the newest for. `choose` picks the files when a partition is not simply a
    file's period (spend: the segments of accounting periods within each month)."""
    if dataset == lake.DATASET and shared_mode():
        # The shared deployment: read and validate in a DuckDB of this worker's own, then publish
        # each load to the shared warehouse, which other workers write at the same time.
        shared = lake.Lake.from_environment(warehouse.paths().home)
        with shared.worker(scope, warehouse.paths().tmp) as con:
            return _load_newest(context, con, dataset, scope, periods, reader_for, force, choose,
                                publish=shared.publish)
    with warehouse.writer() as con:
        return _load_newest(context, con, dataset, scope, periods, reader_for, force, choose)


def load_every_scope(context: dg.AssetExecutionContext, warehouse: Warehouse, dataset: str,
                     reader_for: ReaderFor, force: bool = False) -> list[LoadSummary]:
    """An unpartitioned dataset: the newest landed file of each of its scopes (a register has
    one, `all`; catalogues one per framework edition; grants one per funder or file)."""
    scopes = sorted({f.scope for f in landed_files(dataset)})
    if not scopes:
        context.log.warning(f"{dataset}: no file received yet")
        return []
    with warehouse.writer() as con:
        return [s for scope in scopes
                for s in _load_newest(context, con, dataset, scope, [UNSCOPED], reader_for,
                                      force)]


def _load_newest(context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection, dataset: str,
                 scope: str, periods: list[str], reader_for: ReaderFor,
                 force: bool, choose: Chooser | None = None,
                 publish: Callable[[duckdb.DuckDBPyConnection, LoadSummary], None] | None = None
                 ) -> list[LoadSummary]:
    # One connection for the run's files: each file is still its own transaction.
    chosen = (choose or current_files)(dataset, scope, periods)
    # A spend month is filled when a segment of it is (a segment's key starts with its month).
    missing = sorted(key for key in periods
                     if not any(c == key or c.startswith(key + "-") for c in chosen))
    if missing:
        context.log.warning(f"{dataset} {scope}: no file received" + (
            "" if missing == [UNSCOPED] else f" for {', '.join(missing)}"))
    by_file: dict[str, list[str]] = {}
    for period, landed in chosen.items():
        by_file.setdefault(landed.path, []).append(period)
    summaries = []
    for file_periods in by_file.values():
        landed = chosen[file_periods[0]]
        summary = ingest_file(
            con, dataset, landed.file, reader_for(landed),
            scope=None if scope == UNSCOPED else scope, periods=sorted(file_periods),
            run_id=context.run.run_id, file_hash=landed.sha256,
            received_as=landed.received_as, force=force)
        if publish:
            publish(con, summary)
        context.log.info(f"{dataset} {scope} {landed.file.name}: {summary.status}, "
                         f"{summary.rows_loaded} loaded, {summary.rows_quarantined} quarantined")
        summaries.append(summary)
    return summaries
