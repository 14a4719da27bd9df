"""Which partnership and financial-year quarters an outcome return reports on.

The partnership is the one the sender states (`--partnership`), else the one its rows name; a
file whose rows name several partnerships is refused (one return per partnership), and so is one
whose rows all name another partnership than the one stated. The quarters are those its rows'
periods name ('2024-25 Q1', '2024-25-Q1', '2024/25 Q1'), parsed by basics/periods.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from basics.duck import ident
from basics.files import FileRefused
from basics.periods import BadPeriod, Period, fy_quarter_label, parse_period, quarter_key
from sources.tabular import FileTable

SLUG = re.compile(r"[a-z][a-z0-9-]+")


class OutcomeReturnRefused(FileRefused):
    """A return that cannot be placed: no partnership, several, or no readable quarter."""


@dataclass(frozen=True)
class Quarter:
    """A financial-year quarter as a period ('2024-25 Q1') and a partition key ('2024-25-Q1')."""

    label: str
    key: str
    start: dt.date
    end: dt.date


def quarter_of(text: str) -> Quarter | None:
    """The quarter `text` names, or None when it names none (a month, a typo)."""
    try:
        period = parse_period(text)
    except BadPeriod:
        return None
    if period.label != fy_quarter_label(period.start):
        return None
    return Quarter(period.label, quarter_key(period.start), period.start, period.end)


def quarters_in(con: duckdb.DuckDBPyConnection, landed: FileTable) -> dict[str, Quarter]:
    """{period as written: quarter} for every readable period in the rows."""
    found = {text: quarter_of(text) for text in _distinct(con, landed, "period")}
    return {text: q for text, q in found.items() if q is not None}


def file_quarters(file_name: str, quarters: dict[str, Quarter]) -> list[Quarter]:
    """The quarters a return reports on, in order; refused when no row names one."""
    if not quarters:
        raise OutcomeReturnRefused(
            f"{file_name}: no row has a readable period, so the quarter it reports on is "
            "unknown; write periods as a financial-year quarter, e.g. 2024-25 Q1")
    return sorted({q.key: q for q in quarters.values()}.values(), key=lambda q: q.start)


def period_label(quarters: list[Quarter]) -> str:
    if len(quarters) == 1:
        return quarters[0].label
    return Period(quarters[0].start, quarters[-1].end).label


def file_partnership(con: duckdb.DuckDBPyConnection, landed: FileTable, file_name: str,
                     stated: str | None) -> str:
    """The partnership a return is for, refusing a file that names several or another."""
    named = _distinct(con, landed, "partnership_id")
    if len(named) > 1:
        raise OutcomeReturnRefused(
            f"{file_name}: rows name {len(named)} partnerships ({', '.join(named)}); send one "
            "outcome return per partnership")
    if stated and named and named[0] != stated:
        raise OutcomeReturnRefused(
            f"{file_name}: its rows are for partnership {named[0]!r}, not {stated!r} as stated; "
            "check --partnership")
    partnership = stated or (named[0] if named else None)
    if partnership is None:
        raise OutcomeReturnRefused(
            f"{file_name}: no row names its partnership; state it with --partnership")
    if not SLUG.fullmatch(partnership):
        raise OutcomeReturnRefused(
            f"{file_name}: partnership {partnership!r} is not a slug (lower-case letters, digits "
            "and hyphens, starting with a letter)")
    return partnership


def _distinct(con: duckdb.DuckDBPyConnection, landed: FileTable, field: str) -> list[str]:
    value = landed.cells.raw(field)
    return [r[0] for r in con.execute(
        f"select distinct {value} from {ident(landed.name)} where {value} is not null "
        "order by 1").fetchall()]
