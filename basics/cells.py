"""SQL reading a landed file's text cells as typed values: the one place each kind is parsed
(numbers, money, dates in fixed or learned forms, yes/no, choices, company numbers).

Every cell arrives as the text the sender wrote. A value that cannot be read becomes NULL, and the
text stays beside it (the `<field>_raw` columns), so a rule can quarantine the row showing exactly
what was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from basics.duck import ident, literal

# A plain number: a pound sign is removed first, and commas where they only separate thousands;
# "nan" and "inf" never pass. '1,50' or '1.234,56' (a decimal comma?) is not a number here.
NUMBER = r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"
THOUSANDS = r"[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?"
EXCEL_SERIAL = "excel serial number"
# A form read after writing ordinal days ('4th') as numbers and 'Sept' as 'Sep'.
NORMALISED = " (after 4th -> 4, Sept -> Sep)"
TRUE_WORDS = ("true", "yes", "y", "t", "1")
FALSE_WORDS = ("false", "no", "n", "f", "0")


class Cells:
    """The fields of one landed file as SQL expressions (an absent optional field is NULL)."""

    def __init__(self, columns: dict[str, str]):
        self.columns = columns

    def raw(self, field: str) -> str:
        """The cell as written, trimmed; blank is NULL."""
        if field not in self.columns:
            return "null::varchar"
        return f"nullif(trim({ident(self.columns[field])}), '')"

    text = raw

    def upper(self, field: str) -> str:
        return f"upper({self.raw(field)})"

    def postcode(self, field: str) -> str:
        """In capitals, each run of spaces one space."""
        return f"upper(regexp_replace({self.raw(field)}, '\\s+', ' ', 'g'))"

    def number(self, field: str, sql_type: str = "double") -> str:
        text = f"replace({self.raw(field)}, '£', '')"
        cleaned = (f"(case when not contains({text}, ',') then {text} when regexp_full_match("
                   f"{text}, {literal(THOUSANDS)}) then replace({text}, ',', '') end)")
        return (f"(case when regexp_full_match({cleaned}, {literal(NUMBER)}) "
                f"then try_cast({cleaned} as {sql_type}) end)")

    def money(self, field: str) -> str:
        """Pounds and pence (`money_sql`); what is not read is quarantined by its rule with the
        text as written."""
        return money_sql(self.raw(field))

    def integer(self, field: str) -> str:
        """A whole number; spreadsheets that store 3 as 3.0 are read as 3."""
        raw = self.raw(field)
        return (f"(case when regexp_full_match({raw}, '[+-]?[0-9]+([.]0*)?') then "
                f"try_cast(regexp_replace({raw}, '[.]0*$', '') as integer) end)")

    def date(self, field: str) -> str:
        """ISO or UK day/month/year (`day_sql`)."""
        return day_sql(self.raw(field))

    def boolean(self, field: str) -> str:
        lowered = f"lower({self.raw(field)})"
        return (f"(case when {lowered} in ({_list(TRUE_WORDS)}) then true "
                f"when {lowered} in ({_list(FALSE_WORDS)}) then false end)")

    def choice(self, field: str, allowed: Sequence[str]) -> str:
        """One of `allowed` in its canonical spelling whatever the case and spacing; anything else
        as written, for the rule to quarantine."""
        raw = self.raw(field)
        spoken = f"lower(regexp_replace({raw}, '\\s+', ' ', 'g'))"
        whens = " ".join(f"when {literal(a.lower())} then {literal(a)}" for a in allowed)
        return f"(case {spoken} {whens} else {raw} end)"

    def select(self, cells: Sequence[Typed | str]) -> str:
        """The SELECT list of a dataset's typed cells, in order (a string is SQL as it stands)."""
        return ",\n        ".join(
            cell if isinstance(cell, str) else cell.sql(self) for cell in cells
        )


@dataclass(frozen=True)
class Typed:
    """One typed column of a landed file: `field` read as `kind` (a `Cells` reading), named `name`
    (the field unless given); `raw` keeps the text as written beside it, as `<name>_raw` or the
    name given, for a rule to show."""

    field: str
    kind: str = "text"
    allowed: tuple[str, ...] = ()  # a choice's canonical spellings
    name: str | None = None
    raw: bool | str = False

    def sql(self, cells: Cells) -> str:
        read = getattr(cells, self.kind)
        value = read(self.field, self.allowed) if self.kind == "choice" else read(self.field)
        name = self.name or self.field
        typed = f"{value} as {ident(name)}"
        if not self.raw:
            return typed
        raw_name = self.raw if isinstance(self.raw, str) else f"{name}_raw"
        return f"{typed},\n        {cells.raw(self.field)} as {ident(raw_name)}"


def _list(words: Sequence[str]) -> str:
    return ", ".join(literal(w) for w in words)


def company_number(raw: str) -> str:
    """SQL: a company number as Companies House writes it, eight characters: digits padded with
    leading zeros (registers and spend files often drop them), prefixes (SC, NI, RS ...) kept.
    NULL for a blank or a zero (how some registers say "none")."""
    cleaned = f"upper(replace({raw}, ' ', ''))"
    return (f"(case when regexp_full_match({cleaned}, '0*') then null "
            f"when regexp_full_match({cleaned}, '[0-9]{{1,8}}') then lpad({cleaned}, 8, '0') "
            f"else {cleaned} end)")


