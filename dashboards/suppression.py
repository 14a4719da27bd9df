"""Small-number suppression: counts of people are hidden before anything is published.

UK statistical practice, applied to every count of people that leaves the warehouse (dashboards
and funder extracts alike):

- primary: a count from 1 to 4 is hidden (from 1 to 9 for sensitive cohorts such as looked-after
  children); a true zero is shown as zero;
- secondary: where a group's cells are published beside its total, a lone hidden cell could be
  worked out from the others, and hidden cells holding a small count between them would show
  that count (total less the rest), so the group's next smallest cells are hidden too until
  neither is so (or, if every other cell is zero, the total goes). `suppress` does this for one
  table; what pages and extracts publish about outcome lines, where totals, quarters, partners
  and £ values overlap, is decided once by `dashboards.disclosure`;
- no rate or mean is published from a denominator below the threshold.

A hidden value is published as the symbol `c` (the GSS convention), never as 0 or blank.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from schemas.catalogue import NOT_PEOPLE

SYMBOL = "c"


def counts_people(counts: pd.Series) -> pd.Series:
    """True where a measure's quantity is a count of people, by what its catalogue declares
    (`counts`): people, households and tenancies are; only a measure declared `not people`
    (hours, appointments) is not. Blank or unknown declarations count people: a measure is
    never published unsuppressed because nobody said what it counts."""
    said = counts.astype("object").where(counts.notna(), "people").astype(str)
    return said.str.strip().str.lower() != NOT_PEOPLE


@dataclass(frozen=True)
class Policy:
    """The thresholds in force: counts below `threshold` (or `sensitive_threshold` for sensitive
    cohorts) are hidden; `round_to` rounds published counts (e.g. to the nearest 5)."""

    threshold: int = 5
    sensitive_threshold: int = 10
    round_to: int | None = None

    def describe(self) -> str:
        text = (f"Counts of people from 1 to {self.threshold - 1} are shown as '{SYMBOL}' (from 1 "
                f"to {self.sensitive_threshold - 1} for sensitive cohorts). Other figures are "
                f"shown as '{SYMBOL}' too where, with the totals that are published (a year's, a "
                "measure's, a partner's, and the £ values, which are counts times published "
                "proxies), they would let a hidden count be worked out, or show the hidden "
                f"counts of a total to hold fewer than {self.threshold} people between them; a "
                "figure is published only where the figures already published fix it. No rate "
                f"or average is shown for fewer than {self.threshold} people.")
        if self.round_to:
            text += f" Published counts are rounded to the nearest {self.round_to}."
        return text


def suppress(frame: pd.DataFrame, count: str, policy: Policy, group: list[str] | None = None,
             sensitive: str | None = None, already: str | None = None) -> pd.DataFrame:
    """`frame` with `count` hidden where it must be: the count becomes <NA> and a new column
    `<count>_suppressed` says which cells are hidden (primary or secondary). `group` names the
    columns whose rows are published together with a total; `sensitive` a boolean column marking
    sensitive cohorts; `already` a boolean column marking cells hidden for another reason (they
    count as hidden in their group). Also adds `<count>_total_suppressed` per group when the
    total must go.

    Secondary suppression, in each group: while one cell alone is hidden (the total less the
    others gives it back) or the hidden cells together hold a small count (the total less the
    others says "3 people between them"), the next smallest published cell is hidden too; where
    none is left, the total goes."""
    out = frame.copy()
    values = pd.to_numeric(out[count], errors="coerce")
    limit = pd.Series(policy.threshold, index=out.index)
    if sensitive is not None:
        limit = limit.where(~out[sensitive].fillna(False).astype(bool), policy.sensitive_threshold)
    hidden = (values.round() > 0) & (values.round() < limit)
    if already is not None:
        hidden = hidden | out[already].fillna(False).astype(bool)
    total_hidden = pd.Series(False, index=out.index)
    if group:
        # One column is grouped by name, not as a list: pandas 4 changes the list form's keys.
        by = group[0] if len(group) == 1 else group
        for _, rows in out.groupby(by, dropna=False, sort=False).groups.items():
            rows = list(rows)
            if len(rows) < 2:
                continue
            while hidden[rows].any():
                inside = values[rows][hidden[rows]].fillna(0)
                part = float(inside.round().sum())
                small = 0 < part < int(limit[rows][hidden[rows]].max())
                if int(hidden[rows].sum()) != 1 and not small:
                    break
                others = values[rows][~hidden[rows] & (values[rows] > 0)]
                if not len(others):
                    total_hidden[rows] = True
                    break
                hidden[others.idxmin()] = True
    published = values.astype("Float64")
    if policy.round_to:
        published = (published / policy.round_to).round() * policy.round_to
    out[count] = published.mask(hidden).astype("Int64")
    out[f"{count}_suppressed"] = hidden
    if group:
        out[f"{count}_total_suppressed"] = total_hidden
    return out


def safe_ratio(numerator: pd.Series, denominator: pd.Series, policy: Policy) -> pd.Series:
    """numerator / denominator, or <NA> where the denominator is too small to publish a rate."""
    num = pd.to_numeric(numerator, errors="coerce").astype("Float64")
    den = pd.to_numeric(denominator, errors="coerce").astype("Float64")
    return (num / den).mask(den < policy.threshold)


def shown(value, hidden: bool) -> str:
    """How a count reads on a page or in a spreadsheet: the number, or the symbol."""
    if hidden:
        return SYMBOL
    if value is None or pd.isna(value):
        return ""
    return f"{int(value):,}"
