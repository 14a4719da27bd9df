"""Publication periods: the days a file reports on.

A public body's spend file covers a month, a financial-year quarter (April to March), a half-year,
a whole financial year, any run of months, or a 4-weekly accounting period: TfL and the GLA divide
their year into 13 periods (P01-P13) that do not follow calendar months. An outcome return covers
a quarter of the financial year. A period is stated on the command line (`--period 2024-04`,
`--period 2024-25-Q1`, `--period 2022-23-P04`, `--period 2022-06-26..2022-07-23`), found in the
file's name ("Payments over 500 - April 2024.csv", "tflspend2023p04.csv") and confirmed by its
dates, or read from its dates alone.

Every period has a label that `parse_period` reads back as the same period, and is cut into
*segments*, one per calendar month it touches: `2024-04` when it covers the whole month,
`2022-06-26..2022-06-30` when it covers part. Segments are what a load replaces: a re-issue of a
period replaces exactly its own segments, and two 4-weekly periods that share a calendar month
never touch each other's lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from basics.files import FileRefused

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# Spend is held from April 2010, when councils began publishing payments over £500, to the
# current month: the Dagster partitions (pipelines/partitions.py) are these months.
FIRST_MONTH = "2010-04"
# Outcome returns are held by financial-year quarter over the same years, to 2030-31.
FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR = 2010, 2030
# A file's dates pick a standard period when it holds this share of them; a period named by the
# file (or its name) must hold at least MIN_SHARE of them to be believed.
COVER = 0.8
MIN_SHARE = 0.5


class BadPeriod(FileRefused):
    """A period that is not one socialvalue can place."""


@dataclass(frozen=True, order=True)
class Period:
    """The days from `start` to `end`, both included. `name` is an accounting period's own name
    ('2022-23 P04'), for periods that are not runs of calendar months."""

    start: dt.date
    end: dt.date
    name: str | None = field(default=None, compare=False)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def months_between(cls, first: dt.date, last: dt.date) -> Period:
        return cls(first.replace(day=1), _month_end(last.year, last.month))

    @classmethod
    def fy_quarter(cls, fy_start_year: int, quarter: int) -> Period:
        """Quarter 1-4 of the financial year starting in April of `fy_start_year`."""
        start = _add_months(dt.date(fy_start_year, 4, 1), 3 * (quarter - 1))
        return cls.months_between(start, _add_months(start, 2))

    @classmethod
    def fy_half(cls, fy_start_year: int, half: int) -> Period:
        start = _add_months(dt.date(fy_start_year, 4, 1), 6 * (half - 1))
        return cls.months_between(start, _add_months(start, 5))

    @classmethod
    def financial_year(cls, fy_start_year: int) -> Period:
        return cls(dt.date(fy_start_year, 4, 1), dt.date(fy_start_year + 1, 3, 31))

    @classmethod
    def four_weekly(cls, fy_start_year: int, number: int) -> Period:
        """Accounting period P01-P13 of the financial year starting in April of `fy_start_year`,
        on the 13-period calendar TfL and the GLA publish by: P01 runs from 1 April to the
        Saturday nearest 30 April, P02 to P12 are four weeks each (Sunday to Saturday), and P13
        ends on 31 March. A body whose periods fall otherwise states them as dates."""
        if not 1 <= number <= 13:
            raise BadPeriod(f"accounting period P{number:02d} does not exist (P01 to P13)")
        may_first = dt.date(fy_start_year, 5, 1)
        # The Sunday nearest 1 May starts P02 (weekday(): Monday 0 ... Sunday 6).
        back = (may_first.weekday() + 1) % 7
        p02 = may_first - dt.timedelta(days=back) if back <= 3 else \
            may_first + dt.timedelta(days=7 - back)
        name = f"{fy_label(fy_start_year)} P{number:02d}"
        if number == 1:
            return cls(dt.date(fy_start_year, 4, 1), p02 - dt.timedelta(days=1), name)
        start = p02 + dt.timedelta(days=28 * (number - 2))
        end = (dt.date(fy_start_year + 1, 3, 31) if number == 13
               else start + dt.timedelta(days=27))
        return cls(start, end, name)

    @property
    def months(self) -> list[dt.date]:
        """First days of the calendar months the period touches."""
        out, month = [], self.start.replace(day=1)
        while month <= self.end:
            out.append(month)
            month = _add_months(month, 1)
        return out

    @property
    def month_aligned(self) -> bool:
        """Whole calendar months, from the first of one to the last day of another."""
        return self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month)

    @property
    def segments(self) -> list[str]:
        """The period cut at month ends: '2024-04' for a whole month, 'YYYY-MM-DD..YYYY-MM-DD'
        for the part of a month it covers."""
        return [segment_key(max(m, self.start), min(_month_end(m.year, m.month), self.end))
                for m in self.months]

    def segment_of(self, month: dt.date) -> str:
        """The segment of the period in the calendar month of `month`."""
        month = month.replace(day=1)
        return segment_key(max(month, self.start),
                           min(_month_end(month.year, month.month), self.end))

    @property
    def label(self) -> str:
        """The period as people say it; `parse_period` reads it back as this period."""
        if self.name:
            try:
                named = parse_period(self.name)
            except BadPeriod:
                named = None
            if named == self:
                return self.name
            return f"{self.name} ({self.start:%Y-%m-%d}..{self.end:%Y-%m-%d})"
        if not self.month_aligned:
            return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"
        months = self.months
        fy = self.start.year if self.start.month >= 4 else self.start.year - 1
        if len(months) == 1:
            return f"{self.start:%Y-%m}"
        if len(months) == 3 and (self.start.month - 4) % 3 == 0:
            return fy_quarter_label(self.start)
        if len(months) == 6 and self.start.month in (4, 10):
            return f"{fy_label(fy)} H{1 if self.start.month == 4 else 2}"
        if len(months) == 12 and self.start.month == 4:
            return f"FY {fy_label(fy)}"
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def share_of(self, day_counts: dict[dt.date, int]) -> float:
        """The share of dated lines (counts by day) that fall in the period."""
        total = sum(day_counts.values())
        inside = sum(n for d, n in day_counts.items() if self.start <= d <= self.end)
        return inside / total if total else 0.0


def months_outside(keys: Iterable[str], today: dt.date | None = None) -> list[str]:
    """The months among `keys` ('2024-04') that spend is not held for: before April 2010, or
    after the current month."""
    last = f"{today or dt.date.today():%Y-%m}"
    return [k for k in keys if k < FIRST_MONTH or k > last]


def segment_key(first: dt.date, last: dt.date) -> str:
    if first.day == 1 and last == _month_end(last.year, last.month):
        return f"{first:%Y-%m}"
    return f"{first:%Y-%m-%d}..{last:%Y-%m-%d}"


def segment_bounds(key: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a segment key ('2024-04' or '2022-06-26..2022-06-30'); None
    for a key that is not one (a quarter of outcome returns, 'all')."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", key):
        year, month = int(m[1]), int(m[2])
        return (dt.date(year, month, 1), _month_end(year, month)) if 1 <= month <= 12 else None
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", key):
        return dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
    return None


def overlapping(key: str, others: Iterable[str]) -> list[str]:
    """The keys among `others` whose days overlap those of `key` (itself included)."""
    bounds = segment_bounds(key)
    if bounds is None:
        return [k for k in others if k == key]
    out = []
    for other in others:
        b = segment_bounds(other)
        if b is not None and b[0] <= bounds[1] and bounds[0] <= b[1]:
            out.append(other)
    return out


def newest_by_segment(files: list, period_of: Callable, months: list[str]) -> dict[str, object]:
    """For the calendar months `months` ('2024-04'), the newest of `files` (in arrival order,
    oldest first) for each segment of those months: {segment: file}. A later file replaces an
    earlier one's segment when it covers the same days; a segment it only overlaps stays the
    earlier file's (the load refuses the later file, saying so)."""
    chosen: dict[str, object] = {}
    for file in files:
        period = period_of(file)
        if period is None:
            continue
        for segment in period.segments:
            if segment[:7] in months:
                chosen[segment] = file
    return chosen


