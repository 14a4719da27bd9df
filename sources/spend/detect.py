"""Detecting how a public body laid out its spend file: header, columns, date forms and period.

Detection works on a sample of the file's rows (sources/spend/sample.py: its start and evenly
spaced places through it), before the rows are stored:

1. The header is the row among the first 40 that most looks like one: cells that are names
   bodies give spend columns, or whose words point at a date, an amount or a supplier.
2. Each key column (payment date, amount, beneficiary, transaction number) is chosen by weighing
   two kinds of evidence: what its header says (a known name for the field, or a word that
   points at it) and what its values hold (sources/spend/content.py: the share that read as
   dates, as money, as organisations' names, how varied they are). The choice and the evidence
   for it are reported under `detected.column_evidence`. When two columns are equally likely,
   the file is refused naming both and the profile key that settles it.
3. The date forms (`%d/%m/%Y`, `%A, %d %B %Y`, `%Y%m` ...) are learned from the chosen column's
   sampled values, in DuckDB, so they are exactly what reads every line. A form that gives only
   the month marks those lines' dates as month precision; no day is invented.
4. The period is the one stated, else the one the file's name means and its dates confirm, else
   the one its dates show (basics/periods.py).

How many lines use each date form and each way of writing amounts is counted afterwards over
the typed lines, in the same pass as the file's own checks. Refusal messages name the file, the
row, the column and its header; the only values they quote are a few sample dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from basics.cells import EXCEL_SERIAL, NORMALISED, date_sql, strptime_sql
from basics.duck import ident
from basics.files import FileRefused
from basics.periods import Period, choose_period, period_candidates
from sources.spend.columns import (
    AMOUNT_FIELDS,
    IDENTIFIER_WORDS,
    REQUIRED,
    field_for,
    header_score,
    header_words,
    keyword_fields,
    synonym_rank,
)
from sources.spend.content import ColumnContent, measure_all, reads_as_date
from sources.spend.profiles import CouncilProfile
from sources.spend.sample import column_values, spread_sample
from sources.tables import Preview, unique_names

HEADER_ROWS = 40
TIE = 0.25          # scores closer than this are equally likely
MOST = 0.5          # a date form must read at least this share of the dates written

# Forms of a payment date with its day, in order of preference when a value fits several:
# UK day-first forms come before the US month-first ones, which only win when days exceed 12.
DAY_FORMS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y",
             "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y%m%d", "%d %b %y", "%d-%B-%Y", "%d/%b/%Y",
             "%d-%m-%y", "%d.%m.%y", "%Y.%m.%d", "%d%m%Y", "%b %d, %Y", "%B %d, %Y",
             "%d %B, %Y", "%m/%d/%Y", "%m/%d/%y"]
# A time written after the date (spreadsheets' exports), and a weekday's name before it.
TIMES = ["", " %H:%M:%S", " %H:%M", "T%H:%M:%S", " %H:%M:%S.%f", "T%H:%M:%S.%f", "T%H:%M:%SZ",
         "T%H:%M:%S.%fZ", " %I:%M:%S %p", " %I:%M %p"]
WEEKDAYS = ["", "%a ", "%A ", "%a, ", "%A, "]
# Forms that give only the month: the line's date is the first of the month, marked as such.
MONTH_FORMS = ["%Y%m", "%Y-%m", "%Y/%m", "%m/%Y", "%m-%Y", "%b %Y", "%B %Y", "%b-%y", "%b-%Y",
               "%B-%Y", "%b %y", "%B %y"]
_MONTH_WORDS = (r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|"
                r"march|april|june|july|august|september|october|november|december|mon|tue|tues|"
                r"wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
                r"saturday|sunday)\b")
# Dates outside these years are not a form's reading of a payment date (e.g. '22' as year 22).
PLAUSIBLE = ("1990-01-01", "2099-12-31")


class SpendFileRefused(FileRefused):
    """A file that cannot be read as spend at all: nothing from it is loaded."""


@dataclass(frozen=True)
class SpendLayout:
    """Where each spend field is in a file, by header as published, and why."""

    header_index: int
    columns: dict[str, str]
    amount_basis: str
    unmapped: list[str] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    sample: list[list[str]] = field(default_factory=list, repr=False, compare=False)

    @property
    def header_row(self) -> int:
        return self.header_index + 1

    def sampled(self, field_name: str) -> list[str]:
        """The sampled values of the column holding `field_name`."""
        return column_values(self.sample, self.names.index(self.columns[field_name]))


@dataclass(frozen=True)
class SpendForms:
    """How dates are written in a file, and the period it reports on."""

    date_formats: list[str]
    period: Period
    period_source: str


@dataclass(frozen=True)
class Choice:
    """One column weighed for a key field: its score and the evidence for it."""

    column: str
    score: float
    header: str
    content: ColumnContent
    field: str

    def evidence(self) -> dict:
        c = self.content
        out = {"column": self.column, "header": self.header, "score": round(self.score, 2),
               "values_sampled": c.filled, "different_values": c.distinct}
        shares = {"date": {"read_as_dates": c.dates, "read_as_months": c.months},
                  "amount": {"read_as_money": c.money, "with_pence": c.pence},
                  "beneficiary": {"with_letters": c.text,
                                  "naming_organisations": c.organisations,
                                  "marked_redacted": c.redacted},
                  "transaction": {"with_spaces": c.spaces}}
        key = "amount" if self.field in AMOUNT_FIELDS else self.field
        out.update({k: round(v, 3) for k, v in shares.get(key, {}).items()})
        return out


def detect_layout(pv: Preview, profile: CouncilProfile,
                  sample: list[list[str]] | None = None) -> SpendLayout:
    """The header and the column of each field, from the preview and a sample of the rows."""
    if not pv.rows or not any(any(row) for row in pv.rows):
        raise SpendFileRefused(f"{pv.path.name}: the file is empty")
    header_index = _header_index(pv, profile)
    names = unique_names(pv.rows[header_index])
    rows = spread_sample(pv, header_index) if sample is None else sample
    contents = measure_all(names, rows)
    columns: dict[str, str] = {}
    for known, published in profile.columns.items():
        match = next((n for n in names if n.lower() == " ".join(published.split()).lower()), None)
        if match is None:
            raise SpendFileRefused(
                f"{pv.path.name}: the profile {profile.source} maps {known} to "
                f"{published!r}, but the header (row {header_index + 1}) has {_listing(names)}")
        columns[known] = match
    evidence: dict = {}
    chosen = _key_columns(pv.path.name, names, contents, columns, profile, header_index,
                          evidence)
    columns.update(chosen)
    taken = set(columns.values())
    for name in names:
        known = field_for(name)
        if known and known not in columns and name not in taken and known not in (
                "date", "beneficiary", "transaction"):
            columns[known] = name
            taken.add(name)
    basis = _amount_basis(columns)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        examples = {n: _date_examples(column_values(rows, i)) for i, n in enumerate(names)}
        _refuse_missing(pv.path.name, missing, names, contents, header_index, profile, examples)
    mapped = set(columns.values())
    return SpendLayout(header_index, columns, basis, [n for n in names if n not in mapped],
                       evidence, names, rows)


def _key_columns(file_name: str, names: list[str], contents: dict[str, ColumnContent],
                 fixed: dict[str, str], profile: CouncilProfile, header_index: int,
                 evidence: dict) -> dict[str, str]:
    """The date, amount, beneficiary and transaction columns, each the likeliest of the columns
    not yet taken; equally likely ones refused (for the required fields)."""
    chosen: dict[str, str] = {}
    taken = set(fixed.values())
    order = [("date", _date_choice), ("amount", _amount_choice),
             ("beneficiary", _beneficiary_choice), ("transaction", _transaction_choice)]
    for key, weigh in order:
        if key in fixed or (key == "amount" and any(f in fixed for f in AMOUNT_FIELDS)):
            evidence[key] = {"column": fixed.get(key) or next(
                fixed[f] for f in AMOUNT_FIELDS if f in fixed), "header": "named in the profile"}
            continue
        choices = [c for n in names if n not in taken
                   if (c := weigh(n, contents[n], profile)) is not None]
        if key == "amount":
            choices = _amount_family(choices)
        choices.sort(key=lambda c: -c.score)
        if not choices:
            continue
        best = choices[0]
        if len(choices) > 1 and best.score - choices[1].score < TIE and key in (
                "date", "amount", "beneficiary"):
            other = choices[1]
            raise SpendFileRefused(
                f"{file_name}: the {_what(key)} could be column {best.column!r} or "
                f"{other.column!r} (header row {header_index + 1}): both {_alike(key, best)}; "
                f"say which in config/councils/{profile.slug}.yaml, e.g. "
                f"`columns: {{{_profile_field(best)}: {best.column}}}`")
        chosen[best.field] = best.column
        taken.add(best.column)
        evidence[key] = best.evidence()
        if len(choices) > 1:
            evidence[key]["runner_up"] = choices[1].evidence()
    return chosen


def _header_evidence(name: str, key: str) -> tuple[float, str]:
    """How strongly a header names a key field: a known name (3 to 4, the more specific the
    higher), a word pointing at it (2), or nothing (0)."""
    known = field_for(name)
    fields = AMOUNT_FIELDS if key == "amount" else (key,)
    if known in fields:
        return 3 + synonym_rank(name), f"a name bodies use for the {_what(key)}"
    if key in keyword_fields(name):
        return 2.0, f"its words point at the {_what(key)}"
    return 0.0, "says nothing about it"


def _other_field(name: str, key: str) -> bool:
    """The header is a known name of another field (e.g. 'Vendor ID', 'Body Name')."""
    known = field_for(name)
    fields = AMOUNT_FIELDS if key == "amount" else (key,)
    return known is not None and known not in fields


def _date_choice(name: str, c: ColumnContent, profile: CouncilProfile) -> Choice | None:
    if _other_field(name, "date"):
        return None
    header, said = _header_evidence(name, "date")
    dated = c.dates + c.months
    if not c.filled:
        content = 0.0
    elif dated >= MOST:
        content = 2 * c.dates + c.months
    elif c.serials >= 0.8 and header >= 2:
        content = 1.5 * c.serials  # Excel day numbers, under a header that says date
    elif header >= 2 and profile.date_format:
        content = 0.0  # a form the profile names: read by it, whatever shape it has
    else:
        return None
    if header == 0 and content < 1:
        return None
    if c.distinct == 1 and c.filled >= 10:
        content -= 2  # one date on every line: the period's end or a run date, not a payment's
    return Choice(name, header + content, said, c, "date")


def _amount_choice(name: str, c: ColumnContent, profile: CouncilProfile) -> Choice | None:
    if _other_field(name, "amount"):
        return None
    header, said = _header_evidence(name, "amount")
    known = field_for(name)
    if known not in AMOUNT_FIELDS and header_words(name) & IDENTIFIER_WORDS:
        header -= 2  # 'Cost Element', 'Account No': a code, unless its values say money
    if c.filled:
        # A known name needs most values to be money (some lines say 'TBC'), a bare column
        # nearly all of them.
        if c.money < (MOST if header >= 3 else 0.8 if header >= 2 else 0.95) or (
                c.dates + c.months >= MOST):
            return None
        if c.pence == 0 and header < 2:
            return None  # whole numbers under a header that does not say money: codes
        content = c.money + c.pence + (0.25 if c.negative else 0)
    else:
        content = 0.0
    if header <= 0 and c.pence < 0.5:
        return None
    return Choice(name, header + content, said, c, known if known in AMOUNT_FIELDS else "amount")


def _beneficiary_choice(name: str, c: ColumnContent, profile: CouncilProfile) -> Choice | None:
    if _other_field(name, "beneficiary"):
        return None
    header, said = _header_evidence(name, "beneficiary")
    if header == 0 and "name" in header_words(name):
        header, said = 1.0, "its header is a name"
    if c.filled:
        if c.text < 0.6 or c.dates + c.months >= MOST or c.money >= MOST:
            return None
        content = 0.5 * c.text + 2 * c.organisations + min(2 * c.variety, 1.0) + (
            0.5 if c.redacted else 0)
    else:
        content = 0.0
    if header == 0 and c.organisations < 0.3:
        return None
    return Choice(name, header + content, said, c, "beneficiary")


def _transaction_choice(name: str, c: ColumnContent, profile: CouncilProfile) -> Choice | None:
    if _other_field(name, "transaction"):
        return None
    header, said = _header_evidence(name, "transaction")
    if header == 0:
        return None  # an identifier is only a transaction number when its header says so
    if c.filled:
        if c.dates + c.months >= MOST or (c.money >= 0.9 and c.pence >= MOST):
            return None
        content = c.variety + (1 - c.spaces)
    else:
        content = 0.0
    return Choice(name, header + content, said, c, "transaction")


def _amount_family(choices: list[Choice]) -> list[Choice]:
    """A header naming the net amount beats one naming the amount, which beats gross (the Code
    asks for amounts net of VAT); only among the columns of the best-named kind do scores
    compete."""
    for kind in AMOUNT_FIELDS:
        named = [c for c in choices if c.field == kind and c.header.startswith("a name")]
        if named:
            return named
    return choices


def _header_index(pv: Preview, profile: CouncilProfile) -> int:
    if profile.header_row:
        index = int(profile.header_row) - 1
        if not 0 <= index < len(pv.rows):
            raise SpendFileRefused(f"{pv.path.name}: profile header_row {profile.header_row} "
                                   f"is beyond the first {len(pv.rows)} rows")
        return index
    wanted = {" ".join(h.split()).lower() for h in profile.columns.values()}
    rows = pv.rows[:HEADER_ROWS]
    scores = [_row_score(rows, i, wanted) for i in range(len(rows))]
    best = max(scores)
    if best < 3:
        raise SpendFileRefused(
            f"{pv.path.name}: no header row found in the first {len(rows)} rows (none names a "
            "payment date, amount and supplier); set header_row and columns in "
            f"config/councils/{profile.slug}.yaml")
    return scores.index(best)


def _row_score(rows: list[list[str]], index: int, wanted: set[str]) -> float:
    """How much row `index` looks like the header: its cells' names and words
    (columns.header_score) and the profile's headers it has; and, when it is all words (three
    cells or more, none a date or a number), one point, and three more when the rows below it
    hold dates and amounts under its words: a header in words no list knows is still found."""
    row = rows[index]
    filled = [c for c in row if c]
    score = header_score(row) + 2 * sum(" ".join(c.split()).lower() in wanted for c in row)
    if len(filled) < 2 or any(reads_as_date(c) or _is_number(c) for c in filled):
        return score
    score += 1
    below = [r for r in rows[index + 1:index + 6] if any(r)]
    if len(filled) >= 3 and below:
        words = [i for i, c in enumerate(row) if c]
        dated = all(any(i < len(r) and reads_as_date(r[i]) for i in words) for r in below)
        priced = all(any(i < len(r) and _is_number(r[i]) and "." in r[i] for i in words)
                     for r in below)
        if dated and priced:
            score += 3
    return score


def _is_number(cell: str) -> bool:
    return any(ch.isdigit() for ch in cell) and not any(ch.isalpha() for ch in cell)


def _amount_basis(columns: dict[str, str]) -> str:
    """Which amount a line carries: the Code asks for amounts net of recoverable VAT."""
    if "net" in columns:
        columns["amount"] = columns["net"]
        return "net of VAT"
    if "amount" in columns:
        return "as published"
    if "gross" in columns:
        columns["amount"] = columns["gross"]
        return "gross minus VAT" if "vat" in columns else "gross (VAT not given)"
    return "missing"


def _refuse_missing(file_name: str, missing: list[str], names: list[str],
                    contents: dict[str, ColumnContent], header_index: int,
                    profile: CouncilProfile, examples: dict[str, list[str]]) -> None:
    if "date" in missing:
        dated = [n for n in names if "date" in keyword_fields(n) or field_for(n) == "date"]
        if dated and contents[dated[0]].filled:
            shown = ", ".join(repr(v) for v in examples.get(dated[0], []))
            raise SpendFileRefused(
                f"{file_name}: the values under {dated[0]!r} (header row {header_index + 1}) are"
                f" not dates in a form socialvalue reads{f' (e.g. {shown})' if shown else ''}; "
                "set date_format in "
                f"config/councils/{profile.slug}.yaml to the form they use (e.g. "
                "`date_format: \"%d/%m/%Y\"`), or name the date column: `columns: {date: "
                "<header>}`")
    plural = len(missing) > 1
    raise SpendFileRefused(
        f"{file_name}: cannot find the {' and '.join(_what(m) for m in missing)} column"
        f"{'s' if plural else ''} in the header (row {header_index + 1}), which has "
        f"{_listing(names)}, nor a column whose values are {_values_of(missing)}. Name "
        f"{'them' if plural else 'it'} in the council profile, e.g. `columns: {{"
        + ", ".join(f"{m}: <header>" for m in missing)
        + f"}}` in config/councils/{profile.slug}.yaml")


def _date_examples(values: list[str]) -> list[str]:
    seen: list[str] = []
    for v in values:
        if v and v not in seen and len(v) <= 30 and date_like_text(v):
            seen.append(v)
            if len(seen) == 3:
                break
    return seen


def _values_of(fields: list[str]) -> str:
    kinds = {"date": "dates", "amount": "amounts of money", "beneficiary": "suppliers' names"}
    return " or ".join(kinds[f] for f in fields)


def _what(key: str) -> str:
    return {"date": "payment date", "amount": "amount", "beneficiary": "beneficiary",
            "transaction": "transaction number"}.get(key, key)


def _alike(key: str, choice: Choice) -> str:
    c = choice.content
    if key == "date":
        return f"read as dates in {c.dates + c.months:.0%} of the sampled rows"
    if key == "amount":
        return f"read as money in {c.money:.0%} of the sampled rows"
    return "look like names of suppliers"


def _profile_field(choice: Choice) -> str:
    """The `columns:` key that names the chosen column (net, gross or amount for an amount)."""
    return choice.field


# --- date forms -----------------------------------------------------------------------------


def learn_date_formats(con: duckdb.DuckDBPyConnection, values: str,
                       profile: CouncilProfile) -> list[str]:
    """The date forms the text dates in relation `values` (one column `d`) use, the best reader
    first; the profile's `date_format` when it names one."""
    if profile.date_format:
        return [profile.date_format]
    # Each distinct text once, weighted by how often it occurs: the same counts as trying every
    # line, at a fraction of the cost (a month's file has a few dozen distinct dates).
    texts = f"(select d, count(*) n from {values} where d is not null group by d)"
    shape = con.execute(
        f"select bool_or(regexp_matches(d, '^[A-Za-z]')), bool_or(contains(d, ':')), "
        f"bool_or(regexp_matches(d, '[0-9](st|nd|rd|th)\\b', 'i')), "
        f"bool_or(regexp_matches(d, '\\bsept\\b', 'i')), bool_or(regexp_matches(d, '[A-Za-z]')),"
        f" string_agg(distinct regexp_replace(d, '[A-Za-z0-9]', '', 'g'), '') "
        f"from {texts}").fetchall()[0]
    marks = set(shape[5] or "")
    # Only forms whose separators the sample has, and with names of months or days only when
    # it has letters: a few dozen forms to try, not hundreds.
    candidates = [f for f in _candidate_forms(*(bool(v) for v in shape[:4]))
                  if _fits(f, marks, bool(shape[4]))]
    parts = [f"coalesce(sum(n) filter (where {_plausible(strptime_sql(fmt, 'd'))}), 0)"
             for fmt in candidates]
    parts.append("coalesce(sum(n) filter (where regexp_full_match(d, '[2-7][0-9]{4}(\\.0+)?')),"
                 " 0)")
    found = con.execute(f"select {', '.join(parts)} from {texts}").fetchall()[0]
    counts = dict(zip([*candidates, EXCEL_SERIAL], found, strict=True))
    for fmt in [f for f in candidates if "%m/%d" in f]:
        day_first = fmt.replace("%m/%d", "%d/%m")
        if counts.get(fmt) and counts[fmt] > counts.get(day_first, 0):
            counts.pop(day_first, None)  # the sample has days above 12 in the second place
        else:
            counts.pop(fmt)
    ranked = sorted((f for f in counts if counts[f]), key=lambda f: -counts[f])
    # A form that reads the same values as a better one adds nothing (e.g. %d/%m/%y vs %d/%m/%Y).
    chosen: list[str] = []
    for fmt in ranked:
        if not chosen or _reads_more(con, texts, chosen, fmt):
            chosen.append(fmt)
    return chosen


