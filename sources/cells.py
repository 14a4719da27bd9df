"""SQL reading a landed file's text cells as typed values: the one place each kind is parsed.

Every cell arrives as the text the sender wrote. A value that cannot be read becomes NULL, and the
text stays beside it (the `<field>_raw` columns), so a rule can quarantine the row showing exactly
what was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from warehouse.duck import ident, literal

# A plain number: a pound sign is removed first, and commas where they only separate thousands;
# "nan" and "inf" never pass. '1,50' or '1.234,56' (a decimal comma?) is not a number here.
NUMBER = r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"
THOUSANDS = r"[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?"
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
        """Pounds and pence; an amount with a non-zero digit beyond pence is not read (DECIMAL
        would round it), so the rule reading it quarantines the row with the text as written."""
        exact = self.number(field, "decimal(38,10)")
        pence = self.number(field, "decimal(18,2)")
        return f"(case when {exact} = {pence} then {pence} end)"

    def integer(self, field: str) -> str:
        """A whole number; spreadsheets that store 3 as 3.0 are read as 3."""
        raw = self.raw(field)
        return (f"(case when regexp_full_match({raw}, '[+-]?[0-9]+([.]0*)?') then "
                f"try_cast(regexp_replace({raw}, '[.]0*$', '') as integer) end)")

    def date(self, field: str) -> str:
        """ISO dates (a time after them is ignored, as 360Giving allows) or UK day/month/year."""
        raw = self.raw(field)
        return (f"coalesce(case when regexp_full_match({raw}, "
                f"'[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([T ].*)?') then "
                f"try_strptime(left({raw}, 10), '%Y-%m-%d')::date end, "
                f"try_strptime({raw}, '%d/%m/%Y')::date)")

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