def fy_label(fy_start_year: int) -> str:
    return f"{fy_start_year}-{(fy_start_year + 1) % 100:02d}"


def fy_quarter_label(day: dt.date) -> str:
    """'2024-25 Q1' for any day from April to June 2024."""
    fy = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{fy_label(fy)} Q{quarter}"


def quarter_key(day: dt.date) -> str:
    """The partition key of the financial-year quarter holding `day`: '2024-25-Q1'."""
    return fy_quarter_label(day).replace(" ", "-")


PERIOD_FORMS = ("a month (2024-04), a range of months (2024-04..2025-03), a financial-year "
                "quarter (2024-25-Q1), half-year (2024-25-H1) or year (FY2024-25), a 4-weekly "
                "accounting period (2022-23-P04) or dates (2022-06-26..2022-07-23)")


def parse_period(text: str) -> Period:
    """A period as stated or labelled: see PERIOD_FORMS. Every Period.label reads back here."""
    text = " ".join(str(text).split())
    fy = r"(\d{4})\s*[-/_]\s*(\d{2}|\d{4})"
    if m := re.fullmatch(r"(.+?) \((\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\)", text):
        named = _dates(m[2], m[3], text)
        return Period(named.start, named.end, m[1])
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", text)) and (
            int(m[2]) <= 12 or int(m[2]) != (int(m[1]) + 1) % 100):
        return Period.month(int(m[1]), _valid_month(m[2], text))
    if m := re.fullmatch(r"(\d{4})-(\d{2})\s*(?:\.\.|to)\s*(\d{4})-(\d{2})", text):
        first = dt.date(int(m[1]), _valid_month(m[2], text), 1)
        last = dt.date(int(m[3]), _valid_month(m[4], text), 1)
        if last < first:
            raise BadPeriod(f"period {text!r} ends before it starts")
        return Period.months_between(first, last)
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to)\s*(\d{4}-\d{2}-\d{2})", text):
        return _dates(m[1], m[2], text)
    if m := re.fullmatch(fy + r"\s*[-_ ]?\s*Q([1-4])", text, re.IGNORECASE):
        return Period.fy_quarter(_fy_start(m[1], m[2], text), int(m[3]))
    if m := re.fullmatch(fy + r"\s*[-_ ]?\s*H([12])", text, re.IGNORECASE):
        return Period.fy_half(_fy_start(m[1], m[2], text), int(m[3]))
    if m := re.fullmatch(fy + r"\s*[-_ ]?\s*P(\d{1,2})", text, re.IGNORECASE):
        if not 1 <= int(m[3]) <= 13:
            raise BadPeriod(f"period {text!r}: a financial year has accounting periods P01 to "
                            "P13")
        return Period.four_weekly(_fy_start(m[1], m[2], text), int(m[3]))
    if m := re.fullmatch(r"FY\s*" + fy, text, re.IGNORECASE):
        return Period.financial_year(_fy_start(m[1], m[2], text))
    if (m := re.fullmatch(fy, text)) and not (len(m[2]) == 2 and int(m[2]) <= 12):
        return Period.financial_year(_fy_start(m[1], m[2], text))
    if m := re.fullmatch(r"(\d{4})\s*[-_ ]?\s*P(\d{1,2})", text, re.IGNORECASE):
        year, number = int(m[1]), int(m[2])
        raise BadPeriod(
            f"period {text!r} could be P{number:02d} of {fy_label(year - 1)} or of "
            f"{fy_label(year)}; write the financial year, e.g. {fy_label(year - 1)}-P{number:02d}")
    raise BadPeriod(f"period {text!r} is not understood; write {PERIOD_FORMS}")