def _candidate_forms(letters_first: bool, times: bool, ordinals: bool, sept: bool
                    ) -> list[str]:
    """The forms worth trying on a sample: weekday names and times only when some value has
    them; when some day is written '4th' or some month 'Sept' (which DuckDB does not read), each
    form also as read after writing '4th' as '4' and 'Sept' as 'Sep' (NORMALISED)."""
    weekdays = WEEKDAYS if letters_first else [""]
    suffixes = TIMES if times else [""]
    forms = [w + base + t for base in DAY_FORMS for w in weekdays for t in suffixes]
    forms += MONTH_FORMS
    if ordinals or sept:
        forms += [f + NORMALISED for f in forms if "%b" in f or "%B" in f]
    return forms


def _fits(fmt: str, marks: set[str], letters: bool) -> bool:
    bare = fmt.removesuffix(NORMALISED)
    if not letters and any(d in bare for d in ("%a", "%A", "%b", "%B", "%p", "T%", "Z")):
        return False
    literal = re.sub(r"%-?[A-Za-z]|[A-Za-z]", "", bare)
    return set(literal) <= marks


def _plausible(parsed: str) -> str:
    return f"{parsed} between date '{PLAUSIBLE[0]}' and date '{PLAUSIBLE[1]}'"


def _reads_more(con, texts: str, chosen: list[str], candidate: str) -> bool:
    before, after = con.execute(
        f"select coalesce(sum(n) filter (where {date_sql('d', chosen)} is not null), 0), "
        f"coalesce(sum(n) filter (where {date_sql('d', [*chosen, candidate])} is not null), 0)"
        f" from {texts}").fetchall()[0]
    return after > before


