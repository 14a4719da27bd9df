"""What each column of a spend file holds, measured on a sample of its rows.

A header can be anything a clerk typed ("GL Date", "Spend", "Vendor Name"); the values below it
say what the column is. For each column of a sample of rows this measures the share of its
values that read as dates (by day, by month only, or as Excel serial day numbers), as amounts of
money (and how many carry pence), as whole numbers, as text, how many name an organisation or
are marked redacted, and how varied they are. sources/spend/detect.py weighs these against the
header's words to choose the date, amount, beneficiary and transaction columns.

The measures are shapes, not parses: a value "reads as a date" when it has a date's form with a
plausible day, month and year. Which exact form the dates take (and so how every line is read)
is learned afterwards, in DuckDB, from the chosen column only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?Z?)$", re.I)
_DAY_FORMS = [
    re.compile(r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"),
    re.compile(r"(?P<y>\d{4})[/.\-](?P<b>\d{1,2})[/.\-](?P<a>\d{1,2})"),
    re.compile(rf"(?P<a>\d{{1,2}})(?:st|nd|rd|th)?[ \-/.]*{_MONTH}\.?[ \-/.,]*"
               rf"(?P<y>\d{{4}}|\d{{2}})", re.I),
    re.compile(rf"{_MONTH}\.?\s+(?P<a>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<y>(?:19|20)\d{2})(?P<b>0[1-9]|1[0-2])(?P<a>0[1-9]|[12]\d|3[01])"),
    re.compile(r"(?P<a>0[1-9]|[12]\d|3[01])(?P<b>0[1-9]|1[0-2])(?P<y>(?:19|20)\d{2})"),
]
_MONTH_FORMS = [
    re.compile(r"(?P<y>(?:19|20)\d{2})[/\-]?(?P<b>0[1-9]|1[0-2])"),
    re.compile(r"(?P<b>0?[1-9]|1[0-2])[/\-](?P<y>(?:19|20)\d{2})"),
    re.compile(rf"{_MONTH}\.?[ \-/,]*(?P<y>\d{{4}}|\d{{2}})", re.I),
]
# Excel's day numbers for 1990-01-01 to 2050-12-31, as a spreadsheet saved to CSV writes them.
_SERIAL = re.compile(r"[3-5]\d{4}(?:\.0+)?")
_SERIAL_RANGE = (32874, 55153)
_MONEY = re.compile(r"\(?\s*[-+]?\s*(?:£|gbp)?\s*[-+]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
                    r"\s*\)?\s*-?", re.I)
_PENCE = re.compile(r"\.\d{2}\)?\s*-?$")
_WHOLE = re.compile(r"\d+")
_LETTERS = re.compile(r"[A-Za-z]")
_ORGANISATION = re.compile(
    r"\b(?:ltd|limited|plc|llp|lp|cic|cio|inc|co|company|trust|council|association|society|"
    r"services?|group|partnership|foundation|charity|charitable|university|college|school|"
    r"academy|nhs|church|club|centre|center|housing|care|borough|authority|agency|consulting|"
    r"consultants?|solutions|systems|uk|llc|gmbh|bv|sa|corporation|corp|federation|network|"
    r"hospital|department|ministry|commission|board|fund|institute)\b", re.I)
_REDACTED = re.compile(
    r"redact|withheld|personal data|not disclosed|commercial(?:ly)? confidential", re.I)


@dataclass(frozen=True)
class ColumnContent:
    """What the sampled values of one column are: counts, and shares of the filled values."""

    rows: int            # sampled rows
    filled: int          # of them, with a value in this column
    distinct: int        # different values
    dates: float         # read as a date with its day
    months: float        # read as a month only (202205, May 2022, 05/2022)
    serials: float       # whole numbers that are plausible Excel day numbers
    money: float         # read as an amount of money
    pence: float         # written with two decimal places
    negative: float      # read as a negative amount
    whole: float         # whole numbers without signs or separators
    text: float          # contain letters
    spaces: float        # contain a space
    organisations: float # contain a word organisations' names have (Ltd, Trust, Council, ...)
    redacted: float      # marked as redacted or withheld

    @property
    def variety(self) -> float:
        """Different values per filled value: 1 when every value differs."""
        return self.distinct / self.filled if self.filled else 0.0

    def summary(self) -> dict:
        """The measures, rounded, for `detected` in a load's report."""
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def measure(values: list[str], rows: int) -> ColumnContent:
    """The content of one column, from its sampled values (trimmed; '' for empty)."""
    counts = Counter(v for v in values if v)
    filled = sum(counts.values())
    tallies = Counter()
    for value, n in counts.items():
        for kind in _kinds(value):
            tallies[kind] += n

    def share(kind: str) -> float:
        return tallies[kind] / filled if filled else 0.0

    return ColumnContent(
        rows=rows, filled=filled, distinct=len(counts), dates=share("date"),
        months=share("month"), serials=share("serial"), money=share("money"),
        pence=share("pence"), negative=share("negative"), whole=share("whole"),
        text=share("text"), spaces=share("space"), organisations=share("organisation"),
        redacted=share("redacted"))


