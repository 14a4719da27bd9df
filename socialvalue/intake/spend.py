"""Receiving councils' spend files, loading them by council-month, and backfilling months."""

from __future__ import annotations

from pathlib import Path

from socialvalue.intake.common import Received, collect, contiguous, record_refusal
from socialvalue.runs import RunOutcome, run_job
from socialvalue.settings import configure_environment
from sources.files import FileRefused
from sources.landing import land, landed_files
from sources.periods import parse_period
from sources.spend.plan import spend_period
from sources.spend.profiles import get_profile
from warehouse.connection import reader
from warehouse.status import loads_of_runs


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
    config = {"ops": {"council_spend": {"config": {"force": force}}}}
    return [run_job("ingest_spend", verbose=verbose, run_config=config,
                    partitions={"council": [council]},
                    partition_range=(f"{council}|{first}", f"{council}|{last}"))
            for first, last in contiguous(months)]
