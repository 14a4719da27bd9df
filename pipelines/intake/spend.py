"""Receiving councils' spend files, loading them by council-month, and backfilling months."""

from __future__ import annotations

from pathlib import Path

from basics.files import FileRefused
from basics.periods import FIRST_MONTH, Period, months_outside, parse_period
from basics.settings import configure_environment
from pipelines.intake.common import Received, collect, contiguous, record_refusal
from pipelines.launch import RunOutcome, run_job
from sources.landing import land, landed_files
from sources.spend.plan import plan_spend
from sources.spend.profiles import CouncilProfile, get_profile
from warehouse.connection import read_only
from warehouse.status import loads_of_runs


def council_profile(council: str) -> CouncilProfile:
    """The profile of the body `--council` names (a slug, a register code, a GSS code, a
    GB-LAE- id or a name); UnknownCouncil (one line, with candidates) otherwise."""
    return get_profile(council)


def receive_spend(path: Path, council: str, period: str | None = None) -> Received:
    """Archive one spend file for `council`, with the months it reports on and what detecting
    its layout found."""
    p = configure_environment()
    profile = council_profile(council)
    try:
        if not path.is_file():
            raise FileRefused(f"{path}: no such file")
        stated = parse_period(period) if period else None
        plan = plan_spend(path, profile, p.tmp, stated)
        months = partition_months(plan.period, path.name)
    except FileRefused as err:
        return Received(path, refusal=record_refusal("spend", profile.slug, path, str(err)))
    # What detection found travels with the file, so the load does not detect it again.
    return Received(path, landed=land("spend", profile.slug, path, months, plan.period.label,
                                      detected=plan.detection.as_manifest(profile)))


def partition_months(period: Period, file_name: str) -> list[str]:
    """The Dagster partitions (calendar months) a period touches, refusing one that has none."""
    months = [f"{m:%Y-%m}" for m in period.months]
    outside = months_outside(months)
    if outside:
        when = ("before April 2010, when councils began publishing spend over £500"
                if outside[0] < FIRST_MONTH else "in the future")
        raise FileRefused(f"{file_name}: its period {period.label} is {when}; check the "
                          "dates in the file, or state the period it reports on with --period")
    return months


def load_spend(received: list[Received], council: str, verbose: bool = False) -> list[dict]:
    """Run `ingest_spend` over the council-months the received files report on; one summary per
    file, in the order given."""
    slug = council_profile(council).slug
    landed = [r.landed for r in received if r.landed]
    outcomes = run_spend_months(slug, sorted({m for f in landed for m in f.periods}),
                                verbose=verbose) if landed else []
    return collect(received, outcomes)


def backfill_spend(council: str, period: str | None, force: bool, verbose: bool = False
                   ) -> list[dict]:
    """Reload a council's months from the files already received (all of them, or `period`)."""
    slug = council_profile(council).slug
    months = sorted({m for f in landed_files("spend", slug) for m in f.periods})
    if period:
        wanted = {f"{m:%Y-%m}" for m in parse_period(period).months}
        months = [m for m in months if m in wanted]
    if not months:
        return []
    outcomes = run_spend_months(slug, months, force=force, verbose=verbose)
    with read_only(configure_environment().warehouse) as con:
        return loads_of_runs(con, [o.run_id for o in outcomes])


def run_spend_months(council: str, months: list[str], force: bool = False,
                     verbose: bool = False) -> list[RunOutcome]:
    """One `ingest_spend` run per unbroken run of months (a partition range each)."""
    config = {"ops": {"council_spend": {"config": {"force": force}}}}
    return [run_job("ingest_spend", verbose=verbose, run_config=config,
                    partitions={"council": [council]},
                    partition_range=(f"{council}|{first}", f"{council}|{last}"))
            for first, last in contiguous(months)]
