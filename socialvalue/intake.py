"""Receiving files: decide what they report on, archive them, and run the loads through Dagster.

The command line and the drop-folder sensors both receive files this way. A file that cannot even
be read for its period is refused here (and recorded as refused); every other file is archived in
the landing area and loaded by the Dagster job for the partitions it reports on.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from socialvalue.runs import RunOutcome, add_partitions, run_job
from socialvalue.settings import configure_environment
from sources.files import FileRefused, sha256_of
from sources.landing import LandedFile, land, landed_files
from sources.periods import parse_period
from sources.spend.plan import spend_period
from sources.spend.profiles import get_profile
from warehouse.connection import reader, writer
from warehouse.ingest import refuse
from warehouse.loads import Lineage
from warehouse.status import loads_of_runs


@dataclass(frozen=True)
class Received:
    """A file accepted into the landing area, or refused at the door with its summary."""

    path: Path
    landed: LandedFile | None = None
    refusal: dict | None = None


def receive_spend(path: Path, council: str, period: str | None = None) -> Received:
    """Archive one spend file for `council`, with the months it reports on."""
    p = configure_environment()
    profile = get_profile(council)
    try:
        if not path.is_file():
            raise FileRefused(f"{path}: no such file")
        stated = parse_period(period) if period else None
        found = spend_period(path, profile, p.tmp, stated)
    except FileRefused as err:
        return Received(path, refusal=record_refusal("spend", council, path, str(err)))
    months = [f"{m:%Y-%m}" for m in found.months]
    return Received(path, landed=land("spend", council, path, months, found.label))


def load_spend(received: list[Received], council: str, verbose: bool = False) -> list[dict]:
    """Run `ingest_spend` over the council-months the received files report on; one summary per
    file, in the order given."""
    landed = [r.landed for r in received if r.landed]
    outcomes = run_spend_months(council, sorted({m for f in landed for m in f.periods}),
                                verbose=verbose) if landed else []
    return collect(received, outcomes)


def backfill_spend(council: str, period: str | None, force: bool, verbose: bool = False
                   ) -> list[dict]:
    """Reload a council's months from the files already received (all of them, or `period`)."""
    get_profile(council)
    months = sorted({m for f in landed_files("spend", council) for m in f.periods})
    if period:
        wanted = {f"{m:%Y-%m}" for m in parse_period(period).months}
        months = [m for m in months if m in wanted]
    if not months:
        return []
    outcomes = run_spend_months(council, months, force=force, verbose=verbose)
    with reader(configure_environment().warehouse) as con:
        return loads_of_runs(con, [o.run_id for o in outcomes])


def run_spend_months(council: str, months: list[str], force: bool = False,
                     verbose: bool = False) -> list[RunOutcome]:
    """One `ingest_spend` run per unbroken run of months (a partition range each)."""
    add_partitions("council", [council])
    config = {"ops": {"council_spend": {"config": {"force": force}}}}
    return [run_job("ingest_spend", verbose=verbose, run_config=config,
                    partition_range=(f"{council}|{first}", f"{council}|{last}"))
            for first, last in contiguous(months)]


def collect(received: list[Received], outcomes: list[RunOutcome]) -> list[dict]:
    p = configure_environment()
    by_hash: dict[str, dict] = {}
    if outcomes:
        with reader(p.warehouse) as con:
            for load in loads_of_runs(con, [o.run_id for o in outcomes]):
                by_hash[_hash_of(load)] = load
    errors = "; ".join(o.error for o in outcomes if o.error)
    results = []
    for r in received:
        if r.refusal:
            results.append(r.refusal)
        elif r.landed.sha256 in by_hash:
            results.append({**by_hash[r.landed.sha256], "path": str(r.path)})
        else:
            results.append(_not_loaded(r, errors))
    return results


def record_refusal(dataset: str, scope: str | None, path: Path, reason: str) -> dict:
    p = configure_environment()
    digest = sha256_of(path) if path.is_file() else "-"
    size = path.stat().st_size if path.is_file() else 0
    lineage = Lineage(path, digest, size, str(uuid.uuid4()), dt.datetime.now())
    with writer(p.warehouse) as con:
        summary = refuse(con, dataset, scope, lineage, reason)
    return summary.as_json()


def contiguous(months: list[str]) -> list[tuple[str, str]]:
    """['2024-04', '2024-05', '2024-07'] -> [('2024-04', '2024-05'), ('2024-07', '2024-07')]."""
    ranges: list[list[str]] = []
    for month in months:
        if ranges and _next_month(ranges[-1][1]) == month:
            ranges[-1][1] = month
        else:
            ranges.append([month, month])
    return [(a, b) for a, b in ranges]


def _next_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def _hash_of(load: dict) -> str:
    return load.get("file_hash") or ""


def _not_loaded(r: Received, errors: str) -> dict:
    message = errors or ("not loaded: a file received later reports on the same period and was "
                         "loaded instead")
    return {"path": str(r.path), "dataset": r.landed.dataset, "scope": r.landed.scope,
            "status": "failed" if errors else "superseded", "rows_read": 0, "rows_loaded": 0,
            "rows_quarantined": 0, "amount_read": None, "amount_loaded": None,
            "amount_quarantined": None, "load_id": None, "periods": r.landed.periods,
            "period_label": r.landed.period_label, "message": message}
