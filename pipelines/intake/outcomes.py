"""Receiving partners' outcome returns and loading them by partnership-quarter."""

from __future__ import annotations

from pathlib import Path

from basics.files import FileRefused
from basics.periods import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR
from basics.settings import configure_environment
from pipelines.intake.common import Received, collect, contiguous, next_quarter, record_refusal
from pipelines.launch import RunOutcome, run_job
from sources.datasets import OUTCOMES
from sources.landing import land
from sources.outcomes.plan import plan_outcomes

DATASET = OUTCOMES.name
# The quarters the partition grid has (pipelines/partitions.py).
FIRST_YEAR, LAST_YEAR = FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR


def receive_outcomes(path: Path, partnership: str | None = None) -> Received:
    """Archive one outcome return, with the partnership and quarters it reports on."""
    p = configure_environment()
    try:
        if not path.is_file():
            raise FileRefused(f"{path}: no such file")
        plan = plan_outcomes(path, partnership, p.tmp)
        outside = [q for q in plan.quarters if not FIRST_YEAR <= int(q[:4]) <= LAST_YEAR]
        if outside:
            raise FileRefused(f"{path.name}: reports on {', '.join(outside)}, outside the "
                              f"financial years {FIRST_YEAR}-{(FIRST_YEAR + 1) % 100:02d} to "
                              f"{LAST_YEAR}-{(LAST_YEAR + 1) % 100:02d} the pipeline covers")
    except FileRefused as err:
        return Received(path, refusal=record_refusal(DATASET, partnership, path, str(err)))
    return Received(path, landed=land(DATASET, plan.partnership, path, plan.quarters,
                                      plan.period_label))


def load_outcomes(received: list[Received], force: bool = False,
                  verbose: bool = False) -> list[dict]:
    """Run `ingest_outcomes` over the partnership-quarters the received returns report on; one
    summary per file, in the order given."""
    quarters: dict[str, set[str]] = {}
    for r in received:
        if r.landed:
            quarters.setdefault(r.landed.scope, set()).update(r.landed.periods)
    outcomes = [o for partnership, keys in sorted(quarters.items())
                for o in run_partnership_quarters(partnership, sorted(keys), force, verbose)]
    return collect(received, outcomes)


def run_partnership_quarters(partnership: str, quarters: list[str], force: bool = False,
                             verbose: bool = False) -> list[RunOutcome]:
    """One `ingest_outcomes` run per unbroken run of quarters (a partition range each)."""
    config = {"ops": {"outcome_returns": {"config": {"force": force}}}}
    return [run_job("ingest_outcomes", verbose=verbose, run_config=config,
                    partitions={"partnership": [partnership]},
                    partition_range=(f"{partnership}|{first}", f"{partnership}|{last}"))
            for first, last in contiguous(quarters, next_quarter)]
