"""Counts of people made safe to publish, and the figures that would give a hidden count away.

Every count of people that reaches a page passes through `dashboards.suppression.suppress`:
beneficiaries, and the quantities of measures that count people (as the catalogue declares:
people, households, tenancies; blank or unknown is people). Sensitive cohorts
(looked-after children...) have the stricter threshold. Where a group's cells are published
beside a total, secondary suppression hides a second cell.

A £ value or rate worked out from a hidden count would reveal it (the proxies are published on
the Method page, so value / proxy = count), so:

- a measure's value, cost per outcome or achievement against target is hidden with its count;
- a £ total over a quarter (a partnership's, a theme's) is hidden when any count inside it is;
- a partner's value is hidden when one of its counts is, and then one more partner's value,
  since the partners add up to the partnership's published total.

Every frame returned here says, per cell, whether it is hidden (`<column>_suppressed`).
"""

from __future__ import annotations

import pandas as pd

from dashboards.suppression import Policy, counts_people, safe_ratio, suppress

VALUE_COLUMNS = ["present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"]
YEAR = ["partnership_id", "financial_year"]


def hide_counts(frame: pd.DataFrame, count: str, policy: Policy, *,
                group: list[str] | None = None, sensitive: str | None = None,
                where: pd.Series | None = None) -> pd.DataFrame:
    """`frame` with `count` suppressed on the rows `where` selects (all rows by default); other
    rows keep their figure. Adds `<count>_suppressed` (and `<count>_total_suppressed` with a
    group). The count column becomes a nullable float: <NA> where hidden."""
    out = frame.copy()
    rows = pd.Series(True, index=out.index) if where is None else where.astype(bool)
    out[f"{count}_suppressed"] = False
    if group:
        out[f"{count}_total_suppressed"] = False
    values = pd.to_numeric(out[count], errors="coerce").astype("Float64")
    if rows.any():
        done = suppress(out.loc[rows], count, policy, group=group, sensitive=sensitive)
        values.loc[rows] = done[count].astype("Float64")
        out.loc[rows, f"{count}_suppressed"] = done[f"{count}_suppressed"].astype(bool)
        if group:
            out.loc[rows, f"{count}_total_suppressed"] = (
                done[f"{count}_total_suppressed"].astype(bool))
    out[count] = values
    out[f"{count}_suppressed"] = out[f"{count}_suppressed"].astype(bool)
    return out


def hide_values(frame: pd.DataFrame, hidden: pd.Series, columns: list[str]) -> pd.DataFrame:
    """`columns` blanked (<NA>) where `hidden`, each with its `<column>_suppressed` flag."""
    out = frame.copy()
    hidden = hidden.astype(bool)
    for column in columns:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64").mask(hidden)
        out[f"{column}_suppressed"] = hidden
    return out


def with_secondary(hidden: pd.Series, values: pd.Series, groups: pd.DataFrame) -> pd.Series:
    """`hidden` plus, in each group with exactly one hidden cell, the visible cell of smallest
    size, so the hidden one cannot be had as the group's published total less the rest."""
    out = hidden.astype(bool).copy()
    size = pd.to_numeric(values, errors="coerce").abs()
    for _, index in groups.groupby(list(groups.columns), dropna=False, sort=False).groups.items():
        index = list(index)
        if int(out[index].sum()) != 1 or len(index) < 2:
            continue
        others = size[index][~out[index]].dropna()
        if len(others):
            out[others.idxmin()] = True
    return out


