"""A simulated national year of council spend, loaded by the embedded warehouse and by the
shared one (warehouse/lake.py) with 1, 2 and 4 worker processes standing in for machines.

    python -m benchmarks.shared --councils 40 --months 12 --rows 5000 --workers 1 2 4

Councils are English authorities in the register, in its order; each gets `--months` monthly
files of `--rows` lines (about, +-20%, varied per council) from benchmarks/generate.py, about 1%
faulty. Each contender loads every file through the same code the asset runs (read, validate
in batches, load; in the shared mode, publish to the shared warehouse), without Dagster's run
overhead. Workers take whole councils, round-robin, as the run queue's one-load-per-council
limit would have them. Reported: wall time from the first worker's start to the last one's end,
lines per second, each worker's peak memory (VmHWM), and for the shared mode how many Iceberg
commits failed four times in a row (pyiceberg retries a lost commit itself up to four times,
logging each "Commit failed due to a concurrent update, retrying"; count those lines in the
output). PostgreSQL comes from scripts/ensure-postgres, and is stopped at the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work" / "shared"


def english_councils(count: int) -> list[tuple[str, str]]:
    """(register code, name) of the first `count` current English authorities."""
    register = ROOT / "sources" / "councils" / "register" / "uk_local_authorities.csv"
    with register.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["nation"] == "England" and r["current-authority"] == "True"
                and r["local-authority-type"] in ("UA", "MD", "LBO", "NMD", "CTY")]
    return [(r["local-authority-code"], r["nice-name"]) for r in rows[:count]]


def make_files(councils: list[tuple[str, str]], months: int, rows: int) -> dict[str, list[str]]:
    from benchmarks.generate import generate

    folder = WORK / f"files-{len(councils)}x{months}x{rows}"
    files: dict[str, list[str]] = {}
    for i, (code, name) in enumerate(councils):
        size = int(rows * (0.8 + 0.4 * ((i * 37) % 11) / 10))
        for m in range(months):
            month = f"{2024 + (3 + m) // 12}-{(3 + m) % 12 + 1:02d}"
            path = folder / code.lower() / f"{code.lower()}-spend-{month}.csv"
            if not path.exists():
                generate(path, size, month, seed=i * 100 + m, body=f"{name} Council")
            files.setdefault(code, []).append(str(path))
    return files


def run(mode: str, workers: int, files: dict[str, list[str]], env: dict) -> dict:
    """Start `workers` processes, each loading its councils' files; their figures."""
    home = WORK / f"home-{mode}-{workers}-{uuid.uuid4().hex[:6]}"
    home.mkdir(parents=True)
    shares: list[dict[str, list[str]]] = [{} for _ in range(workers)]
    for i, (code, paths) in enumerate(sorted(files.items())):
        shares[i % workers][code] = paths
    started = time.perf_counter()
    procs = []
    for i, share in enumerate(shares):
        spec = home / f"worker-{i}.json"
        spec.write_text(json.dumps(share))
        procs.append((subprocess.Popen(
            [sys.executable, "-m", "benchmarks.shared", "child", mode, str(home), str(spec)],
            env={**env, "SOCIALVALUE_HOME": str(home), "PYTHONPATH": str(ROOT)}, cwd=home),
            spec))
    results = []
    for proc, spec in procs:
        if proc.wait() != 0:
            raise SystemExit(f"{mode} worker failed")
        results.append(json.loads(spec.with_suffix(".out").read_text()))
    wall = time.perf_counter() - started
    lines = sum(r["rows_read"] for r in results)
    return {"mode": mode, "workers": workers, "wall_seconds": round(wall, 1), "lines": lines,
            "files": sum(r["files"] for r in results),
            "lines_per_second": round(lines / wall),
            "peak_rss_mb_per_worker": [r["peak_rss_mb"] for r in results],
            "commit_retries": sum(r.get("commit_retries", 0) for r in results),
            "load_seconds_per_worker": [r["seconds"] for r in results]}


def child(mode: str, home: Path, spec: Path) -> None:
    """One worker: load every file of its councils, one transaction (or publish) per file."""
    from basics.periods import period_from_name
    from basics.settings import configure_environment
    from benchmarks.ingest import peak_rss_mb
    from sources.spend.profiles import get_profile
    from sources.spend.reader import spend_reader
    from warehouse import lake
    from warehouse.connection import writer
    from warehouse.ingest import ingest_file

    p = configure_environment()
    share = json.loads(spec.read_text())
    retries = 0
    if mode == "shared":
        shared = lake.Lake.from_environment(home)
        commit = shared.commit

        def counted(change):
            nonlocal retries
            tries = commit(change)
            retries += tries - 1
            return tries

        shared.commit = counted
    started = time.perf_counter()
    rows_read = loaded = files = 0
    for council, paths in share.items():
        profile = get_profile(council)
        for path in map(Path, paths):
            read = spend_reader(profile, p.tmp, period_from_name(path.name))
            if mode == "shared":
                with shared.worker(profile.slug, p.tmp) as con:
                    summary = ingest_file(con, "spend", path, read, scope=profile.slug)
                    shared.publish(con, summary)
            else:
                with writer(p.warehouse) as con:
                    summary = ingest_file(con, "spend", path, read, scope=profile.slug)
            assert summary.status == "loaded", summary.message
            rows_read += summary.rows_read
            loaded += summary.rows_loaded
            files += 1
    spec.with_suffix(".out").write_text(json.dumps({
        "seconds": round(time.perf_counter() - started, 1), "rows_read": rows_read,
        "rows_loaded": loaded, "files": files, "commit_retries": retries,
        "peak_rss_mb": peak_rss_mb()}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=40)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results-shared.json")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    files = make_files(english_councils(args.councils), args.months, args.rows)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOCIALVALUE_", "DAGSTER_"))}
    server = [str(ROOT / "scripts" / "ensure-postgres"), "/tmp/socialvalue-bench-pg"]
    pg = subprocess.run([*server, "55439"], check=True, capture_output=True, text=True
                        ).stdout.strip()
    try:
        results = [run("embedded", 1, files, base)]
        for workers in args.workers:
            db = f"bench_{uuid.uuid4().hex[:8]}"
            subprocess.run(["psql", pg.replace("+psycopg2", ""), "-qc",
                            f"create database {db}"], check=True)
            url = pg.rsplit("/", 1)[0] + "/" + db
            results.append(run("shared", workers, files,
                               {**base, "SOCIALVALUE_POSTGRES_URL": url}))
            print(json.dumps(results[-1]), flush=True)
    finally:
        subprocess.run([*server, "stop"], check=False)
    load = os.getloadavg()
    out = {"councils": args.councils, "months": args.months, "rows_per_file": args.rows,
           "cpus": os.cpu_count(), "load_average_at_end": load, "results": results}
    args.out.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
