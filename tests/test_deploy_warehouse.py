"""The shared warehouse (warehouse/lake.py): several loader processes, standing in for machines,
load different councils' months at the same time through the command line; every line is loaded
or quarantined, the amounts reconcile, nothing is lost or duplicated, and a re-issue replaces
its council-month. Real PostgreSQL (started by scripts/ensure-postgres), real Iceberg files."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute
import pytest

from benchmarks.generate import generate
from pipelines.maintenance import maintain_shared_deployment
from pipelines.resources import Warehouse
from tests.shared_services import (  # noqa: F401 (fixtures)
    BIN,
    postgres_server,
    postgres_url,
    services_dir,
    shared_env,
)
from warehouse.connection import read_only
from warehouse.lake import Lake

COUNCILS = ["bury", "oldham", "leeds", "kent"]
MONTHS = ["2024-04", "2024-05"]


def _ingest(env: dict, council: str, files: list[Path]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "socialvalue"), "ingest", "spend", *map(str, files), "--council", council,
         "--json", "--no-build"], env=env, cwd=env["SOCIALVALUE_HOME"], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def _results(process: subprocess.Popen) -> list[dict]:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out)["files"]


def _lines(path: Path) -> int:
    return sum(1 for _ in path.open(encoding="utf-8")) - 1


def _replica(home: Path) -> dict:
    """Per council-month, the lines and amount in the data folder's DuckDB file, as the marts
    read them after a writer has opened it."""
    with Warehouse().writer() as con:
        return {(c, m): (n, amount) for c, m, n, amount in con.execute(
            "select council, period_key, count(*), sum(amount) from staging.council_spend "
            "group by all").fetchall()}


@pytest.fixture
def shared(tmp_path, monkeypatch, postgres_url):  # noqa: F811
    home = tmp_path / "home"
    home.mkdir()
    env = shared_env(home, postgres_url)
    for key in ("SOCIALVALUE_HOME", "DAGSTER_HOME", "SOCIALVALUE_POSTGRES_URL"):
        monkeypatch.setenv(key, env[key])
    return home, env


def test_four_loaders_at_once_then_a_reissue_replaces_its_month(tmp_path, shared):
    home, env = shared
    files = {}
    for i, council in enumerate(COUNCILS):
        for j, month in enumerate(MONTHS):
            path = tmp_path / "files" / council / f"{council}-spend-{month}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            generate(path, rows=2000 + 500 * i + 100 * j, month=month, seed=10 * i + j)
            files[council, month] = path

    loaders = [_ingest(env, c, [files[c, m] for m in MONTHS]) for c in COUNCILS]
    results = [r for p in loaders for r in _results(p)]

    assert sorted(r["status"] for r in results) == ["loaded"] * 8
    for r in results:
        (council, month), = [k for k, f in files.items() if str(f) == r["path"]]
        assert r["scope"] == council and r["periods"] == [month]
        assert r["rows_read"] == _lines(files[council, month])
        assert r["rows_loaded"] + r["rows_quarantined"] == r["rows_read"]
        assert r["rows_quarantined"] > 0  # the generator makes about 1% faulty lines
        assert (Decimal(r["amount_loaded"]) + Decimal(r["amount_quarantined"])
                == Decimal(r["amount_read"]))

    by_month = {(r["scope"], r["periods"][0]): r for r in results}
    with read_only(home / "warehouse.duckdb") as con:
        stored = {(c, m): (n, amount, distinct) for c, m, n, amount, distinct in con.execute(
            "select council, period_key, count(*), sum(amount), count(distinct source_row) "
            "from staging.council_spend group by all").fetchall()}
        quarantined = dict(((c, m), n) for c, m, n in con.execute(
            "select scope, period, count(*) from meta.quarantine group by all").fetchall())
    # Every line of every file is in exactly once: loaded, or quarantined; none twice.
    assert stored == {k: (r["rows_loaded"], Decimal(r["amount_loaded"]), r["rows_loaded"])
                      for k, r in by_month.items()}
    assert quarantined == {k: r["rows_quarantined"] for k, r in by_month.items()}

    # The marts are built in the data folder's DuckDB file, whose copy of the spend a writer
    # brings up to date first: the same lines, by the same SQL.
    assert _replica(home) == {k: v[:2] for k, v in stored.items()}

    # A corrected re-issue of Leeds' May replaces that month and nothing else.
    reissue = tmp_path / "reissue" / "leeds-spend-2024-05.csv"
    reissue.parent.mkdir()
    generate(reissue, rows=1234, month="2024-05", seed=99)
    (replaced,) = _results(_ingest(env, "leeds", [reissue]))
    assert replaced["status"] == "replaced"
    assert replaced["rows_read"] == 1234
    with read_only(home / "warehouse.duckdb") as con:
        after = {(c, m): (n, amount) for c, m, n, amount in con.execute(
            "select council, period_key, count(*), sum(amount) from staging.council_spend "
            "group by all").fetchall()}
        leeds_may_quarantine = con.execute(
            "select count(*) from meta.quarantine where scope = 'leeds' and period = '2024-05'"
        ).fetchone()[0]
    assert after.pop(("leeds", "2024-05")) == (replaced["rows_loaded"],
                                               Decimal(replaced["amount_loaded"]))
    assert after == {k: v[:2] for k, v in stored.items() if k != ("leeds", "2024-05")}
    assert leeds_may_quarantine == replaced["rows_quarantined"]
    assert _replica(home) == {**after, ("leeds", "2024-05"): (
        replaced["rows_loaded"], Decimal(replaced["amount_loaded"]))}
    # The replaced lines are gone from the Iceberg table itself, not only hidden.
    old = by_month["leeds", "2024-05"]["load_id"]
    table = Lake.from_environment(home).lines().scan().to_arrow()
    assert old not in set(table.column("load_id").to_pylist())
    assert table.num_rows == sum(n for n, _ in after.values()) + replaced["rows_loaded"]


def test_a_worker_dying_before_its_switch_leaves_nothing_visible(tmp_path, shared):
    home, env = shared
    path = tmp_path / "bury-spend-2024-04.csv"
    generate(path, rows=1500, month="2024-04", seed=3)
    (first,) = _results(_ingest(env, "bury", [path]))
    lake = Lake.from_environment(home)
    with read_only(home / "warehouse.duckdb") as con:
        before = con.execute("select count(*), sum(amount) from staging.council_spend"
                             ).fetchone()

    # What a worker has committed when it dies after appending its lines (step 1), before the
    # PostgreSQL transaction that makes its load current (step 2): lines no version names.
    # And a load still on its way in, its lines appended, its switch to come.
    lake.commit(lambda table: table.append(_relabelled(lake, first["load_id"], "dead-worker")))
    with lake.pg() as cur:
        cur.execute("insert into sv_loads_in_flight (load_id, scope) values ('arriving', 'bury')")
    lake.commit(lambda table: table.append(_relabelled(lake, first["load_id"], "arriving")))
    assert lake.lines().scan().to_arrow().num_rows == 3 * first["rows_loaded"]
    with read_only(home / "warehouse.duckdb") as con:
        assert con.execute("select count(*), sum(amount) from staging.council_spend"
                           ).fetchone() == before

    # Maintenance removes the dead worker's lines, spares the load in flight, and compacts the
    # council's three files into one.
    done = lake.maintain(older_than_hours=1)
    assert (done["files_before"], done["files_after"]) == (3, 1)
    loads = lake.lines().scan().to_arrow().column("load_id").to_pylist()
    assert sorted(set(loads)) == sorted({first["load_id"], "arriving"})
    assert len(loads) == 2 * first["rows_loaded"]

    # The nightly job, its load in flight now too old to be anything but dead: removed, and
    # the snapshots older than `keep_hours` expired.
    result = maintain_shared_deployment.execute_in_process(
        run_config={"ops": {"maintain_shared_warehouse": {"config": {"keep_hours": 0}}}},
        resources={"warehouse": Warehouse()}, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    (output,) = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"
                 and e.step_key == "maintain_shared_warehouse"]
    done = {k: v.value for k, v in output.event_specific_data.metadata.items()}
    assert done["files_after"] == 1 and done["snapshots_expired"] >= 1
    assert lake.lines().scan().to_arrow().num_rows == first["rows_loaded"]
    with read_only(home / "warehouse.duckdb") as con:
        assert con.execute("select count(*), sum(amount) from staging.council_spend"
                           ).fetchone() == before


def _relabelled(lake: Lake, source: str, load_id: str) -> pa.Table:
    """The lines of load `source` as load `load_id`'s."""
    lines = lake.lines().scan().to_arrow().filter(pa.compute.field("load_id") == source)
    field = lines.schema.get_field_index("load_id")
    return lines.set_column(field, lines.schema.field(field), pa.array(
        [load_id] * lines.num_rows, type=lines.schema.field(field).type))