def _counted(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines with their values kept only where they count in the account (overlaps and
    unvalued lines contribute nothing)."""
    out = lines.copy()
    counted = out["counted"].fillna(False).astype(bool)
    for column in VALUE_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="coerce").where(counted)
    out["counted"] = counted
    return out


def measure_quarters(lines: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Outcomes per partnership, quarter and measure (all partners together): quantity,
    beneficiaries, target, and present value of the counted lines (central, low, high), with
    people counts suppressed across each measure's quarters of a year (their year's total is
    published), and the value and achievement hidden with the count they come from."""
    keys = ["partnership_id", "financial_year", "quarter_key", "measure_code", "theme",
            "outcome", "unit", "counts"]
    frame = _counted(lines)
    cells = frame.groupby(keys, dropna=False, sort=True).agg(
        quantity=("quantity", "sum"), beneficiaries=("beneficiaries", "sum"),
        target=("target", lambda s: s.sum(min_count=1)),
        present_value_gbp=("present_value_gbp", lambda s: s.sum(min_count=1)),
        present_value_low_gbp=("present_value_low_gbp", lambda s: s.sum(min_count=1)),
        present_value_high_gbp=("present_value_high_gbp", lambda s: s.sum(min_count=1)),
        sensitive_cohort=("sensitive_cohort", "any"), is_harm=("is_harm", "any"),
        evidence_grade=("evidence_grade", "max"), partners=("partner_org_id", "nunique"),
    ).reset_index()
    group = [*YEAR, "measure_code"]
    cells = hide_counts(cells, "beneficiaries", policy, group=group, sensitive="sensitive_cohort")
    cells = hide_counts(cells, "quantity", policy, group=group, sensitive="sensitive_cohort",
                        where=counts_people(cells["counts"]))
    cells["achievement"] = (pd.to_numeric(cells["quantity"], errors="coerce")
                            / pd.to_numeric(cells["target"], errors="coerce").replace(0, pd.NA))
    hidden = cells["quantity_suppressed"]
    cells = hide_values(cells, hidden, [*VALUE_COLUMNS, "achievement"])
    cells["value_hidden"] = hidden
    return cells


def quarter_totals(lines: pd.DataFrame, cells: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Present value per partnership, quarter and `by` (e.g. theme; [] for the whole
    partnership), hidden where any measure count inside it is hidden (`cells` from
    `measure_quarters`)."""
    keys = [*YEAR, "quarter_key", *by]
    sums = _counted(lines).groupby(keys, dropna=False, sort=True)[VALUE_COLUMNS].sum(
        min_count=1).reset_index()
    hidden = cells.groupby(keys, dropna=False)["value_hidden"].any().reset_index()
    out = sums.merge(hidden, on=keys, how="left")
    return hide_values(out, out["value_hidden"].fillna(False), VALUE_COLUMNS)


def partner_totals(lines: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per partnership, year and partner: beneficiaries on counted lines (harms left out, as in
    the account's cost per beneficiary) and the present value the partner's outcomes add to the
    account, people counts and the values that would reveal them suppressed."""
    frame = _counted(lines)
    keys = [*YEAR, "partner_org_id", "partner_name", "partner_role"]
    people = frame["counted"] & ~frame["is_harm"].fillna(False).astype(bool)
    frame["people"] = pd.to_numeric(frame["beneficiaries"], errors="coerce").where(people, 0)
    out = frame.groupby(keys, dropna=False, sort=True).agg(
        beneficiaries=("people", "sum"), sensitive_cohort=("sensitive_cohort", "any"),
        measures=("measure_code", "nunique"), evidence_grade=("evidence_grade", "max"),
        present_value_gbp=("present_value_gbp", lambda s: s.sum(min_count=1)),
        present_value_low_gbp=("present_value_low_gbp", lambda s: s.sum(min_count=1)),
        present_value_high_gbp=("present_value_high_gbp", lambda s: s.sum(min_count=1)),
    ).reset_index()
    out = hide_counts(out, "beneficiaries", policy, group=YEAR, sensitive="sensitive_cohort")
    # A partner's value is its counts times published proxies: one small count of its own
    # (a measure over the year) is enough to hide it.
    own = frame[counts_people(frame["counts"])].groupby(
        [*keys, "measure_code"], dropna=False).agg(
        quantity=("quantity", "sum"), sensitive_cohort=("sensitive_cohort", "any")).reset_index()
    own = hide_counts(own, "quantity", policy, sensitive="sensitive_cohort")
    small = own.groupby(["partnership_id", "financial_year", "partner_org_id"])[
        "quantity_suppressed"].any().rename("own_count_hidden").reset_index()
    out = out.merge(small, on=["partnership_id", "financial_year", "partner_org_id"], how="left")
    hidden = out["beneficiaries_suppressed"] | out["own_count_hidden"].fillna(False).astype(bool)
    hidden = with_secondary(hidden, out["present_value_gbp"], out[YEAR])
    out = hide_values(out.drop(columns="own_count_hidden"), hidden, VALUE_COLUMNS)
    out["value_hidden"] = hidden
    return out


def headline(accounts: pd.DataFrame, sensitive: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The accounts with beneficiaries suppressed (the stricter threshold where the partnership
    reports a sensitive cohort) and no cost per beneficiary from a hidden or tiny count.
    `sensitive`: partnership_id, financial_year, sensitive_cohort."""
    out = accounts.merge(sensitive, on=YEAR, how="left")
    out["sensitive_cohort"] = out["sensitive_cohort"].fillna(False).astype(bool)
    out = hide_counts(out, "beneficiaries", policy, sensitive="sensitive_cohort")
    rate = safe_ratio(out["inputs_gbp"], out["beneficiaries"], policy)
    hidden = out["beneficiaries_suppressed"] | rate.isna()
    out = hide_values(out, hidden, ["cost_per_beneficiary_gbp"])
    return out


def cost_per_outcome(costs: pd.DataFrame, sensitive: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Cost per outcome per partnership, year and measure, the year's quantity suppressed where
    it counts people, and the cost (inputs / quantity, inputs being published) with it.
    `sensitive`: measure_code, sensitive_cohort, counts."""
    out = costs.merge(sensitive, on="measure_code", how="left")
    out["sensitive_cohort"] = out["sensitive_cohort"].fillna(False).astype(bool)
    out = hide_counts(out, "quantity", policy, sensitive="sensitive_cohort",
                      where=counts_people(out["counts"]))
    return hide_values(out, out["quantity_suppressed"], ["cost_per_unit_gbp"])