def period_candidates(name: str) -> list[Period]:
    """Every period a file's name could mean, most specific first: 'tflspend2023p04' is P04 of
    2022-23 or of 2023-24, '2021-Q4' a quarter of 2021-22, of 2020-21 or of the calendar year.
    The file's dates decide between them (`choose_period`)."""
    text = name.lower()
    # Underscores separate words in file names ('LCC_spend_2024-25_Q1'), but \b treats them as
    # letters, so they are read as spaces.
    text = re.sub(r"[_+]", " ", re.sub(r"\.[a-z0-9]{2,4}$", "", text))
    found: list[Period] = []

    def add(make: Callable[[], Period]) -> None:
        try:
            period = make()
        except (BadPeriod, ValueError):
            return
        if period not in found:
            found.append(period)

    # Dates in the name: '26 June 2022 - 23 July 2022', 'April 2024 to March 2025'.
    day = rf"(\d{{1,2}})(?:st|nd|rd|th)?\W*({_MONTH_NAMES})\W*"
    for m in re.finditer(day + r"(20\d{2})?\W*(?:to|-|–)\W*" + day + r"(20\d{2})\b", text):
        add(lambda m=m: Period(_named_day(m[1], m[2], m[3] or m[6]),
                               _named_day(m[4], m[5], m[6])))
    for m in re.finditer(rf"\b({_MONTH_NAMES})\W*(20\d{{2}})\W*(?:to|-|–)\W*({_MONTH_NAMES})"
                         rf"\W*(20\d{{2}})\b", text):
        add(lambda m=m: Period.months_between(dt.date(int(m[2]), MONTHS[m[1]], 1),
                                              dt.date(int(m[4]), MONTHS[m[3]], 1)))
    years = r"(20\d{2})\s*[-/ ]\s*(\d{2}|20\d{2})"  # 2024-25, 2024/25, 2024-2025
    for m in re.finditer(years + r"\W*(?:q|qtr|quarter)\s*([1-4])\b", text):
        add(lambda m=m: Period.fy_quarter(_fy_start(m[1], m[2], name), int(m[3])))
    for m in re.finditer(r"\b(?:q|qtr|quarter)\s*([1-4])\W*" + years, text):
        add(lambda m=m: Period.fy_quarter(_fy_start(m[2], m[3], name), int(m[1])))
    for m in re.finditer(years + r"\W*(?:p|period)\s*(\d{1,2})\b", text):
        add(lambda m=m: Period.four_weekly(_fy_start(m[1], m[2], name), int(m[3])))
    for m in re.finditer(r"\b(?:p|period)\s*(\d{1,2})\W*" + years, text):
        add(lambda m=m: Period.four_weekly(_fy_start(m[2], m[3], name), int(m[1])))
    for m in re.finditer(years + r"\W*h([12])\b", text):
        add(lambda m=m: Period.fy_half(_fy_start(m[1], m[2], name), int(m[3])))
    # One year and a quarter or period: the financial year starting or ending then, or for a
    # quarter the calendar year's.
    for m in re.finditer(r"(?<!\d)(20\d{2})\W*(?:q|qtr|quarter)\s*([1-4])\b|"
                         r"\b(?:q|qtr|quarter)\s*([1-4])\W*(20\d{2})(?!\d)", text):
        year, quarter = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        add(lambda y=year, q=quarter: Period.fy_quarter(y, q))
        add(lambda y=year, q=quarter: Period.fy_quarter(y - 1, q))
        add(lambda y=year, q=quarter: Period.months_between(dt.date(y, 3 * q - 2, 1),
                                                            dt.date(y, 3 * q, 1)))
    for m in re.finditer(r"(?<!\d)(20\d{2})\W*(?:p|period)\s*(\d{1,2})\b|"
                         r"\b(?:p|period)\s*(\d{1,2})\W*(20\d{2})(?!\d)", text):
        year, number = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        add(lambda y=year, n=number: Period.four_weekly(y - 1, n))
        add(lambda y=year, n=number: Period.four_weekly(y, n))
    # Month names: 'April 2024', '2024 April', 'Apr-24', '2017 Jan to Mar'.
    for m in re.finditer(rf"\b({_MONTH_NAMES})\W*(?:to|-|–)\W*({_MONTH_NAMES})\W*(20\d{{2}})\b"
                         rf"|\b(20\d{{2}})\W*({_MONTH_NAMES})\W*(?:to|-|–)\W*({_MONTH_NAMES})\b",
                         text):
        first, last, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[6], m[4])
        add(lambda f=first, la=last, y=int(year): _month_span(f, la, y))
    for m in re.finditer(rf"\b({_MONTH_NAMES})\W*(20\d{{2}}|\d{{2}})(?!\d)", text):
        year = int(m[2]) if len(m[2]) == 4 else 2000 + int(m[2])
        add(lambda y=year, mo=MONTHS[m[1]]: Period.month(y, mo))
    for m in re.finditer(rf"(?<!\d)(20\d{{2}})\W*({_MONTH_NAMES})\b", text):
        add(lambda y=int(m[1]), mo=MONTHS[m[2]]: Period.month(y, mo))
    for m in re.finditer(r"(?<!\d)(20\d{2})[-_ ]?(0[1-9]|1[0-2])(?![\d])", text):
        add(lambda y=int(m[1]), mo=int(m[2]): Period.month(y, mo))
    for m in re.finditer(r"(?<!\d)(0[1-9]|1[0-2])[-_ ](20\d{2})(?!\d)", text):
        add(lambda y=int(m[2]), mo=int(m[1]): Period.month(y, mo))
    for m in re.finditer(r"(?<!\d)(20\d{2})\s*[-/]\s*(\d{2})(?![\d])", text):
        add(lambda m=m: Period.financial_year(_fy_start(m[1], m[2], name)))
    return found