# Characters the amount parser strips or reads as a sign: text without any is a plain number.
AMOUNT_MARKS = [",", "£", "(", ")", "-", " ", "GBP"]
# An amount with marks, in the forms UK publications use ('£1,234.56', '(9,743,908.00)',
# '250.00-', '-£250', 'GBP 12'), whose number reads only one way: digits, commas only between
# thousands, a point before the pence and nothing but zeros after them. '1,50', '1.234,56',
# '1,2,3' and '£12.345' are not read (nor guessed at): they are quarantined as published.
AMOUNT_NUMBER = r"(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]{0,2}0*)?|[.][0-9]{1,2}0*)"
_SIGNED = rf"-? ?(£|GBP)? ?-? ?{AMOUNT_NUMBER}-?"
MARKED_AMOUNT = rf"[(]{_SIGNED}[)]|{_SIGNED}"


def _in_pence(text: str) -> str:
    """SQL: the plain number in `text` has no non-zero digit beyond pence, so DECIMAL(18,2) holds
    it exactly ('12.345' would be rounded to 12.35: it is not read instead). The cheap tests come
    first: DuckDB evaluates the later ones only for the values the first let through."""
    point = f"strpos({text}, '.')"
    return (f"({point} = 0 or {point} >= strlen({text}) - 2 or "
            f"strlen(rtrim({text}, '0')) - {point} <= 2)")


def money_sql(a: str) -> str:
    """SQL reading an amount of money, '£1,234.56', '(250.00)', '250.00-', '-£250' and 'GBP 12'
    (trimmed text in `a`), as DECIMAL(18,2); NULL for text that is not an amount in pounds and
    pence written unambiguously (MARKED_AMOUNT, or a plain number within pence), which the schema
    then quarantines. An amount with a non-zero digit beyond pence is not read: DECIMAL would
    round it."""
    core = (f"replace(replace(replace(replace(trim({a}, '()-£ '), ',', ''), '£', ''), 'GBP', ''),"
            f" ' ', '')")
    negative = f"(ltrim({a}, '£ ') like '-%' or {a} like '%-' or {a} like '(%)')"
    marked = " or ".join(f"contains({a}, {literal(m)})" for m in AMOUNT_MARKS)
    # Most amounts are plain numbers, which the string surgery below would leave as they are.
    return (f"(case when not ({marked}) then (case when {_in_pence(a)} then"
            f" try_cast({a} as decimal(18,2)) end)"
            f" when regexp_full_match({a}, {literal(MARKED_AMOUNT)}) then"
            f" (case when {negative} then -1 else 1 end)"
            f" * try_cast(nullif({core}, '') as decimal(18,2)) end)")


def day_sql(raw: str) -> str:
    """SQL: a date written in a register or a partner's file, whichever way: `2019-04-01` (a time
    after it is ignored, as 360Giving allows), `01/04/2019` or `01/04/2019 00:00`. NULL when it
    is not a date."""
    iso = date_sql(f"left({raw}, 10)", ["%Y-%m-%d"])
    uk = date_sql(f"split_part({raw}, ' ', 1)", ["%d/%m/%Y"])
    return (f"coalesce(case when regexp_full_match({raw}, "
            f"'[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([T ].*)?') then {iso} end, "
            f"case when regexp_full_match({raw}, '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}( .*)?') "
            f"then {uk} end)")


def date_sql(text: str, formats: list[str]) -> str:
    """SQL turning a column of trimmed text dates into a DATE, trying each detected form in
    turn (a month-only form gives the month's first day)."""
    tries = [strptime_sql(f, text) for f in formats if f != EXCEL_SERIAL]
    if EXCEL_SERIAL in formats:
        # Excel counts days from 1899-12-30 (its phantom 29 Feb 1900 included).
        tries.append(
            f"case when regexp_full_match({text}, '[2-7][0-9]{{4}}(\\.0+)?') then "
            f"date '1899-12-30' + cast(cast({text} as double) as integer) end"
        )
    return f"coalesce({', '.join(tries)})" if tries else "null::date"


def precision_sql(text: str, formats: list[str]) -> str | None:
    """SQL giving each line's date precision ('day' or 'month'), or None when every form the
    file uses gives the day (then every dated line is precise to the day)."""
    by_month = [f for f in formats if is_month_form(f)]
    if not by_month:
        return None
    by_day = [f for f in formats if not is_month_form(f)]
    day = f"when {date_sql(text, by_day)} is not null then 'day' " if by_day else ""
    return f"(case {day}when {date_sql(text, by_month)} is not null then 'month' end)"


def is_month_form(fmt: str) -> bool:
    """A form without the day: '%Y%m', '%B %Y' (a profile's own form counts when it has no %d)."""
    return fmt != EXCEL_SERIAL and "%d" not in fmt and "%j" not in fmt


def strptime_sql(fmt: str, text: str) -> str:
    if fmt.endswith(NORMALISED):
        fmt = fmt.removesuffix(NORMALISED)
        text = (f"regexp_replace(regexp_replace({text}, '([0-9])(st|nd|rd|th)\\b', '\\1', "
                f"'gi'), '\\b[Ss][Ee][Pp][Tt]\\b', 'Sep', 'g')")
    escaped = fmt.replace("'", "''")
    return f"try_strptime({text}, '{escaped}')::date"