def unread_dates(con: duckdb.DuckDBPyConnection, values: str, formats: list[str]
                 ) -> tuple[int, int, list[str]]:
    """Of the text dates in `values` (column `d`): how many are written, how many the forms
    read, and a few of those they do not read (only values with digits, which a date has)."""
    written, read = con.execute(
        f"select count(d), count({date_sql('d', formats)}) from {values}").fetchall()[0]
    unread = [r[0] for r in con.execute(
        f"select distinct d from {values} where d is not null and {date_sql('d', formats)} "
        "is null and regexp_matches(d, '[0-9]') and length(d) <= 30 order by d limit 50"
    ).fetchall()]
    return written, read, [v for v in unread if date_like_text(v)][:3]


def date_like_text(value: str) -> bool:
    """Text that could only be a date written some way: digits and separators, with at most
    month and weekday names, ordinals and am/pm. Only such values are quoted in a refusal: a
    message must not publish other cells of a file (a name, an account number)."""
    rest = re.sub(rf"{_MONTH_WORDS}|(?<=\d)(st|nd|rd|th)\b|\b[ap]\.?m\.?\b|(?<=\d)[tz]\b",
                  "", value.lower())
    return bool(re.search(r"\d", value)) and re.fullmatch(r"[\d\s,./:\-]*", rest) is not None


