"""Deciding, before an outcome return is received, which partnership-quarters it reports on.

The answer picks the Dagster partitions to run. A return that names no partnership, several, or
no readable quarter is refused at the door.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sources.outcomes.columns import COLUMNS, WHAT
from sources.outcomes.scope import file_partnership, file_quarters, period_label, quarters_in
from sources.tabular import read_alone


@dataclass(frozen=True)
class OutcomePlan:
    partnership: str
    quarters: list[str]
    period_label: str


def plan_outcomes(path: Path, stated: str | None, scratch: Path) -> OutcomePlan:
    with read_alone(path, COLUMNS, WHAT, scratch) as (con, landed):
        partnership = file_partnership(con, landed, path.name, stated)
        quarters = file_quarters(path.name, quarters_in(con, landed))
    return OutcomePlan(partnership, [q.key for q in quarters], period_label(quarters))