def period_from_name(name: str) -> Period | None:
    """The period a file's name most plainly states, without its dates to confirm it."""
    found = period_candidates(name)
    return found[0] if found else None


def choose_period(candidates: list[Period], day_counts: dict[dt.date, int]
                  ) -> tuple[Period | None, str]:
    """The period a file reports on, from what its name could mean and its dates (counts by
    day), with where it came from: the name's reading that holds COVER of the dates; else the
    standard period the dates show, if it holds COVER of them; else the name's best reading if it
    holds at least MIN_SHARE; else what the dates show."""
    shares = [(period.share_of(day_counts), -i, period) for i, period in enumerate(candidates)]
    best = max(shares, key=lambda s: s[:2], default=None)
    if best and best[0] >= COVER:
        return best[2], "file name"
    from_dates = period_from_dates(day_counts)
    if from_dates is not None and from_dates.share_of(day_counts) >= COVER:
        return from_dates, "dates in the file"
    if best and best[0] >= MIN_SHARE:
        return best[2], "file name"
    return from_dates, "dates in the file"


def period_from_dates(day_counts: dict[dt.date, int]) -> Period | None:
    """The period a file's dates show: the smallest standard period (its busiest month, the
    4-weekly accounting period the dates fit in, its financial-year quarter, half-year or year)
    holding COVER of them; else the run of months around the busiest month holding at least a
    tenth of them each."""
    if not day_counts:
        return None
    total = sum(day_counts.values())
    months: dict[dt.date, int] = {}
    for day, n in day_counts.items():
        months[day.replace(day=1)] = months.get(day.replace(day=1), 0) + n
    busiest = max(sorted(months), key=lambda m: months[m])
    fy = busiest.year if busiest.month >= 4 else busiest.year - 1
    month = Period.month(busiest.year, busiest.month)
    low, high = _envelope(day_counts, 0.02)
    if low.replace(day=1) != high.replace(day=1) and (high - low).days < 35:
        # Dates that span a month end but fit in four weeks: an accounting period, when it
        # holds more of them than the calendar month does.
        middle = low + (high - low) / 2
        fy_middle = middle.year if middle.month >= 4 else middle.year - 1
        four_weeks = next(p for n in range(1, 14)
                          if (p := Period.four_weekly(fy_middle, n)).contains(middle))
        if four_weeks.share_of(day_counts) > month.share_of(day_counts):
            month = four_weeks
    shapes = [month, Period.fy_quarter(fy, (busiest.month - 4) % 12 // 3 + 1),
               Period.fy_half(fy, 1 if 4 <= busiest.month <= 9 else 2),
               Period.financial_year(fy)]
    for shape in shapes:
        if shape.share_of(day_counts) >= COVER:
            return shape
    first = last = busiest
    while months.get(_add_months(first, -1), 0) >= total / 10:
        first = _add_months(first, -1)
    while months.get(_add_months(last, 1), 0) >= total / 10:
        last = _add_months(last, 1)
    return Period.months_between(first, last)


def _envelope(day_counts: dict[dt.date, int], trim: float) -> tuple[dt.date, dt.date]:
    """The first and last day of the dated lines, leaving out `trim` of them at each end."""
    days = sorted(day_counts)
    total = sum(day_counts.values())
    seen, low = 0, days[0]
    for d in days:
        seen += day_counts[d]
        if seen > total * trim:
            low = d
            break
    seen, high = 0, days[-1]
    for d in reversed(days):
        seen += day_counts[d]
        if seen > total * trim:
            high = d
            break
    return low, high


def _named_day(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), MONTHS[month], int(day))


def _month_span(first: str, last: str, year: int) -> Period:
    start, end = dt.date(year, MONTHS[first], 1), dt.date(year, MONTHS[last], 1)
    if end < start:
        end = dt.date(year + 1, MONTHS[last], 1)
    return Period.months_between(start, end)


def _dates(first: str, last: str, whole: str) -> Period:
    try:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError as err:
        raise BadPeriod(f"period {whole!r}: {err}") from None
    if end < start:
        raise BadPeriod(f"period {whole!r} ends before it starts")
    return Period(start, end)


def _valid_month(text: str, whole: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise BadPeriod(f"period {whole!r} has no month {month}")
    return month


def _fy_start(start: str, end: str, whole: str) -> int:
    """The first year of a financial year written '2024-25', '2024/25' or '2024-2025'."""
    first = int(start)
    if int(end) % 100 != (first + 1) % 100 or (len(end) == 4 and int(end) != first + 1):
        raise BadPeriod(f"{whole!r}: {start}-{end} is not a financial year (e.g. 2024-25)")
    return first


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
