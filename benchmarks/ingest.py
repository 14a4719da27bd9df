"""Benchmark: spend ingest against DuckDB's own speed and against the naive pandas way.

    python -m benchmarks.ingest --rows 1000000 5000000 [--files 40 --file-rows 10000]
                                [--skip-incremental] [--skip-demo] [--skip-dagster]
                                [--repeat N] [--out benchmarks/results.json]

For each size it writes one synthetic council-month (benchmarks/generate.py) and measures,
side by side, each in a fresh process with a fresh data folder under `--work`, in rounds (each
contender once a round, `--repeat` rounds, the median reported):

    limit   DuckDB alone: CREATE TABLE ... AS SELECT * FROM read_csv(file), defaults
    naive   pandas read_csv + pandas parsing + the project's Pandera schema on the whole frame
            + split failures + insert into DuckDB (benchmarks/naive.py)
    ours    the real ingest path as the CLI and Dagster run it, called as functions: receive
            the file (period, copy and hash into the landing area), then
            warehouse.ingest.ingest_file (detection, parsing, validation, quarantine, lineage,
            load) inside warehouse.connection.writer
    dagster the same file through `socialvalue ingest spend FILE --council X` (a Dagster run)

Before each measurement the file is read once so every contender starts with it in the page
cache (dropping the cache needs root). Times are wall clock inside the process around the work
itself (imports excluded); `process` is the whole process including interpreter start and imports.
Peak memory is the process's own peak resident set size (VmHWM); CPU seconds are the child's.
`ours` also reports where its time went, statement by statement (benchmarks/stages.py), and
`dagster` its run and the run's steps from the run history. Then the loads are compared row by
row: ours and the Dagster run must load and quarantine exactly what the naive path does.

Then the common real case: `--files` council-month files of `--file-rows` lines each (40 of
10,000 by default: 40 months of one council), measured the same way, in rounds: *limit* reads
them all in one `read_csv` over the list of files, *naive* loads each file in turn, *ours*
receives and ingests each file in one writer connection, *dagster* is one
`socialvalue ingest spend FILE... --council X` command for all of them. Per-file and per-run
costs show here, not at 5M rows.

It then times adding one month for one council to a warehouse holding 36 months x 4 councils
against the full rebuild of that warehouse, both through the CLI's path (receive, one
`ingest_spend` run per council) and then the marts: all of them after the rebuild, those
downstream of council spend after the added month. Last, `socialvalue demo` if the command
exists, with the part of it spent in Dagster runs and in their steps, by job and by stage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
PYTHON = sys.executable
SOCIALVALUE = str(Path(PYTHON).with_name("socialvalue"))
MONTH = "2024-05"
COUNCIL = "bury"
COUNCILS = {"bury": ("Bury Council", "BL"), "rochdale": ("Rochdale Borough Council", "OL"),
            "bolton": ("Bolton Council", "BL"), "wigan": ("Wigan Council", "WN")}
HISTORY_MONTHS = 36
# Jobs that may rebuild the marts downstream of council spend, in order of preference.
MARTS_JOBS = ("build_accounts", "build_and_publish")
CONTENDERS = ("limit", "naive", "ours", "dagster")


# ---------------------------------------------------------------------------------------------
# The parent: generate, measure in child processes, compare, report.

def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000, 5_000_000],
                        help="file sizes to measure (none: only the incremental and demo parts)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each contender N times; the median is reported")
    parser.add_argument("--files", type=int, default=40,
                        help="council-month files for the many-files measurement (0: skip it)")
    parser.add_argument("--file-rows", type=int, default=10_000,
                        help="lines in each of those files")
    parser.add_argument("--skip-incremental", action="store_true")
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-dagster", action="store_true")
    parser.add_argument("--incremental-rows", type=int, default=3000,
                        help="lines per council-month file in the 36 x 4 history")
    parser.add_argument("--keep", action="store_true", help="keep the data folders of each run")
    args = parser.parse_args(argv)

    args.work.mkdir(parents=True, exist_ok=True)
    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python -m benchmarks.ingest " + " ".join(argv if argv is not None
                                                             else sys.argv[1:]),
        "machine": machine(), "versions": versions(), "sizes": [],
        "files": None, "incremental": None, "demo": None,
    }
    for rows in args.rows:
        results["sizes"].append(measure_size(rows, args))
        write(results, args.out)
    if args.files:
        results["files"] = measure_files(args)
        write(results, args.out)
    if not args.skip_incremental:
        results["incremental"] = measure_incremental(args)
        write(results, args.out)
    if not args.skip_demo:
        results["demo"] = measure_demo(args)
        write(results, args.out)
    print(report(results))
    return results


def measure_size(rows: int, args) -> dict:
    folder = args.work / f"rows-{rows}"
    data = folder / "data" / f"benchmark-spend-{MONTH}.csv"
    spawn_generate([(data, rows, MONTH, 1, "Bury Council")], folder)
    size = {"rows": rows, "file": str(data), "megabytes": round(data.stat().st_size / 1e6, 1)}
    print(f"\n{rows:,} rows, {size['megabytes']} MB: {data}", flush=True)
    contenders = contest(args, data, folder, size)
    size["check"] = check(folder, contenders)
    ok = all(c["same"] for c in size["check"].values())
    print(f"  rows loaded and quarantined match the reference path: {ok}", flush=True)
    size["ratios"] = ratios(size)
    if not args.keep:
        for name in contenders:
            for attempt in range(args.repeat):
                shutil.rmtree(folder / f"{name}-{attempt}", ignore_errors=True)
    return size


def contest(args, data: Path, folder: Path, out: dict, suffix: str = "") -> list[str]:
    """Every contender on `data`, `args.repeat` times each, printing each run; each contender's
    median run goes into `out`. Returns the contenders."""
    contenders = [c for c in CONTENDERS if not (c == "dagster" and args.skip_dagster)]
    runs: dict[str, list[dict]] = {name: [] for name in contenders}
    # Round by round, each contender once a round, so a host that slows down or speeds up over
    # the minutes of a run moves every contender alike, not the last ones only.
    for attempt in range(args.repeat):
        for name in contenders:
            run = run_contender(f"{name}{suffix}", data, folder / f"{name}-{attempt}")
            runs[name].append(run)
            print(f"  {name:8} {run['seconds']:7.2f} s  CPU {run['cpu_seconds']:7.2f} s"
                  f"  peak {run['peak_rss_mb']:6.0f} MB  (process {run['process_seconds']:.2f} s,"
                  f" load avg {run['load_before']:.2f})", flush=True)
    for name in contenders:
        out[name] = median_run(runs[name])
    for step, spent in out["ours"]["steps"].items():
        print(f"  ours     {spent['wall']:6.2f} s wall {spent['cpu']:6.2f} s CPU  {step}",
              flush=True)
    if "dagster" in out:
        dag = out["dagster"]
        print(f"  dagster  command {dag['command_seconds']:.2f} s (of the process "
              f"{dag['process_seconds']:.2f} s), run {dag['run_seconds']:.2f} s, steps: "
              + ", ".join(f"{k} {v:.2f} s" for k, v in dag["step_seconds"].items()),
              flush=True)
    return contenders


def measure_files(args) -> dict:
    """`args.files` council-month files of `args.file_rows` lines, every contender on all of
    them, in rounds (as measure_size does for one file)."""
    folder = args.work / f"files-{args.files}x{args.file_rows}"
    data = folder / "data"
    months = month_range("2021-04", args.files)
    spawn_generate([(data / f"{COUNCIL}-spend-{month}.csv", args.file_rows, month, seed,
                     COUNCILS[COUNCIL][0]) for seed, month in enumerate(months, start=1)], folder)
    out = {"files": args.files, "rows_per_file": args.file_rows,
           "megabytes": round(sum(f.stat().st_size for f in data.glob("*.csv")) / 1e6, 1)}
    print(f"\n{args.files} files of {args.file_rows:,} lines, {out['megabytes']} MB: {data}",
          flush=True)
    contenders = contest(args, data, folder, out, suffix="-files")
    out["check"] = {name: compare(folder / "naive-0" / "naive.duckdb",
                                  folder / f"{name}-0" / "warehouse.duckdb", by_file=True)
                    for name in contenders if name in ("ours", "dagster")}
    ok = all(c["same"] for c in out["check"].values())
    print(f"  rows loaded and quarantined match the reference path: {ok}", flush=True)
    out["ratios"] = ratios(out)
    if "dagster" in out:
        out["ratios"]["dagster_over_limit"] = round(
            out["dagster"]["seconds"] / out["limit"]["seconds"], 2)
    if not args.keep:
        for name in contenders:
            for attempt in range(args.repeat):
                shutil.rmtree(folder / f"{name}-{attempt}", ignore_errors=True)
    return out


def run_contender(name: str, data: Path, home: Path) -> dict:
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    write_profiles(home)
    out = home / "result.json"
    warm(data)
    measured = spawn([PYTHON, "-m", "benchmarks.ingest", "--child", name, str(data), str(home),
                      str(out)], home)
    measured.update(json.loads(out.read_text()))
    if name.startswith("dagster"):
        # What the person at the terminal waits for: the whole command, imports included.
        measured["seconds"] = measured["process_seconds"]
    return measured


def spawn(command: list[str], home: Path) -> dict:
    """Run `command` with SOCIALVALUE_HOME=`home`: its wall time and CPU time. (Children report
    their own peak RSS, VmHWM: wait4's ru_maxrss also counts the parent's pages at exec.)"""
    env = {**os.environ, "SOCIALVALUE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("DAGSTER_HOME", None)
    load_before = os.getloadavg()[0]
    with (home / "stdout.txt").open("w") as out, (home / "stderr.txt").open("w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n"
                           + (home / "stderr.txt").read_text()[-3000:])
    return {"process_seconds": round(wall, 3),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "load_before": round(load_before, 2)}


def warm(path: Path) -> None:
    """Read the file (or the folder's files) once, so it is in the page cache for whoever reads
    it next."""
    for each in (sorted(path.iterdir()) if path.is_dir() else [path]):
        with each.open("rb") as f:
            while f.read(1 << 24):
                pass


def median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["seconds"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    if len(runs) > 1:
        chosen["all_seconds"] = [r["seconds"] for r in runs]
        chosen["seconds"] = round(statistics.median(r["seconds"] for r in runs), 3)
    return chosen


def ratios(size: dict) -> dict:
    """Wall-time ratios, and the same in CPU seconds (less sensitive to a busy machine)."""
    ours, limit, naive = size["ours"], size["limit"], size["naive"]
    out = {"ours_over_limit": round(ours["seconds"] / limit["seconds"], 2),
           "naive_over_ours": round(naive["seconds"] / ours["seconds"], 2),
           "ours_over_limit_cpu": round(ours["cpu_seconds"] / limit["cpu_seconds"], 2),
           "naive_over_ours_cpu": round(naive["cpu_seconds"] / ours["cpu_seconds"], 2)}
    if "dagster" in size:
        out["dagster_overhead_seconds"] = round(
            size["dagster"]["process_seconds"] - ours["process_seconds"], 2)
    return out


def check(folder: Path, contenders: list[str]) -> dict:
    """Ours (and the Dagster run) against the naive reference, row by row."""
    reference = folder / "naive-0" / "naive.duckdb"
    return {name: compare(reference, folder / f"{name}-0" / "warehouse.duckdb")
            for name in contenders if name in ("ours", "dagster")}


def compare(reference: Path, warehouse: Path, by_file: bool = False) -> dict:
    """Same rows loaded (with amount and duplicate flag), same rows quarantined (with their
    rules and amount): counts of rows found on one side only, and totals for the record.
    `by_file`: the reference holds many files' lines, each with its `source_file`."""
    with duckdb.connect() as con:
        con.execute(f"attach '{reference}' as naive (read_only)")
        con.execute(f"attach '{warehouse}' as ours (read_only)")
        key = "source_file, " if by_file else ""
        loaded_naive = f"select {key}source_row, amount, duplicate_of_row from naive.loaded"
        loaded_ours = (f"select {key}source_row, amount, duplicate_of_row "
                       "from ours.staging.council_spend")
        held_naive = f"select {key}source_row, rules, amount from naive.quarantine"
        held_ours = (f"select {key}source_row, list_sort(list_distinct(list_transform("
                     "failures, lambda f: f.rule))) rules, amount from ours.meta.quarantine")

        def count(sql: str) -> int:
            return con.execute(f"select count(*) from ({sql})").fetchall()[0][0]

        out = {
            "loaded_only_in_reference": count(f"{loaded_naive} except all {loaded_ours}"),
            "loaded_only_in_ours": count(f"{loaded_ours} except all {loaded_naive}"),
            "quarantined_only_in_reference": count(f"{held_naive} except all {held_ours}"),
            "quarantined_only_in_ours": count(f"{held_ours} except all {held_naive}"),
            "rows_loaded": count(loaded_ours),
            "rows_quarantined": count(held_ours),
            "amount_loaded": str(con.execute(
                "select sum(amount) from ours.staging.council_spend").fetchall()[0][0]),
            "rules": dict(con.execute(
                "select u.rule, count(*) from ours.meta.quarantine, unnest(failures) x(u) "
                "group by 1 order by 1").fetchall()),
        }
    out["same"] = not any(v for k, v in out.items() if "_only_in_" in k)
    return out


def write_profiles(home: Path) -> None:
    folder = home / "config" / "councils"
    folder.mkdir(parents=True, exist_ok=True)
    for slug, (name, area) in COUNCILS.items():
        (folder / f"{slug}.yaml").write_text(
            f"name: {name}\nlocal_postcode_areas: [{area}]\ncadence: monthly\n")


def write(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")


# ---------------------------------------------------------------------------------------------
# Adding one month to 36 months x 4 councils, against rebuilding them all.

def measure_incremental(args) -> dict:
    folder = args.work / "incremental"
    files = folder / "data"
    months = month_range("2021-04", HISTORY_MONTHS + 1)
    spawn_generate([(files / council / f"{council}-spend-{month}.csv", args.incremental_rows,
                     month, seed, COUNCILS[council][0])
                    for seed, council in enumerate(COUNCILS, start=1) for month in months],
                   folder)
    home = folder / "home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    write_profiles(home)
    print(f"\nincremental: {len(COUNCILS)} councils x {HISTORY_MONTHS} months of "
          f"{args.incremental_rows} lines, then {months[-1]} for {COUNCIL}", flush=True)
    history = {c: [str(files / c / f"{c}-spend-{m}.csv") for m in months[:-1]] for c in COUNCILS}
    rebuild = run_loads("rebuild", history, "all", home)
    newest = {COUNCIL: [str(files / COUNCIL / f"{COUNCIL}-spend-{months[-1]}.csv")]}
    add = run_loads("add", newest, "downstream", home)
    marts_ran = rebuild["marts"]["success"] and add["marts"]["success"]
    out = {"councils": len(COUNCILS), "months": HISTORY_MONTHS,
           "rows_per_file": args.incremental_rows, "rebuild": rebuild, "add_one_month": add,
           "marts_included": marts_ran,
           "ratio_loads_only": round(add["load_seconds"] / rebuild["load_seconds"], 3)}
    out["ratio"] = (round(add["seconds"] / rebuild["seconds"], 3) if marts_ran
                    else out["ratio_loads_only"])
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    return out


def run_loads(label: str, files: dict[str, list[str]], marts: str, home: Path) -> dict:
    """Load `files` ({council: [paths]}) in a child, then rebuild `marts` ("all" of them or the
    ones "downstream" of council spend)."""
    spec = home / f"{label}-files.json"
    spec.write_text(json.dumps({"files": files, "marts": marts}))
    measured = spawn([PYTHON, "-m", "benchmarks.ingest", "--child", "rebuild", str(spec),
                      str(home), str(home / f"{label}.json")], home)
    measured.update(json.loads((home / f"{label}.json").read_text()))
    marts = measured["marts"]
    print(f"  {label:8} {measured['seconds']:7.2f} s: loads {measured['load_seconds']:.2f} s "
          f"({measured['files']}), marts "
          + (f"{marts['seconds']:.2f} s ({marts['job']})" if marts["success"] else
             f"not run: {marts['error'][:200]}"), flush=True)
    return measured


def spawn_generate(jobs: list[tuple], folder: Path) -> None:
    """Write the files that are not there yet, in a child process (it keeps this one small)."""
    wanted = [[str(path), rows, month, seed, body] for path, rows, month, seed, body in jobs
              if not path.exists()]
    if wanted:
        folder.mkdir(parents=True, exist_ok=True)
        spec = folder / "generate.json"
        spec.write_text(json.dumps(wanted))
        subprocess.run([PYTHON, "-m", "benchmarks.ingest", "--child", "generate", str(spec),
                        str(folder), str(folder / "generated.json")], cwd=ROOT, check=True)


def month_range(first: str, count: int) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    for i in range(count):
        y, m = divmod(month - 1 + i, 12)
        out.append(f"{year + y}-{m + 1:02d}")
    return out


# ---------------------------------------------------------------------------------------------
# The whole demo.

def measure_demo(args) -> dict:
    probe = subprocess.run([SOCIALVALUE, "demo", "--help"], capture_output=True, cwd=ROOT)
    if probe.returncode != 0:
        print("\ndemo: not available (no `socialvalue demo` command)", flush=True)
        return {"available": False}
    home = args.work / "demo"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    print("\ndemo: socialvalue demo", flush=True)
    measured = spawn([PYTHON, "-m", "benchmarks.ingest", "--child", "demo", "-", str(home),
                      str(home / "result.json")], home)
    measured.update(json.loads((home / "result.json").read_text()))
    stdout = home / "stdout.txt"
    measured["available"] = True
    measured.update(dagster_time(home))
    # Dagster's own share: run time outside the steps (launching, event log, IO between steps);
    # the rest of the wall time outside runs is the CLI, imports and work done outside Dagster.
    measured["dagster_overhead_seconds"] = round(measured["run_seconds"]
                                                 - measured["step_seconds"], 3)
    measured["outside_runs_seconds"] = round(measured["process_seconds"]
                                             - measured["run_seconds"], 3)
    print(f"  demo {measured['process_seconds']:7.2f} s: {measured['runs']} Dagster runs took "
          f"{measured['run_seconds']:.2f} s, their steps {measured['step_seconds']:.2f} s "
          f"(Dagster overhead {measured['dagster_overhead_seconds']:.2f} s); outside runs "
          f"{measured['outside_runs_seconds']:.2f} s", flush=True)
    for job, figures in sorted(measured["by_job"].items()):
        print(f"    {job:24} {figures['runs']:3} runs {figures['run_seconds']:7.2f} s, steps "
              f"{figures['step_seconds']:7.2f} s", flush=True)
    for group, seconds in stage_groups(measured["stages"]).items():
        print(f"    {group:24} {seconds:7.2f} s", flush=True)
    measured["output_tail"] = stdout.read_text()[-2000:]
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    return measured


def stage_groups(stages: list[dict]) -> dict[str, float]:
    """The demo's stages by kind: spend, outcome returns, reference datasets, the marts."""
    groups: dict[str, float] = {}
    for stage in stages:
        name = stage["stage"]
        kind = (name.split(":", 1)[0] if ":" in name else
                name if name == "build_and_publish" else "reference datasets")
        groups[kind] = round(groups.get(kind, 0.0) + stage["seconds"], 2)
    return groups


def dagster_time(home: Path) -> dict:
    """Time the demo's Dagster runs took, and the part of it their steps (the assets) took."""
    command = [PYTHON, "-m", "benchmarks.ingest", "--child", "runs", "-", str(home),
               str(home / "runs.json")]
    env = {**os.environ, "SOCIALVALUE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    runs = json.loads((home / "runs.json").read_text())
    runs.pop("peak_rss_mb")  # of the process that read the run history, not of the demo
    return runs


# ---------------------------------------------------------------------------------------------
# Children: each measurement's own process. Imports happen before the clock starts.

def child(kind: str, source: str, home: str, out: str) -> None:
    run = {"limit": child_limit, "naive": child_naive, "ours": child_ours,
           "dagster": child_dagster, "limit-files": child_limit_files,
           "naive-files": child_naive_files, "ours-files": child_ours_files,
           "dagster-files": child_dagster_files, "demo": child_demo, "rebuild": child_rebuild,
           "generate": child_generate,
           "runs": child_runs}[kind]
    result = run(Path(source), Path(home))
    result["peak_rss_mb"] = peak_rss_mb()
    Path(out).write_text(json.dumps(result, default=str))


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB of 2**20 bytes."""
    status = Path("/proc/self/status").read_text()
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return round(kib / 1024, 1)


def child_generate(spec: Path, _: Path) -> dict:
    for path, rows, month, seed, body in json.loads(spec.read_text()):
        generate(Path(path), rows, month, seed, body)
    return {}


def child_limit(data: Path, home: Path) -> dict:
    return duckdb_alone(f"'{data}'", home)


def duckdb_alone(files: str, home: Path) -> dict:
    """DuckDB alone: `read_csv(files)` into one table, timed (the limit any path can reach)."""
    started = time.perf_counter()
    con = duckdb.connect(str(home / "limit.duckdb"))
    con.execute(f"create table spend as select * from read_csv({files})")
    rows = con.execute("select count(*) from spend").fetchall()[0][0]
    con.close()
    return {"seconds": round(time.perf_counter() - started, 3), "rows": rows}


def child_naive(data: Path, home: Path) -> dict:
    from basics.periods import period_from_name
    from benchmarks.naive import ingest_naive

    started = time.perf_counter()
    summary = ingest_naive(data, home / "naive.duckdb", period_from_name(data.name),
                           dt.date.today())
    return {"seconds": round(time.perf_counter() - started, 3), **summary}


def child_ours(data: Path, home: Path) -> dict:
    """What `socialvalue ingest spend` does, without Dagster: receive, then the asset's load."""
    from basics.periods import parse_period
    from basics.settings import configure_environment
    from benchmarks.stages import summary, timing
    from pipelines.intake import receive_spend
    from sources.spend.profiles import get_profile
    from sources.spend.reader import spend_reader
    from warehouse.connection import writer
    from warehouse.ingest import ingest_file

    p = configure_environment()
    started = time.perf_counter()
    cpu_started = time.process_time()
    landed = receive_spend(data, COUNCIL).landed
    received = time.perf_counter()
    cpu_received = time.process_time()
    reader = spend_reader(get_profile(COUNCIL), p.tmp, parse_period(landed.period_label))
    with writer(p.warehouse) as con, timing(con) as (timed, log):
        summary_ = ingest_file(timed, "spend", landed.file, reader, scope=COUNCIL,
                               periods=landed.periods, file_hash=landed.sha256,
                               received_as=Path(landed.original_path))
    finished = time.perf_counter()
    log.append(("receive: copy and hash into the landing area", received - started,
                cpu_received - cpu_started))
    return {"seconds": round(finished - started, 3),
            "receive_seconds": round(received - started, 3), "status": summary_.status,
            "rows_loaded": summary_.rows_loaded,
            "rows_quarantined": summary_.rows_quarantined, "steps": summary(log)}


def child_dagster(data: Path, home: Path) -> dict:
    """`socialvalue ingest spend FILE --council X --json`, in this process; then, from the run
    history, how long the run and each of its steps (the load, the asset checks) took."""
    from socialvalue.cli import app

    started = time.perf_counter()
    code = app(["ingest", "spend", str(data), "--council", COUNCIL, "--json"],
               standalone_mode=False)
    command_seconds = time.perf_counter() - started
    sys.stdout.flush()
    if code:
        raise SystemExit(code)
    loaded = json.loads((home / "stdout.txt").read_text())["files"][0]
    return {"status": loaded["status"], "rows_loaded": loaded["rows_loaded"],
            "rows_quarantined": loaded["rows_quarantined"],
            "command_seconds": round(command_seconds, 3), **run_steps()}


def spend_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def child_limit_files(folder: Path, home: Path) -> dict:
    """DuckDB alone: every file in one read_csv over the list of them, into one table."""
    files = ", ".join(f"'{f}'" for f in spend_files(folder))
    return duckdb_alone(f"[{files}]", home)


def child_naive_files(folder: Path, home: Path) -> dict:
    """The naive path on each file in turn, each into a database of its own; afterwards (not
    timed) their lines gathered, with the file's name, into one reference for the check."""
    from basics.periods import period_from_name
    from benchmarks.naive import ingest_naive

    files = spend_files(folder)
    started = time.perf_counter()
    for i, f in enumerate(files):
        ingest_naive(f, home / f"naive-{i}.duckdb", period_from_name(f.name), dt.date.today())
    seconds = time.perf_counter() - started
    with duckdb.connect(str(home / "naive.duckdb")) as con:
        for i, f in enumerate(files):
            con.execute(f"attach '{home / f'naive-{i}.duckdb'}' as n (read_only)")
            verb = "create table {} as" if i == 0 else "insert into {}"
            for table in ("loaded", "quarantine"):
                con.execute(f"{verb.format(table)} select ? as source_file, * from n.{table}",
                            [f.name])
            con.execute("detach n")
            (home / f"naive-{i}.duckdb").unlink()
    return {"seconds": round(seconds, 3), "files": len(files)}


def child_ours_files(folder: Path, home: Path) -> dict:
    """What `socialvalue ingest spend FILE...` does for many files, without Dagster: receive
    each, then load each in one writer connection (as one ingest_spend run does)."""
    from basics.periods import parse_period
    from basics.settings import configure_environment
    from benchmarks.stages import summary, timing
    from pipelines.intake import receive_spend
    from sources.spend.profiles import get_profile
    from sources.spend.reader import spend_reader
    from warehouse.connection import writer
    from warehouse.ingest import ingest_file

    p = configure_environment()
    started = time.perf_counter()
    cpu_started = time.process_time()
    landed = [receive_spend(f, COUNCIL).landed for f in spend_files(folder)]
    received = time.perf_counter()
    cpu_received = time.process_time()
    statuses: dict[str, int] = {}
    with writer(p.warehouse) as con, timing(con) as (timed, log):
        for f in landed:
            reader = spend_reader(get_profile(COUNCIL), p.tmp, parse_period(f.period_label))
            loaded = ingest_file(timed, "spend", f.file, reader, scope=COUNCIL,
                                 periods=f.periods, file_hash=f.sha256,
                                 received_as=Path(f.original_path))
            statuses[loaded.status] = statuses.get(loaded.status, 0) + 1
    finished = time.perf_counter()
    log.append(("receive: copy and hash into the landing area", received - started,
                cpu_received - cpu_started))
    return {"seconds": round(finished - started, 3),
            "receive_seconds": round(received - started, 3), "statuses": statuses,
            "steps": summary(log)}


def child_dagster_files(folder: Path, home: Path) -> dict:
    """`socialvalue ingest spend FILE... --council X --json` for all the files, in this process;
    then, from the run history, how long the runs and their steps took."""
    from socialvalue.cli import app

    started = time.perf_counter()
    code = app(["ingest", "spend", *map(str, spend_files(folder)), "--council", COUNCIL,
                "--json"], standalone_mode=False)
    command_seconds = time.perf_counter() - started
    sys.stdout.flush()
    if code:
        raise SystemExit(code)
    files = json.loads((home / "stdout.txt").read_text())["files"]
    statuses: dict[str, int] = {}
    for f in files:
        statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    return {"statuses": statuses, "command_seconds": round(command_seconds, 3), **run_steps()}


def run_steps() -> dict:
    """Seconds of every run in this data folder's history, and of each of their steps."""
    import dagster as dg

    from basics.settings import configure_environment

    configure_environment()
    runs, steps = 0.0, {}
    with dg.DagsterInstance.get() as instance:
        for record in instance.get_run_records():
            if record.start_time and record.end_time:
                runs += record.end_time - record.start_time
            for stats in instance.get_run_step_stats(record.dagster_run.run_id):
                if stats.start_time and stats.end_time:
                    steps[stats.step_key] = round(steps.get(stats.step_key, 0.0)
                                                  + stats.end_time - stats.start_time, 3)
    return {"run_seconds": round(runs, 3), "step_seconds": steps}


def child_demo(_: Path, home: Path) -> dict:
    """`socialvalue demo --json`, in this process: its own report of each stage's time."""
    from socialvalue.cli import app

    code = app(["demo", "--json"], standalone_mode=False)
    sys.stdout.flush()
    if code:
        raise SystemExit(code)
    out = json.loads((home / "stdout.txt").read_text())
    return {"ok": out["ok"], "demo_seconds": out["seconds"], "files": out["files"],
            "stages": out["stages"]}


def child_rebuild(spec: Path, home: Path) -> dict:
    """Load each council's files as `socialvalue ingest spend` does, then the marts."""
    from pipelines.intake import load_spend, receive_spend

    wanted = json.loads(spec.read_text())
    files = wanted["files"]
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    for council, paths in files.items():
        received = [receive_spend(Path(f), council) for f in paths]
        for result in load_spend(received, council):
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    loaded = time.perf_counter()
    marts = build_marts(wanted["marts"])
    finished = time.perf_counter()
    return {"seconds": round(finished - started, 3), "load_seconds": round(loaded - started, 3),
            "marts": {**marts, "seconds": round(finished - loaded, 3)}, "files": statuses}


def build_marts(which: str) -> dict:
    """Rebuild the marts ("all", or those "downstream" of council spend) through the first job
    that builds every mart downstream of council spend."""
    import dagster as dg

    from pipelines.assets.spend import COUNCIL_SPEND
    from pipelines.definitions import defs
    from pipelines.launch import run_job

    graph = defs.resolve_asset_graph()
    downstream = {key for key in dg.AssetSelection.assets(COUNCIL_SPEND).downstream()
                  .resolve(graph) if key.path[0] == "marts"}
    jobs = {job.name: job for job in defs.resolve_all_job_defs()}
    job = next((name for name in MARTS_JOBS if name in jobs
                and downstream <= set(jobs[name].asset_layer.executable_asset_keys)), None)
    if job is None:
        return {"job": None, "success": False, "error": f"no job among {MARTS_JOBS} builds all "
                f"of {sorted(k.to_user_string() for k in downstream)}"}
    marts = sorted(downstream if which == "downstream" else
                   {k for k in jobs[job].asset_layer.executable_asset_keys if k.path[0] == "marts"})
    out = {"job": job, "assets": [key.to_user_string() for key in marts]}
    outcome = run_job(job, asset_selection=marts)
    return {**out, "success": outcome.success,
            "error": None if outcome.success else failure_causes(outcome.run_id)}


def failure_causes(run_id: str) -> str:
    """The innermost error of each failed step of a run: the reason, not Dagster's wrapper."""
    import dagster as dg

    causes = []
    with dg.DagsterInstance.get() as instance:
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
            error = entry.dagster_event.step_failure_data.error
            while error.cause is not None:
                error = error.cause
            causes.append(f"{entry.step_key}: {error.message.strip()}")
    return "; ".join(causes)


def child_runs(_: Path, home: Path) -> dict:
    """Sum of the Dagster runs' durations and of their steps' durations, from the run history,
    in all and by job."""
    import dagster as dg

    from basics.settings import configure_environment

    configure_environment()
    jobs: dict[str, dict] = {}
    with dg.DagsterInstance.get() as instance:
        records = instance.get_run_records()
        for record in records:
            job = jobs.setdefault(record.dagster_run.job_name,
                                  {"runs": 0, "run_seconds": 0.0, "step_seconds": 0.0})
            job["runs"] += 1
            if record.start_time and record.end_time:
                job["run_seconds"] += record.end_time - record.start_time
            for stats in instance.get_run_step_stats(record.dagster_run.run_id):
                if stats.start_time and stats.end_time:
                    job["step_seconds"] += stats.end_time - stats.start_time
    for job in jobs.values():
        job["run_seconds"] = round(job["run_seconds"], 3)
        job["step_seconds"] = round(job["step_seconds"], 3)
    return {"runs": len(records),
            "run_seconds": round(sum(j["run_seconds"] for j in jobs.values()), 3),
            "step_seconds": round(sum(j["step_seconds"] for j in jobs.values()), 3),
            "by_job": jobs}


# ---------------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory / 2**20, 1),
            "os": platform.platform(), "python": platform.python_version()}


def versions() -> dict:
    from importlib.metadata import version

    return {name: version(name) for name in ("duckdb", "pandas", "pandera", "pyarrow",
                                             "dagster")}


def report(results: dict) -> str:
    lines = ["", "| rows | MB | limit s (CPU) | naive s (CPU) | ours s (CPU) | dagster s (CPU) |"
                 " ours/limit (CPU) | naive/ours (CPU) | peak MB limit / naive / ours / dagster |"
                 " same rows |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for s in results["sizes"]:
        dag = s.get("dagster", {})
        r = s["ratios"]

        def wall_cpu(c: dict) -> str:
            return (f"{c['seconds']:.2f} ({c['cpu_seconds']:.1f})" if c else "-")

        lines.append(
            f"| {s['rows']:,} | {s['megabytes']} | {wall_cpu(s['limit'])} | "
            f"{wall_cpu(s['naive'])} | {wall_cpu(s['ours'])} | {wall_cpu(dag)} | "
            f"{r['ours_over_limit']} ({r['ours_over_limit_cpu']}) | "
            f"{r['naive_over_ours']} ({r['naive_over_ours_cpu']}) | "
            f"{s['limit']['peak_rss_mb']:.0f} / {s['naive']['peak_rss_mb']:.0f} / "
            f"{s['ours']['peak_rss_mb']:.0f} / {dag.get('peak_rss_mb', float('nan')):.0f} | "
            f"{all(c['same'] for c in s['check'].values())} |")
    many = results.get("files")
    if many:
        dag = many.get("dagster", {})
        lines.append(
            f"\n{many['files']} files of {many['rows_per_file']:,} lines: limit "
            f"{many['limit']['seconds']:.2f} s, naive {many['naive']['seconds']:.2f} s, ours "
            f"{many['ours']['seconds']:.2f} s, dagster {dag.get('seconds', float('nan')):.2f} s;"
            f" ours/limit {many['ratios']['ours_over_limit']}, dagster/limit "
            f"{many['ratios'].get('dagster_over_limit', '-')}; same rows: "
            f"{all(c['same'] for c in many['check'].values())}")
    inc = results.get("incremental")
    if inc:
        lines.append(f"\nadd one month: {inc['add_one_month']['seconds']:.2f} s, full rebuild "
                     f"{inc['rebuild']['seconds']:.2f} s; loads alone "
                     f"{inc['add_one_month']['load_seconds']:.2f} s vs "
                     f"{inc['rebuild']['load_seconds']:.2f} s = {inc['ratio_loads_only']:.1%}; "
                     + (f"with the marts {inc['ratio']:.1%}" if inc["marts_included"]
                        else "marts not run: " + str(inc["rebuild"]["marts"].get("error"))[:300]))
    demo = results.get("demo")
    if demo is not None:
        lines.append("demo: " + (f"{demo['process_seconds']:.2f} s, Dagster overhead "
                                 f"{demo['dagster_overhead_seconds']:.2f} s"
                                 if demo.get("available") else "not available"))
    return "\n".join(lines)


def checked_parts(results: dict) -> list[dict]:
    """The parts of a run whose loads were compared with the reference path."""
    return results["sizes"] + ([results["files"]] if results.get("files") else [])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    elif not all(c["same"] for part in checked_parts(main()) for c in part["check"].values()):
        sys.exit("the fast path did not load and quarantine what the reference path did")