def refuse_unread_dates(file_name: str, column: str, written: int, read: int,
                        examples: list[str], profile: CouncilProfile, what: str) -> None:
    """Refuse a file whose dates are mostly in no form socialvalue reads, rather than load it
    with its lines quarantined."""
    if written and read / written < MOST:
        shown = ", ".join(repr(e) for e in examples)
        raise SpendFileRefused(
            f"{file_name}: only {read} of {written} payment dates {what} in column {column!r} "
            f"are in a form socialvalue reads{f' (e.g. {shown})' if shown else ''}; set "
            "date_format in "
            f"config/councils/{profile.slug}.yaml to the form they use, e.g. "
            "`date_format: \"%d/%m/%Y\"`")


def sample_dates(con: duckdb.DuckDBPyConnection, layout: SpendLayout, name: str) -> str:
    """The sampled values of the date column as DuckDB relation `name` (column `d`)."""
    values = [v or None for v in layout.sampled("date")]
    con.register(name, pa.table({"d": pa.array(values, type=pa.string())}))
    return ident(name)


# --- the period -----------------------------------------------------------------------------


def detect_period(con: duckdb.DuckDBPyConnection, dates: str, stated: Period | None,
                  file_name: str, today: dt.date | None = None) -> tuple[Period, str]:
    """The period the file reports on and where it came from: as stated; else the period its
    name means, if its dates confirm it; else the one its dates show. `dates` is a relation
    holding each (sampled) line's payment date as column `d`."""
    if stated is not None:
        return stated, "stated"
    # Dates after today are typing slips that must not move the period, unless every date is
    # (then the period is in the future, and the file is refused for that).
    counts = day_counts(con, dates, today) or day_counts(con, dates, dt.date.max)
    period, source = choose_period(period_candidates(file_name), counts)
    if period is None:
        raise SpendFileRefused(
            f"{file_name}: no payment date in the file could be read, so its period is unknown; "
            "state it with --period (e.g. --period 2024-04) or set date_format in the profile")
    return period, source


