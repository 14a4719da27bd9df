"""Probe: would a Polars reader bring spend ingest near DuckDB's own speed? (issue 18)

    python -m benchmarks.polars_probe FILE.csv [--repeat 3] [--out benchmarks/results-polars.json]

Each probe runs in a fresh process, with a fresh DuckDB file and the warehouse's settings
(1 GB, 2 threads; *limit* with DuckDB's defaults), in rounds (each probe once a round), on a
benchmark file (benchmarks/generate.py: 8 columns, header on line 1):

    limit          DuckDB alone: CREATE TABLE AS SELECT * FROM read_csv(file)
    duckdb_text    our fast reader's store, without the typed values: read_csv, cells trimmed,
                   into a temp table whose rowid numbers the rows
    polars_text    the same table from Polars: scan_csv (every cell text, a row index), cells
                   trimmed, streamed in batches as Arrow into a DuckDB temp table
    polars_parse   Polars alone reading, numbering, trimming and parsing the date (one fixed
                   form), the amount (our pattern), a redaction flag and a row hash; nothing
                   stored (a count and a sum)
    polars_store   polars_parse streamed in batches into a table of a DuckDB database file: the
                   lower bound of a design where Polars types the lines and DuckDB stores them
                   once

Not our rules: the date has one form and the amount parser is simplified, so polars_parse and
polars_store say what such a design could cost, not what it would load. Wall clock around the
work (imports excluded), CPU seconds of the process, peak RSS (VmHWM; Polars maps the file, so
the pages it reads count).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBES = ("limit", "duckdb_text", "polars_text", "polars_parse", "polars_store")
COLUMNS = ["body", "service", "expense_type", "date_raw", "transaction", "amount_raw",
           "supplier", "charity"]
BATCH_ROWS = 250_000


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    runs: dict[str, list[dict]] = {p: [] for p in PROBES}
    for _ in range(args.repeat):
        for probe in PROBES:
            run = spawn(probe, args.file)
            runs[probe].append(run)
            print(f"  {probe:13} {run['seconds']:6.2f} s  CPU {run['cpu_seconds']:6.2f} s  peak "
                  f"{run['peak_rss_mb']:6.0f} MB  rows {run['rows']:,}  (load avg "
                  f"{run['load_before']:.2f})", flush=True)
    medians = {p: {"seconds": round(statistics.median(r["seconds"] for r in rs), 2),
                   "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in rs), 2),
                   "peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in rs)),
                   "all_seconds": [r["seconds"] for r in rs]}
               for p, rs in runs.items()}
    for p, m in medians.items():
        print(f"{p:13} median {m['seconds']:6.2f} s, CPU {m['cpu_seconds']:6.2f} s, peak "
              f"{m['peak_rss_mb']} MB, / limit {m['seconds'] / medians['limit']['seconds']:.2f}")
    result = {"file": str(args.file), "repeat": args.repeat, "probes": medians}
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return result


def spawn(probe: str, path: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        load = os.getloadavg()[0]
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.polars_probe", "--child",
                                  probe, str(path), folder, str(out)])
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise RuntimeError(f"probe {probe} failed")
        return {**json.loads(out.read_text()), "load_before": round(load, 2),
                "process_seconds": round(time.perf_counter() - started, 3),
                "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3)}


def child(probe: str, path: str, folder: str, out: str) -> None:
    import duckdb
    import polars as pl

    from basics.duck import CELL_SPACE, ident, trimmed

    con = duckdb.connect(str(Path(folder) / "probe.duckdb"))
    if probe != "limit":
        con.execute("set memory_limit = '1GB'; set threads = 2")

    def scan():
        lf = pl.scan_csv(path, has_header=False, skip_lines=1, infer_schema=False,
                         new_columns=COLUMNS, row_index_name="source_row", row_index_offset=2)
        return lf.with_columns([pl.col(c).str.strip_chars(CELL_SPACE).replace("", None)
                                for c in COLUMNS])

    def parsed():
        amount = pl.col("amount_raw")
        number = (r"-? ?(£|GBP)? ?-? ?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]{0,2}0*)?"
                  r"|[.][0-9]{1,2}0*)-?")
        return scan().with_columns(
            payment_date=pl.col("date_raw").str.to_date("%d/%m/%Y", strict=False),
            # DECIMAL(18,2) as stored by us: the sign's product would widen it to 38 digits,
            # which DuckDB stores as a 128-bit integer at twice the cost.
            amount=pl.when(amount.str.contains(rf"^([(]{number}[)]|{number})$")).then(
                amount.str.replace_all(r"[£,() -]|GBP", "").cast(pl.Decimal(18, 2), strict=False)
                * pl.when(amount.str.contains(r"^[(]|-")).then(-1).otherwise(1)
            ).cast(pl.Decimal(18, 2)),
            is_redacted=pl.col("supplier").str.to_lowercase()
            .str.contains("redact|withheld|personal data").fill_null(False),
            row_hash=pl.struct(COLUMNS).hash())

    def into(kind: str, frames) -> None:
        """Each frame, as Arrow, into table t (`kind`: 'temp table' or 'table')."""
        made = False
        for frame in frames:
            batch = frame.to_arrow()  # noqa: F841 (DuckDB reads it by its name)
            con.execute("insert into t select * from batch" if made else
                        f"create {kind} t as select * from batch")
            made = True

    started = time.perf_counter()
    if probe == "limit":
        con.execute(f"create table t as select * from read_csv('{path}')")
        rows = con.execute("select count(*) from t").fetchall()[0][0]
    elif probe == "duckdb_text":
        spec = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS) + "}"
        cells = ", ".join(f"nullif({trimmed(ident(c))}, '') as {ident(c)}" for c in COLUMNS)
        con.execute(f"create temp table t as select {cells} from read_csv('{path}', "
                    f"header=false, skip=1, columns={spec}, auto_detect=false, strict_mode=true)")
        rows = con.execute("select count(*) from t").fetchall()[0][0]
    elif probe == "polars_text":
        into("temp table", scan().collect_batches(chunk_size=BATCH_ROWS))
        rows = con.execute("select count(*) from t").fetchall()[0][0]
    elif probe == "polars_parse":
        rows = parsed().select(pl.len(), pl.col("amount").sum()).collect().row(0)[0]
    else:
        into("table", parsed().collect_batches(chunk_size=BATCH_ROWS))
        rows = con.execute("select count(*) from t").fetchall()[0][0]
    con.close()
    seconds = time.perf_counter() - started
    status = Path("/proc/self/status").read_text()
    peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    Path(out).write_text(json.dumps({"seconds": round(seconds, 3), "rows": rows,
                                     "peak_rss_mb": round(peak / 1024, 1)}))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    else:
        main()
