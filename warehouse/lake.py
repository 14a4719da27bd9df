"""The shared warehouse: many workers loading council spend at once (deploy/README.md).

The embedded DuckDB file (warehouse/connection.py) takes one writer at a time; a regional or
national deployment loads many councils' months at the same moment on different machines. In
the shared mode (SOCIALVALUE_POSTGRES_URL set) spend loads go here instead:

- the spend lines, the bulk, are an Apache Iceberg table (pyiceberg, its SQL catalog in
  PostgreSQL): Parquet files on storage every worker reaches (SOCIALVALUE_LAKE, default
  `lake/` in the data folder), which DuckDB reads natively, as do Spark, Trino and the cloud
  warehouses;
- what says which load fills each council-month (meta.loads, meta.partition_versions) and the
  quarantined rows are PostgreSQL tables, changed in one transaction per load.

A worker reads and validates a file exactly as the embedded mode does (warehouse/ingest.py, in a
DuckDB of its own, in batches), then publishes in three steps:

1. it appends the new lines to the Iceberg table: invisible, since readers see only the lines
   of the load each council-month's current version names;
2. in one PostgreSQL transaction it makes its load current for its council-months, replaces their
   quarantine and records the load: the switch, all at once or not at all;
3. it deletes the lines its load replaced (the superseded version) from the Iceberg table.

Loads of different council-months never wait for each other (an Iceberg commit that loses a race
is retried on the refreshed table); a re-issue replaces its council-month at step 2, atomically.
A worker that dies before step 2 leaves lines no version names: never visible, removed by
`maintain`. Readers get the same tables as the embedded warehouse (`attach`), so the marts,
dashboards and extracts run the same SQL.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from basics.duck import ident, literal, records
from loading.contract import LoadSummary
from warehouse.connection import create_tables, settings, writer

NAMESPACE = "socialvalue"
LINES = "council_spend_lines"
DATASET = "spend"
COMMIT_TRIES = 50

# The meta tables in PostgreSQL: the embedded warehouse's meta.loads, meta.partition_versions and
# meta.quarantine, with PostgreSQL's types (lists as arrays, JSON as jsonb).
META_DDL = """
create table if not exists sv_loads (
    load_id text primary key, dataset text not null, scope text, periods text[],
    period_label text, source_path text not null, file_name text not null,
    file_hash text not null, file_bytes bigint, status text not null, rows_read bigint,
    rows_loaded bigint, rows_quarantined bigint, amount_read numeric(18,2),
    amount_loaded numeric(18,2), amount_quarantined numeric(18,2), detected jsonb, message text,
    dagster_run_id text, started_at timestamp not null, finished_at timestamp);
create table if not exists sv_partition_versions (
    dataset text not null, scope text not null, period text not null, file_hash text not null,
    load_id text not null, loaded_at timestamp not null, primary key (dataset, scope, period));
create table if not exists sv_quarantine (
    load_id text not null, dataset text not null, scope text not null, period text not null,
    source_file text not null, file_hash text not null, source_row bigint not null,
    failures jsonb not null, amount numeric(18,2), record jsonb not null);
create index if not exists sv_quarantine_partition on sv_quarantine (dataset, scope, period);
create table if not exists sv_loads_in_flight (
    load_id text primary key, scope text not null, started_at timestamp not null default now());
"""
LOAD_COLUMNS = ["load_id", "dataset", "scope", "periods", "period_label", "source_path",
                "file_name", "file_hash", "file_bytes", "status", "rows_read", "rows_loaded",
                "rows_quarantined", "amount_read", "amount_loaded", "amount_quarantined",
                "detected", "message", "dagster_run_id", "started_at", "finished_at"]
QUARANTINE_JSON = {"failures": 'struct("column" varchar, rule varchar, message varchar, '
                               'raw_value varchar)[]', "record": "json"}
VERSION_COLUMNS = ["dataset", "scope", "period", "file_hash", "load_id", "loaded_at"]
QUARANTINE_COLUMNS = ["load_id", "dataset", "scope", "period", "source_file", "file_hash",
                      "source_row", "failures", "amount", "record"]


def libpq(url: str) -> str:
    """The URL as libpq takes it, without SQLAlchemy's driver name."""
    return url.replace("postgresql+psycopg2://", "postgresql://", 1)