# Rows measured at most: shares of a few thousand values are as telling as of more, and a wide
# file's every distinct cell costs a pass of the patterns.
MEASURED_ROWS = 3_000


def measure_all(header: list[str], rows: list[list[str]]) -> dict[str, ColumnContent]:
    """{column name: content} for every column of `header` over the sampled `rows` (at most
    MEASURED_ROWS of them, evenly spaced, so the spread of the sample is kept)."""
    step = max(1, -(-len(rows) // MEASURED_ROWS))
    rows = rows[::step]
    return {name: _measured([row[i] if i < len(row) else "" for row in rows], len(rows))
            for i, name in enumerate(header)}


# Measures kept by a digest of the values they measure: a file is detected when it is received
# and again when it is loaded, in the same process for a command of many files, and the
# patterns are most of a small file's detection. A measure is a few numbers; the values are not
# kept.
KEPT_MEASURES = 4096
_kept: dict[bytes, ColumnContent] = {}


def _measured(values: list[str], rows: int) -> ColumnContent:
    # JSON, not a join on a separator: no two lists of values read the same.
    key = hashlib.blake2b(json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogatepass"),
                          digest_size=20, person=rows.to_bytes(8, "little")).digest()
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= KEPT_MEASURES:
            _kept.clear()
        found = _kept[key] = measure(values, rows)
    return found


def reads_as_date(value: str) -> bool:
    """A value with the shape of a date (by day or by month), as `measure` counts it."""
    kinds = _kinds(value)
    return "date" in kinds or "month" in kinds


def _kinds(value: str) -> set[str]:
    kinds: set[str] = set()
    if _LETTERS.search(value):
        kinds.add("text")
        if _ORGANISATION.search(value):
            kinds.add("organisation")
        if _REDACTED.search(value):
            kinds.add("redacted")
    if " " in value:
        kinds.add("space")
    if not any(map(str.isdigit, value)):
        return kinds  # a date, an amount or a number has digits
    bare = _TIME.sub("", _WEEKDAY.sub("", value)).strip()
    if any(_plausible(m) for m in (f.fullmatch(bare) for f in _DAY_FORMS) if m):
        kinds.add("date")
    elif any(_plausible(m) for m in (f.fullmatch(bare) for f in _MONTH_FORMS) if m):
        kinds.add("month")
    if _WHOLE.fullmatch(value):
        kinds.add("whole")
        if _SERIAL.fullmatch(value) and _SERIAL_RANGE[0] <= int(value) <= _SERIAL_RANGE[1]:
            kinds.add("serial")
    if _MONEY.fullmatch(value) and "date" not in kinds:
        kinds.add("money")
        if _PENCE.search(value):
            kinds.add("pence")
        if value.lstrip("£ ").startswith("-") or value.endswith("-") or value.startswith("("):
            kinds.add("negative")
    return kinds


def _plausible(match: re.Match) -> bool:
    """A day of 1-31, a month of 1-12 (either way round for dd/mm), a year of 1990-2099."""
    parts = match.groupdict()
    year = int(parts["y"])
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2099:
        return False
    a = int(parts["a"]) if parts.get("a") else None
    b = int(parts["b"]) if parts.get("b") else None
    if a is not None and b is not None:
        return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
    if a is not None:
        return 1 <= a <= 31
    return b is None or 1 <= b <= 12
