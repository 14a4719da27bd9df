"""Validation rules: a Pandera check with a name an analyst can read and a reason in plain words.

Each rule names the column it judges and, where the value was parsed from text, the column holding
the text as published: the quarantine shows that raw text, not the parsed NULL.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa


@dataclass(frozen=True)
class Rule:
    name: str
    column: str
    message: str
    raw_column: str | None = None

    @classmethod
    def filled(cls, column: str, message: str) -> Rule:
        """`<column>_present`: the file must fill `column` (the quarantine shows the cell)."""
        return cls(f"{column}_present", column, message, column)

    @classmethod
    def legible(cls, column: str, message: str) -> Rule:
        """`<column>_readable`: what `column` holds is read; the text stays in `<column>_raw`."""
        return cls(f"{column}_readable", column, message, f"{column}_raw")


def present(rule: Rule) -> pa.Check:
    """The value is there (parsed, or given): NULL fails, under the rule's own name."""
    return pa.Check(lambda s: s.notna(), ignore_na=False, name=rule.name, error=rule.name)


def absent(rule: Rule) -> pa.Check:
    """The value is NULL: anything there fails."""
    return pa.Check(lambda s: s.isna(), ignore_na=False, name=rule.name, error=rule.name)


def named(check_factory, *args, rule: Rule) -> pa.Check:
    """A built-in Pandera check (e.g. pa.Check.le) reported under the rule's name."""
    return check_factory(*args, name=rule.name, error=rule.name)


def timestamp(day) -> pd.Timestamp:
    return pd.Timestamp(day)


EXTRA_CELLS = Rule("cells_within_header", "extra_cells",
                   "the row has more cells than the header", "extra_cells")


def readable(rule: Rule) -> pa.Check:
    """Where something was written, it was read: a blank passes, text that is not a value fails.

    The rule's column holds the parsed value and its raw column the text as written."""
    return pa.Check(lambda df: df[rule.column].notna() | df[rule.raw_column].isna(),
                    ignore_na=False, name=rule.name, error=rule.name)


def holds(rule: Rule) -> pa.Check:
    """A fact worked out beside the rows (a lookup, a repeat, two fields together) is true."""
    return pa.Check(lambda s: s.eq(True), ignore_na=False, name=rule.name, error=rule.name)


def full_match(pattern: str, rule: Rule) -> pa.Check:
    """The whole text matches `pattern` (a blank is left to a `present` rule)."""
    return pa.Check(lambda s: s.astype(str).str.fullmatch(pattern), name=rule.name,
                    error=rule.name)


def is_one_of(values, rule: Rule) -> pa.Check:
    return named(pa.Check.isin, list(values), rule=rule)