class Lake:
    """The shared warehouse named by a PostgreSQL URL (SQLAlchemy form) and a storage location
    for the Parquet files (a path every worker reaches, or an object store's URI)."""

    def __init__(self, url: str, location: str):
        from pyiceberg.catalog.sql import SqlCatalog

        self.url = url
        self.location = location
        self.catalog = SqlCatalog("socialvalue", uri=url, warehouse=location)

    @classmethod
    def from_environment(cls, home: Path) -> Lake:
        url = os.environ["SOCIALVALUE_POSTGRES_URL"]
        location = os.environ.get("SOCIALVALUE_LAKE") or str(home / "lake")
        if "://" not in location:
            Path(location).mkdir(parents=True, exist_ok=True)
            location = Path(location).resolve().as_uri()
        return cls(url, location)

    @contextmanager
    def pg(self) -> Iterator:
        """A PostgreSQL transaction: committed if the block ends normally, else rolled back."""
        import psycopg2

        con = psycopg2.connect(libpq(self.url))
        try:
            with con, con.cursor() as cur:
                yield cur
        finally:
            con.close()

    def ensure(self, lines_schema) -> None:
        """Create the namespace, the lines table and the meta tables if missing (many workers
        may start at once: one at a time, under a PostgreSQL advisory lock)."""
        from pyiceberg.exceptions import NamespaceAlreadyExistsError, NoSuchTableError

        with self.pg() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext('socialvalue.lake'))")
            cur.execute(META_DDL)
            with suppress(NamespaceAlreadyExistsError):
                self.catalog.create_namespace(NAMESPACE)
            try:
                self.catalog.load_table((NAMESPACE, LINES))
            except NoSuchTableError:
                table = self.catalog.create_table((NAMESPACE, LINES), schema=lines_schema)
                # One folder per council: a council's re-issue rewrites only its own files.
                with table.update_spec() as spec:
                    spec.add_identity("scope")

    def lines(self):
        return self.catalog.load_table((NAMESPACE, LINES))

    def commit(self, change: Callable) -> int:
        """Apply `change(table)` to the lines table, again on the refreshed table when another
        worker committed first (Iceberg's optimistic concurrency); how many tries it took."""
        from pyiceberg.exceptions import CommitFailedException

        for attempt in range(1, COMMIT_TRIES + 1):
            try:
                change(self.lines())
                return attempt
            except CommitFailedException:
                time.sleep(min(0.05 * attempt, 1.0))
        raise RuntimeError(f"the shared warehouse's lines table stayed busy: {COMMIT_TRIES} "
                           "commits lost to other workers' in a row; try the load again")

    # -- publishing one load -------------------------------------------------------------------

    def publish(self, con: duckdb.DuckDBPyConnection, summary: LoadSummary) -> None:
        """Make a load done in the worker's own DuckDB (`con`) the shared warehouse's."""
        if summary.status not in ("loaded", "replaced"):
            # already_loaded or refused: nothing changes but the record of the attempt.
            with self.pg() as cur:
                _insert(cur, "sv_loads", LOAD_COLUMNS, _load_rows(con, summary.load_id))
            return
        scope = summary.scope or "all"
        lines = con.sql(f"select *, {literal(scope)} as scope from staging.council_spend_lines "
                        f"where load_id = {literal(summary.load_id)}").to_arrow_table()
        self.ensure(lines.schema)
        with self.pg() as cur:
            # Said before the lines arrive, so maintenance never takes them for a dead worker's.
            cur.execute("insert into sv_loads_in_flight (load_id, scope) values (%s, %s)",
                        [summary.load_id, scope])
        if lines.num_rows:
            self.commit(lambda table: table.append(lines))
        with self.pg() as cur:
            # One switch per council at a time: a load of the same months by another worker
            # waits here, then sees this one's version and replaces it.
            cur.execute("select pg_advisory_xact_lock(hashtext(%s))", [f"{DATASET}:{scope}"])
            cur.execute("delete from sv_partition_versions where dataset = %s and scope = %s "
                        "and period = any(%s) returning load_id",
                        [DATASET, scope, summary.periods])
            replaced = {r[0] for r in cur.fetchall()} - {summary.load_id}
            cur.execute("delete from sv_loads_in_flight where load_id = %s", [summary.load_id])
            cur.execute("delete from sv_quarantine where dataset = %s and scope = %s "
                        "and period = any(%s)", [DATASET, scope, summary.periods])
            _insert(cur, "sv_partition_versions", VERSION_COLUMNS, records(
                con, "select * from meta.partition_versions where load_id = ?",
                [summary.load_id]))
            _insert(cur, "sv_quarantine", QUARANTINE_COLUMNS, records(
                con, "select * replace (to_json(failures)::varchar as failures, "
                     "record::varchar as record) from meta.quarantine where load_id = ?",
                [summary.load_id]))
            _insert(cur, "sv_loads", LOAD_COLUMNS, _load_rows(con, summary.load_id))
        if replaced:
            self.prune(scope, summary.periods, replaced)

    def prune(self, scope: str, periods: list[str], replaced: set[str]) -> None:
        """Delete the lines of `scope`'s `periods` that belonged to the `replaced` loads (only
        theirs: another load of the same months may be on its way in)."""
        from pyiceberg.expressions import And, EqualTo, In

        self.commit(lambda table: table.delete(And(
            And(EqualTo("scope", scope), In("period_key", set(periods))),
            In("load_id", replaced))))

    # -- a worker's own DuckDB ------------------------------------------------------------------

    @contextmanager
    def worker(self, scope: str, scratch: Path) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB of the worker's own, in memory (spilling to `scratch`), with the warehouse's
        tables and the shared warehouse's current versions of `scope`: ingest_file then says
        already_loaded, loaded or replaced as it does on the embedded warehouse."""
        con = duckdb.connect(":memory:", config=settings(scratch))
        try:
            con.execute("set enable_progress_bar = false")
            create_tables(con)
            with self.pg() as cur:
                cur.execute("select 1 from information_schema.tables "
                            "where table_name = 'sv_loads'")
                if cur.fetchone():
                    # Only what ingest_file consults: the current versions and their loads.
                    _copy_meta(cur, con, "where dataset = %s and scope = %s",
                               [DATASET, scope], everything=False)
            yield con
        finally:
            con.close()

    # -- reading -------------------------------------------------------------------------------

    def attach(self, con: duckdb.DuckDBPyConnection) -> None:
        """Fill `con` (a DuckDB with the warehouse's tables, e.g. in memory) with the shared
        warehouse's current spend: the meta tables copied from PostgreSQL, and
        staging.council_spend_lines a view over the Parquet files of the lines table, only the
        lines of current versions. Every view and mart query then runs unchanged."""
        for table in ("meta.loads", "meta.partition_versions", "meta.quarantine"):
            con.execute(f"delete from {table} where dataset = ?", [DATASET])
        with self.pg() as cur:
            cur.execute("select 1 from information_schema.tables where table_name = 'sv_loads'")
            if cur.fetchone():
                _copy_meta(cur, con, "where dataset = %s", [DATASET])
        files = self.data_files()
        if not files:
            # Nothing loaded in the shared warehouse yet: no spend (not the file's own, if any).
            con.execute("delete from staging.council_spend_lines")
            return
        columns = ", ".join(ident(c) for c in _columns(con, "staging", "council_spend_lines"))
        con.execute("drop table staging.council_spend_lines")
        con.execute(
            f"create view staging.council_spend_lines as select {columns} from "
            f"read_parquet([{', '.join(literal(f) for f in files)}]) "
            "where load_id in (select load_id from meta.partition_versions "
            f"where dataset = {literal(DATASET)})")

    @contextmanager
    def read_only(self, db: Path, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
        """The warehouse as readers see it in the shared mode: the embedded file's other
        datasets (if any) and the shared warehouse's spend, attached inside a transaction that
        is rolled back at the end, so the file itself never changes."""
        if not db.exists():
            con = duckdb.connect(":memory:", config=settings(db.parent / "tmp"))
            try:
                con.execute("set enable_progress_bar = false")
                create_tables(con)
                self.attach(con)
                yield con
            finally:
                con.close()
            return
        with writer(db, wait) as con:
            con.execute("begin transaction")
            try:
                self.attach(con)
                yield con
            finally:
                con.execute("rollback")

    def replicate(self, con: duckdb.DuckDBPyConnection) -> int:
        """Bring the embedded file's copy of council spend (`con`, a writer) up to the shared
        warehouse's current versions, in one transaction: only the council-months whose current
        load changed are rewritten. The marts are then built in the file, by the same SQL as in
        the embedded mode. How many council-months changed."""
        with self.pg() as cur:
            cur.execute("select 1 from information_schema.tables where table_name = 'sv_loads'")
            if not cur.fetchone():
                return 0
            cur.execute(f"select {', '.join(VERSION_COLUMNS)} from sv_partition_versions "
                        "where dataset = %s", [DATASET])
            shared = {(r[1], r[2]): r for r in cur.fetchall()}
            local = {(s, p): load for s, p, load in con.execute(
                "select scope, period, load_id from meta.partition_versions where dataset = ?",
                [DATASET]).fetchall()}
            changed = sorted(k for k in shared.keys() | local.keys()
                             if k not in shared or local.get(k) != shared[k][4])
            if not changed:
                return 0
            new_loads = sorted({shared[k][4] for k in changed if k in shared})
            cur.execute(f"select {', '.join(LOAD_COLUMNS)} from sv_loads where load_id = any(%s)",
                        [new_loads])
            loads = cur.fetchall()
            keys = [k for k in changed if k in shared]
            cur.execute(f"select {', '.join(QUARANTINE_COLUMNS)} from sv_quarantine where "
                        "dataset = %s and (scope, period) in (select * from unnest(%s, %s))",
                        [DATASET, [k[0] for k in keys] or [""], [k[1] for k in keys] or [""]])
            quarantine = cur.fetchall()
        files = self.data_files()
        con.execute("begin transaction")
        try:
            con.execute("create or replace temp table _changed (scope varchar, period varchar, "
                        "old_load varchar, new_load varchar)")
            con.executemany("insert into _changed values (?, ?, ?, ?)",
                            [[s, p, local.get((s, p)), shared[s, p][4] if (s, p) in shared
                              else None] for s, p in changed])
            con.execute("delete from staging.council_spend_lines t using _changed c "
                        "where t.load_id = c.old_load and t.period_key = c.period")
            for table in ("meta.partition_versions", "meta.quarantine"):
                con.execute(f"delete from {table} t using _changed c where t.dataset = ? "
                            "and t.scope = c.scope and t.period = c.period", [DATASET])
            if files:
                columns = ", ".join(ident(c) for c in _columns(
                    con, "staging", "council_spend_lines"))
                con.execute(
                    f"insert into staging.council_spend_lines ({columns}) select {columns} "
                    f"from read_parquet([{', '.join(literal(f) for f in files)}]) l "
                    "semi join _changed c on l.scope = c.scope and l.period_key = c.period "
                    "and l.load_id = c.new_load")
            _into(con, "meta.partition_versions", VERSION_COLUMNS,
                  [shared[k] for k in keys], {})
            con.execute("delete from meta.loads where list_contains(?, load_id)", [new_loads])
            _into(con, "meta.loads", LOAD_COLUMNS, loads, {"detected": "json"})
            _into(con, "meta.quarantine", QUARANTINE_COLUMNS, quarantine, QUARANTINE_JSON)
            con.execute("drop table _changed")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return len(changed)

    def data_files(self) -> list[str]:
        """The Parquet files of the lines table's current snapshot, as local paths."""
        from pyiceberg.exceptions import NoSuchTableError

        try:
            tasks = list(self.lines().scan().plan_files())
        except NoSuchTableError:
            return []
        # pyiceberg deletes by rewriting files (copy on write): no delete files to apply.
        assert not any(t.delete_files for t in tasks), "delete files are not read here"
        return [t.file.file_path.removeprefix("file://") for t in tasks]

    # -- operations ----------------------------------------------------------------------------

    def maintain(self, older_than_hours: float = 24.0) -> dict:
        """Remove lines no current version names (left by a worker that died before its
        switch; a load still in flight younger than `older_than_hours` is spared), rewrite each
        council's small files as one, and expire snapshots older than `older_than_hours`: what
        the maintenance job runs."""
        from pyiceberg.exceptions import NoSuchTableError
        from pyiceberg.expressions import AlwaysTrue, In, Not

        try:
            table = self.lines()
        except NoSuchTableError:
            return {"files_before": 0, "files_after": 0, "snapshots_expired": 0}
        before = len(list(table.scan().plan_files()))
        with self.pg() as cur:
            cur.execute("select distinct load_id from sv_partition_versions where dataset = %s "
                        "union select load_id from sv_loads_in_flight "
                        "where started_at > now() - make_interval(secs => %s)",
                        [DATASET, older_than_hours * 3600])
            current = {r[0] for r in cur.fetchall()}
            cur.execute("delete from sv_loads_in_flight "
                        "where started_at <= now() - make_interval(secs => %s)",
                        [older_than_hours * 3600])
        self.commit(lambda t: t.delete(Not(In("load_id", current)) if current else AlwaysTrue()))
        # Compaction: read each council's current lines and write them back as one file.
        for scope in sorted({r["scope"] for r in _scopes(self.lines())}):
            self.commit(lambda t, s=scope: _compact(t, s))
        expired = _expire(self.lines(), older_than_hours)
        return {"files_before": before, "files_after": len(list(self.lines().scan().plan_files())),
                "snapshots_expired": expired}


def _scopes(table) -> list[dict]:
    return table.scan(selected_fields=("scope",)).to_arrow().group_by("scope").aggregate(
        []).to_pylist()


def _compact(table, scope: str) -> None:
    from pyiceberg.expressions import EqualTo

    files = [t for t in table.scan(row_filter=EqualTo("scope", scope)).plan_files()]
    if len(files) > 1:
        rows = table.scan(row_filter=EqualTo("scope", scope)).to_arrow()
        table.overwrite(rows, overwrite_filter=EqualTo("scope", scope))


def _expire(table, older_than_hours: float) -> int:
    """Expire snapshots older than the cut-off (the current one is always kept)."""
    cutoff = int((time.time() - older_than_hours * 3600) * 1000)
    old = [s.snapshot_id for s in table.snapshots()
           if s.timestamp_ms < cutoff and s.snapshot_id != table.current_snapshot().snapshot_id]
    if old:
        table.maintenance.expire_snapshots().by_ids(old).commit()
    return len(old)


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and "
        "table_name = ? order by ordinal_position", [schema, table]).fetchall()]