def period_key_sql(period: Period, by_month: bool = False) -> str:
    """SQL placing a typed line (payment_date, and date_precision when `by_month`) in a segment
    of the file's period (Period.segments): the part of the calendar month its date falls in.
    Lines that cannot be placed (no readable date, or a date outside the period) are kept with
    the period's first segment, where the in-period rule quarantines them."""
    segments = period.segments
    first = f"'{segments[0]}'"
    if len(segments) == 1:
        return first  # a monthly file: every line is in its one segment
    inside = f"payment_date between date '{period.start}' and date '{period.end}'"
    if by_month:
        inside = (f"({inside} or (date_precision = 'month' and payment_date between "
                  f"date '{period.start.replace(day=1)}' and date '{period.end}'))")
    if period.month_aligned:
        key = "strftime(payment_date, '%Y-%m')"
    else:
        key = ("case date_trunc('month', payment_date)::date "
               + " ".join(f"when date '{m}' then '{period.segment_of(m)}'"
                          for m in period.months) + " end")
    return f"case when {inside} then {key} else {first} end"


def day_counts(con: duckdb.DuckDBPyConnection, dates: str,
               today: dt.date | None = None) -> dict[dt.date, int]:
    """Dated lines by day (dates after `today` left out: a typing slip must not move the
    period)."""
    limit = f"date '{today}'" if today else "current_date"
    rows = con.execute(f"select d::date, count(*) from {dates} where d is not null "
                       f"and d <= {limit} group by 1").fetchall()
    return dict(rows)