def test_two_loads_of_one_council_month_at_once_leave_one_whole_version(tmp_path, shared):
    from concurrent.futures import ThreadPoolExecutor

    from basics.periods import period_from_name
    from sources.spend.profiles import get_profile
    from sources.spend.reader import spend_reader
    from warehouse.ingest import ingest_file

    home, _ = shared
    lake = Lake.from_environment(home)
    files = [generate(tmp_path / name / "bury-spend-2024-04.csv", rows=rows, month="2024-04",
                      seed=seed) for name, rows, seed in (("a", 1800, 1), ("b", 1300, 2))]

    def load(path: Path):
        # What the command line does outside the run queue: nothing stops two at once.
        reader_ = spend_reader(get_profile("bury"), tmp_path, period_from_name(path.name))
        with lake.worker("bury", tmp_path / path.parent.name) as con:
            summary = ingest_file(con, "spend", path, reader_, scope="bury")
            lake.publish(con, summary)
        return summary

    with ThreadPoolExecutor(2) as pool:
        summaries = list(pool.map(load, files))

    with lake.pg() as cur:
        cur.execute("select load_id from sv_partition_versions where scope = 'bury'")
        (current,), = cur.fetchall()
    (winner,) = [s for s in summaries if s.load_id == current]
    assert set(lake.lines().scan().to_arrow().column("load_id").to_pylist()) == {current}
    with read_only(home / "warehouse.duckdb") as con:
        assert con.execute("select count(*), sum(amount) from staging.council_spend").fetchone() \
            == (winner.rows_loaded, winner.amount_loaded)
        assert con.execute("select count(*) from meta.quarantine").fetchone()[0] \
            == winner.rows_quarantined