def _load_rows(con: duckdb.DuckDBPyConnection, load_id: str) -> list[dict]:
    return records(con, "select * replace (detected::varchar as detected) from meta.loads "
                        "where load_id = ?", [load_id])


def _insert(cur, table: str, columns: list[str], rows: list[dict]) -> None:
    if not rows:
        return
    from psycopg2.extras import execute_values

    execute_values(cur, f"insert into {table} ({', '.join(columns)}) values %s",
                   [[row[c] for c in columns] for row in rows], page_size=1000)


def _copy_meta(cur, con: duckdb.DuckDBPyConnection, where: str, params: list,
               everything: bool = True) -> None:
    """Copy the PostgreSQL meta rows matching `where` into the DuckDB meta tables: every load
    recorded and the quarantine, or (`everything` False, for a worker) only the current
    versions and their loads."""
    cur.execute(f"select {', '.join(VERSION_COLUMNS)} from sv_partition_versions {where}",
                params)
    _into(con, "meta.partition_versions", VERSION_COLUMNS, cur.fetchall(), {})
    current = ("" if everything else
               " and load_id in (select load_id from sv_partition_versions " + where + ")")
    cur.execute(f"select {', '.join(LOAD_COLUMNS)} from sv_loads {where}{current}",
                params * (1 if everything else 2))
    _into(con, "meta.loads", LOAD_COLUMNS, cur.fetchall(), {"detected": "json"})
    if not everything:
        return
    cur.execute(f"select {', '.join(QUARANTINE_COLUMNS)} from sv_quarantine {where}", params)
    _into(con, "meta.quarantine", QUARANTINE_COLUMNS, cur.fetchall(), QUARANTINE_JSON)


def _into(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple],
          json_columns: dict[str, str]) -> None:
    """Insert PostgreSQL rows, its JSON values (decoded by psycopg2) cast back to DuckDB's."""
    if not rows:
        return
    index = [columns.index(c) for c in json_columns]
    rows = [[json.dumps(v) if i in index and v is not None else v for i, v in enumerate(r)]
            for r in rows]
    values = ", ".join(f"?::json::{json_columns[c]}" if c in json_columns else "?"
                       for c in columns)
    con.executemany(f"insert into {table} ({', '.join(columns)}) values ({values})", rows)
