"""Publication periods: the months a file reports on.

A council's spend file covers a month or a quarter; an outcome return covers a quarter of the
financial year (April to March). A period is a run of whole calendar months. It is stated on the
command line (`--period 2024-04`, `--period 2024-25-Q1`), found in the file's name
("Payments over 500 - April 2024.csv", "LCC_spend_2024-25_Q1.csv"), or read from the data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from sources.files import FileRefused

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class BadPeriod(FileRefused):
    """A period that is not a month, a range of months or a financial-year quarter."""


@dataclass(frozen=True, order=True)
class Period:
    """Whole calendar months from `start` (first day) to `end` (last day)."""

    start: dt.date
    end: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def months_between(cls, first: dt.date, last: dt.date) -> Period:
        return cls(first.replace(day=1), _month_end(last.year, last.month))

    @classmethod
    def fy_quarter(cls, fy_start_year: int, quarter: int) -> Period:
        """Quarter 1-4 of the financial year starting in April of `fy_start_year`."""
        first_month = 4 + 3 * (quarter - 1)
        year = fy_start_year + (first_month - 1) // 12
        first_month = (first_month - 1) % 12 + 1
        start = dt.date(year, first_month, 1)
        last = _add_months(start, 2)
        return cls(start, _month_end(last.year, last.month))

    @property
    def months(self) -> list[dt.date]:
        """First days of the months in the period."""
        out, month = [], self.start
        while month <= self.end:
            out.append(month)
            month = _add_months(month, 1)
        return out

    @property
    def label(self) -> str:
        months = self.months
        if len(months) == 1:
            return f"{self.start:%Y-%m}"
        if len(months) == 3 and (self.start.month - 4) % 3 == 0:
            return fy_quarter_label(self.start)
        return f"{self.start:%Y-%m} to {self.end:%Y-%m}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def fy_quarter_label(day: dt.date) -> str:
    """'2024-25 Q1' for any day from April to June 2024."""
    fy = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{fy}-{(fy + 1) % 100:02d} Q{quarter}"


def quarter_key(day: dt.date) -> str:
    """The partition key of the financial-year quarter holding `day`: '2024-25-Q1'."""
    return fy_quarter_label(day).replace(" ", "-")


def parse_period(text: str) -> Period:
    """'2024-04', '2024-04..2024-06', '2024-25-Q1' or '2024-25 Q1' as a Period."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return Period.month(int(m[1]), _valid_month(m[2], text))
    if m := re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", text):
        first = dt.date(int(m[1]), _valid_month(m[2], text), 1)
        last = dt.date(int(m[3]), _valid_month(m[4], text), 1)
        if last < first:
            raise BadPeriod(f"period {text!r} ends before it starts")
        return Period.months_between(first, last)
    if m := re.fullmatch(r"(\d{4})[-/](\d{2})[ _-]?Q([1-4])", text, re.IGNORECASE):
        return _fy_quarter_checked(int(m[1]), int(m[2]), int(m[3]), text)
    raise BadPeriod(
        f"period {text!r} is not understood; write a month (2024-04), a range "
        "(2024-04..2024-06) or a financial-year quarter (2024-25-Q1)"
    )


def period_from_name(name: str) -> Period | None:
    """The period a file's name states, if it states one clearly."""
    lowered = name.lower()
    if m := re.search(r"(20\d{2})[-_/ ](\d{2})[-_ ]*q([1-4])", lowered):
        return _fy_quarter_checked(int(m[1]), int(m[2]), int(m[3]), name)
    month_names = "|".join(sorted(MONTHS, key=len, reverse=True))
    if m := re.search(rf"\b({month_names})[-_ ,]*(20\d{{2}})", lowered):
        return Period.month(int(m[2]), MONTHS[m[1]])
    if m := re.search(r"(?<!\d)(20\d{2})[-_]?(0[1-9]|1[0-2])(?!\d)", lowered):
        return Period.month(int(m[1]), int(m[2]))
    return None


def period_from_months(month_counts: dict[dt.date, int], cadence: str) -> Period | None:
    """The period a file's dates show: its busiest month (or that month's quarter, for quarterly
    publishers), widened to neighbouring months that hold at least a tenth of the rows."""
    if not month_counts:
        return None
    total = sum(month_counts.values())
    busiest = max(sorted(month_counts), key=lambda m: month_counts[m])
    if cadence == "quarterly":
        fy = busiest.year if busiest.month >= 4 else busiest.year - 1
        quarter = (busiest.month - 4) % 12 // 3 + 1
        return Period.fy_quarter(fy, quarter)
    first = last = busiest
    while month_counts.get(_add_months(first, -1), 0) >= total / 10:
        first = _add_months(first, -1)
    while month_counts.get(_add_months(last, 1), 0) >= total / 10:
        last = _add_months(last, 1)
    return Period.months_between(first, last)


def _valid_month(text: str, whole: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise BadPeriod(f"period {whole!r} has no month {month}")
    return month


def _fy_quarter_checked(start_year: int, end_yy: int, quarter: int, whole: str) -> Period:
    if (start_year + 1) % 100 != end_yy:
        raise BadPeriod(f"{whole!r}: financial year {start_year}-{end_yy:02d} is not a year")
    return Period.fy_quarter(start_year, quarter)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
