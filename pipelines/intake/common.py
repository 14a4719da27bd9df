"""What every dataset's intake shares: the received file, refusals at the door, partition ranges,
and the per-file summaries collected from the runs' loads."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from basics.files import sha256_of
from basics.settings import configure_environment
from loading.contract import Lineage
from pipelines.launch import RunOutcome
from sources.landing import LandedFile, current_files
from warehouse.connection import read_only, writer
from warehouse.ingest import refuse
from warehouse.status import loads_of_runs


@dataclass(frozen=True)
class Received:
    """A file accepted into the landing area, or refused at the door with its summary."""

    path: Path
    landed: LandedFile | None = None
    refusal: dict | None = None


def collect(received: list[Received], outcomes: list[RunOutcome]) -> list[dict]:
    """One summary per received file, in the order given, from the loads the runs recorded."""
    p = configure_environment()
    by_hash: dict[str, dict] = {}
    if outcomes:
        with read_only(p.warehouse) as con:
            for load in loads_of_runs(con, [o.run_id for o in outcomes]):
                by_hash[_hash_of(load)] = load
    errors = "; ".join(o.error for o in outcomes if o.error)
    # A run can load its files and still fail afterwards, on a check of what it loaded.
    checks_failed = {o.run_id: "; ".join(o.checks_failed) for o in outcomes if o.checks_failed}
    results = []
    for r in received:
        if r.refusal:
            results.append(r.refusal)
        elif r.landed.sha256 in by_hash:
            load = by_hash[r.landed.sha256]
            loaded = load.get("status") in ("loaded", "replaced", "already_loaded")
            after = checks_failed.get(load.get("dagster_run_id")) if loaded else None
            results.append({**load, "path": str(r.path)} | (
                {"checks_failed": after} if after else {}))
        else:
            results.append(_not_loaded(r, errors))
    return results


def record_refusal(dataset: str, scope: str | None, path: Path, reason: str) -> dict:
    p = configure_environment()
    # A link is never followed: what it points at was not sent.
    readable = path.is_file() and not path.is_symlink()
    digest = sha256_of(path) if readable else "-"
    size = path.stat().st_size if readable else 0
    lineage = Lineage(path, digest, size, str(uuid.uuid4()), dt.datetime.now())
    with writer(p.warehouse) as con:
        summary = refuse(con, dataset, scope, lineage, reason)
    return summary.as_json()


def contiguous(keys: list[str], following: Callable[[str], str] | None = None
               ) -> list[tuple[str, str]]:
    """['2024-04', '2024-05', '2024-07'] -> [('2024-04', '2024-05'), ('2024-07', '2024-07')]:
    unbroken runs of sorted partition keys, each one Dagster partition range. Keys are months
    unless `following` gives the next key (e.g. next_quarter)."""
    following = following or _next_month
    ranges: list[list[str]] = []
    for key in keys:
        if ranges and following(ranges[-1][1]) == key:
            ranges[-1][1] = key
        else:
            ranges.append([key, key])
    return [(a, b) for a, b in ranges]


def next_quarter(key: str) -> str:
    """'2024-25-Q4' -> '2025-26-Q1'."""
    year, quarter = int(key[:4]), int(key[-1])
    if quarter == 4:
        year, quarter = year + 1, 0
    return f"{year}-{(year + 1) % 100:02d}-Q{quarter + 1}"


def _next_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def _superseded(landed: LandedFile) -> bool:
    """Whether a file received later is the newest for every period `landed` reports on (so it
    was loaded in this file's place)."""
    newest = current_files(landed.dataset, landed.scope, landed.periods)
    return bool(newest) and set(newest) == set(landed.periods) and all(
        f.sha256 != landed.sha256 for f in newest.values())


def _hash_of(load: dict) -> str:
    return load.get("file_hash") or ""


def _not_loaded(r: Received, errors: str) -> dict:
    superseded = not errors and _superseded(r.landed)
    message = errors or (
        "not loaded: a file received later reports on the same period and was loaded instead"
        if superseded else "not loaded: the run did not find the file it received; nothing "
        "changed (run again with --verbose, and report it if it persists)")
    return {"path": str(r.path), "dataset": r.landed.dataset, "scope": r.landed.scope,
            "status": "superseded" if superseded else "failed", "rows_read": 0, "rows_loaded": 0,
            "rows_quarantined": 0, "amount_read": None, "amount_loaded": None,
            "amount_quarantined": None, "load_id": None, "periods": r.landed.periods,
            "period_label": r.landed.period_label, "message": message}