# --- what the lines hold, counted over the typed lines ----------------------------------------


AMOUNT_FORMS = {
    "pound sign": "contains({a}, '£')",
    "thousands commas": "contains({a}, ',')",
    "negative in parentheses": "{a} like '(%)'",
    "negative with trailing minus": "{a} like '%-'",
    "negative with leading minus": "ltrim({a}, '£ ') like '-%'",
}


def forms_seen_sql(formats: list[str]) -> dict[str, str]:
    """Aggregates over the typed lines (payment_date, payment_date_raw, amount, amount_raw)
    counting the lines in each date form (the first form that reads them) and each way of writing
    amounts: {"date:<form>" or "amount:<form>": SQL}. The raw columns hold the trimmed text."""
    parts = {}
    for i, fmt in enumerate(formats):
        if len(formats) == 1:
            parts[f"date:{fmt}"] = "count(payment_date)"
            continue
        before = date_sql("payment_date_raw", formats[:i])
        only = date_sql("payment_date_raw", [fmt])
        parts[f"date:{fmt}"] = (f"count(*) filter (where ({before}) is null "
                                f"and ({only}) is not null)")
    parts["date:unreadable or missing"] = "count(*) filter (where payment_date is null)"
    for name, cond in AMOUNT_FORMS.items():
        parts[f"amount:{name}"] = f"count(*) filter (where {cond.format(a='amount_raw')})"
    # An amount that could not be read is NULL beside its text.
    parts["amount:not a number"] = ("count(*) filter (where amount_raw is not null "
                                    "and amount is null)")
    parts["amount:missing"] = "count(*) filter (where amount_raw is null)"
    return parts


def forms_seen(counts: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    """The date and amount forms seen, from the counts `forms_seen_sql` named; zeros left out."""
    dates = {k[5:]: n for k, n in counts.items() if k.startswith("date:") and n}
    amounts = {k[7:]: n for k, n in counts.items() if k.startswith("amount:") and n}
    return dates, amounts


def _listing(cells: list[str]) -> str:
    shown = [c for c in cells if c][:20]
    return ", ".join(repr(c) for c in shown) if shown else "no headers"
