"""Detecting how a council laid out its spend file: header, columns, date and amount forms.

Detection reads the file's first rows to find the header and map its columns, then the first
20,000 rows of its text to learn the date format, before the rows are stored. How many lines use
each date form and each way of writing amounts is counted afterwards over the typed lines, in the
same pass as the file's own checks, rather than by parsing every line again here. Everything
detected is reported back per file, so an analyst can see what the pipeline assumed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from sources.files import FileRefused
from sources.periods import Period, period_from_months, period_from_name
from sources.spend.columns import REQUIRED, field_for, header_score
from sources.spend.profiles import CouncilProfile
from sources.tables import SAMPLE_ROWS, Preview, TextTable, unique_names
from warehouse.duck import ident

# Forms councils use for payment dates, in order of preference when a sample fits several:
# UK day-first forms come before the US month-first one, which only wins when days exceed 12.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d/%m/%y", "%d %b %Y",
                "%d %B %Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S",
                "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y%m%d", "%m/%d/%Y"]
EXCEL_SERIAL = "excel serial number"


class SpendFileRefused(FileRefused):
    """A file that cannot be read as spend at all: nothing from it is loaded."""


@dataclass(frozen=True)
class SpendLayout:
    """Where each spend field is in a file, by header as published."""

    header_index: int
    columns: dict[str, str]
    amount_basis: str
    unmapped: list[str] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return self.header_index + 1


@dataclass(frozen=True)
class SpendForms:
    """How dates and amounts are written in a file, learned from its rows."""

    date_formats: list[str]
    period: Period
    period_source: str


def detect_layout(pv: Preview, profile: CouncilProfile) -> SpendLayout:
    if not pv.rows:
        raise SpendFileRefused(f"{pv.path.name}: the file is empty")
    header_index = _header_index(pv, profile)
    names = unique_names(pv.rows[header_index])
    columns: dict[str, str] = {}
    for name in names:
        known = field_for(name)
        if known and known not in columns:
            columns[known] = name
    for known, published in profile.columns.items():
        match = next((n for n in names if n.lower() == " ".join(published.split()).lower()), None)
        if match is None:
            raise SpendFileRefused(
                f"{pv.path.name}: the profile {profile.source} maps {known} to "
                f"{published!r}, but the header (row {header_index + 1}) has {_listing(names)}"
            )
        columns[known] = match
    basis = _amount_basis(columns)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise SpendFileRefused(
            f"{pv.path.name}: cannot find the {' and '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''} in the header (row {header_index + 1}), which has "
            f"{_listing(names)}. Name {'them' if len(missing) > 1 else 'it'} in the council "
            f"profile, e.g. `columns: {{"
            + ", ".join(f"{m}: <header>" for m in missing)
            + f"}}` in config/councils/{profile.slug}.yaml"
        )
    mapped = set(columns.values())
    return SpendLayout(header_index, columns, basis, [n for n in names if n not in mapped])


def detect_forms(con: duckdb.DuckDBPyConnection, table: TextTable, layout: SpendLayout,
                 profile: CouncilProfile, stated: Period | None, file_name: str) -> SpendForms:
    """The date forms and the period of a landed file."""
    formats = detect_date_formats(con, f"(select * from {ident(table.name)} limit {SAMPLE_ROWS})",
                                  layout, profile)
    dates = f"(select {date_sql(ident(layout.columns['date']), formats)} as d " \
            f"from {ident(table.name)})"
    return detect_period(con, dates, profile, formats, stated, file_name)


def detect_date_formats(con: duckdb.DuckDBPyConnection, sample: str, layout: SpendLayout,
                        profile: CouncilProfile) -> list[str]:
    """The date forms the rows of `sample` (a table or subquery of landed text) use."""
    if profile.date_format:
        return [profile.date_format]
    return _date_formats(con, sample, ident(layout.columns["date"]))


def detect_period(con: duckdb.DuckDBPyConnection, dates: str, profile: CouncilProfile,
                  formats: list[str], stated: Period | None, file_name: str) -> SpendForms:
    """The period the file reports on: as stated, else as its name says, else as its dates
    show. `dates` is a relation holding each line's payment date as column `d`, read only in
    the last case."""
    if stated is not None:
        period, source = stated, "stated"
    elif (named := period_from_name(file_name)) is not None:
        period, source = named, "file name"
    else:
        period = period_from_months(
            _month_counts(con, dates), profile.cadence)
        source = "dates in the file"
        if period is None:
            raise SpendFileRefused(
                "no payment date in the file could be read, so its period is unknown; "
                "state it with --period (e.g. --period 2024-04) or set date_format in the profile"
            )
    return SpendForms(formats, period, source)


def date_sql(text: str, formats: list[str]) -> str:
    """SQL turning a column of trimmed text dates into a DATE, trying each detected form in
    turn."""
    tries = [f"try_strptime({text}, '{f}')::date" for f in formats if f != EXCEL_SERIAL]
    if EXCEL_SERIAL in formats:
        # Excel counts days from 1899-12-30 (its phantom 29 Feb 1900 included).
        tries.append(
            f"case when regexp_full_match({text}, '[2-7][0-9]{{4}}(\\.0+)?') then "
            f"date '1899-12-30' + cast(cast({text} as double) as integer) end"
        )
    return f"coalesce({', '.join(tries)})" if tries else "null::date"


def _header_index(pv: Preview, profile: CouncilProfile) -> int:
    if profile.header_row:
        index = int(profile.header_row) - 1
        if not 0 <= index < len(pv.rows):
            raise SpendFileRefused(f"{pv.path.name}: profile header_row {profile.header_row} "
                                   f"is beyond the first {len(pv.rows)} rows")
        return index
    wanted = {" ".join(h.split()).lower() for h in profile.columns.values()}
    scores = [
        header_score(row) + sum(" ".join(c.split()).lower() in wanted for c in row)
        for row in pv.rows
    ]
    best = max(scores)
    if best < 2:
        raise SpendFileRefused(
            f"{pv.path.name}: no header row found in the first {len(pv.rows)} rows (first row: "
            f"{_listing(pv.rows[0])}); set header_row and columns in config/councils/"
            f"{profile.slug}.yaml"
        )
    return scores.index(best)


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


def _date_formats(con: duckdb.DuckDBPyConnection, sample: str, column: str) -> list[str]:
    """Every known date form that reads some of the sample, the best reader first."""
    # Each distinct text once, weighted by how often it occurs: the same counts as trying every
    # line, at a fraction of the cost (a month's file has a few dozen distinct dates).
    texts = f"(select {column} d, count(*) n from {sample} group by d)"
    parts = [f"coalesce(sum(n) filter (where try_strptime(d, '{fmt}') is not null), 0)"
             for fmt in DATE_FORMATS]
    parts.append("coalesce(sum(n) filter (where regexp_full_match(d, '[2-7][0-9]{4}(\\.0+)?')),"
                 " 0)")
    found = con.execute(f"select {', '.join(parts)} from {texts}").fetchall()[0]
    counts = dict(zip([*DATE_FORMATS, EXCEL_SERIAL], found, strict=True))
    if counts["%m/%d/%Y"] and counts["%m/%d/%Y"] > counts["%d/%m/%Y"]:
        counts.pop("%d/%m/%Y")  # the sample has days above 12 in the second place
    else:
        counts.pop("%m/%d/%Y")
    ranked = sorted((f for f in counts if counts[f]), key=lambda f: -counts[f])
    # A form that reads the same values as a better one adds nothing (e.g. %d/%m/%y vs %d/%m/%Y).
    chosen: list[str] = []
    for fmt in ranked:
        if not chosen or _reads_more(con, texts, chosen, fmt):
            chosen.append(fmt)
    return chosen


def _reads_more(con, texts: str, chosen: list[str], candidate: str) -> bool:
    before, after = con.execute(
        f"select coalesce(sum(n) filter (where {date_sql('d', chosen)} is not null), 0), "
        f"coalesce(sum(n) filter (where {date_sql('d', [*chosen, candidate])} is not null), 0)"
        f" from {texts}").fetchall()[0]
    return after > before


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


def _month_counts(con, dates: str) -> dict[dt.date, int]:
    rows = con.execute(
        f"select date_trunc('month', d)::date m, count(*) from {dates} "
        "where d is not null and d <= current_date group by m").fetchall()
    return {m: n for m, n in rows}


def _listing(cells: list[str]) -> str:
    shown = [c for c in cells if c][:20]
    return ", ".join(repr(c) for c in shown) if shown else "no headers"
