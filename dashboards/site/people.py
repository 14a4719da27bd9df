"""Counts of people made safe to publish, and the figures that would give a hidden count away.

Which outcome lines are withheld is decided once, by `dashboards.disclosure.plan` (the same plan
the funder extracts publish by): a line with a small count of people, and the lines withheld
beside it so that no published total gives one back. Every other figure on a page (a measure's
quarter over all partners, a theme's quarter, a partner's year) is published only where the
published figures already fix it, so it tells nothing new, and is never a small count of people;
otherwise it is `c`. A £ value is a count in disguise (value / published proxy), so it goes with
the count it comes from. The theme chart shows, where a quarter's total is withheld, the part of
it from published lines, and says how much is withheld.

Every frame returned here says, per cell, whether it is hidden (`<column>_suppressed`).
"""

from __future__ import annotations

import pandas as pd

from dashboards import disclosure
from dashboards.suppression import Policy, counts_people, safe_ratio, suppress

VALUE_COLUMNS = ["present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"]
YEAR = ["partnership_id", "financial_year"]


def _sum_known(values: pd.Series):
    """The sum, or NA where nothing was known (a value or target no line had)."""
    return values.sum(min_count=1)


# How a group of lines adds up its counts and present values (pandas named aggregations).
COUNTS = {"quantity": ("quantity", "sum"), "beneficiaries": ("beneficiaries", "sum")}
VALUES = {column: (column, _sum_known) for column in VALUE_COLUMNS}


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


def _counted(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines with their values kept only where they count in the account (overlaps and
    unvalued lines contribute nothing)."""
    out = lines.copy()
    counted = out["counted"].fillna(False).astype(bool)
    for column in VALUE_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="coerce").where(counted)
    out["counted"] = counted
    return out


def _shown(values: pd.Series, hidden: pd.Series, policy: Policy) -> pd.Series:
    """Counts as published: <NA> where hidden, rounded as the policy says elsewhere."""
    out = pd.to_numeric(values, errors="coerce").astype("Float64")
    if policy.round_to:
        out = (out / policy.round_to).round() * policy.round_to
    return out.mask(hidden.astype(bool))


def _lines_of(lines: pd.DataFrame, keys: list[str]) -> list[pd.Series]:
    """Which of `lines` each group of `keys` adds up, in the order (and with the blanks) of
    `lines.groupby(keys, dropna=False, sort=True)`: the rows of a frame made by that groupby."""
    group = lines.groupby(keys, dropna=False, sort=True).ngroup()
    return [group == n for n in range(int(group.max()) + 1 if len(group) else 0)]


def measure_quarters(lines: pd.DataFrame, policy: Policy,
                     plan: disclosure.Plan | None = None) -> pd.DataFrame:
    """Outcomes per partnership, quarter and measure (all partners together): quantity,
    beneficiaries, target, and present value of the counted lines (central, low, high). Each
    figure is published only where the disclosure plan says the published figures already fix
    it (it then tells nothing new) and it is not a small count of people; the value and the
    achievement against target go with the count they come from."""
    plan = plan or disclosure.plan(lines, policy)
    keys = ["partnership_id", "financial_year", "quarter_key", "measure_code", "theme",
            "outcome", "unit", "counts"]
    frame = _counted(lines)
    cells = frame.groupby(keys, dropna=False, sort=True).agg(
        **COUNTS, target=("target", _sum_known), **VALUES,
        sensitive_cohort=("sensitive_cohort", "any"), is_harm=("is_harm", "any"),
        evidence_grade=("evidence_grade", "max"), partners=("partner_org_id", "nunique"),
    ).reset_index()
    members = _lines_of(frame, keys)
    people = counts_people(cells["counts"])
    quantity_hidden = pd.Series([bool(p) and not plan.publishable(rows, "quantity")
                                 for p, rows in zip(people, members, strict=True)],
                                index=cells.index, dtype=bool)
    beneficiaries_hidden = pd.Series([not plan.publishable(rows, "beneficiaries")
                                      for rows in members], index=cells.index, dtype=bool)
    value_hidden = pd.Series([not plan.known(rows & frame["counted"], "value")
                              for rows in members], index=cells.index, dtype=bool)
    cells["quantity"] = _shown(cells["quantity"], quantity_hidden, policy).where(
        people | quantity_hidden, pd.to_numeric(cells["quantity"]).astype("Float64"))
    cells["quantity_suppressed"] = quantity_hidden
    cells["beneficiaries"] = _shown(cells["beneficiaries"], beneficiaries_hidden, policy)
    cells["beneficiaries_suppressed"] = beneficiaries_hidden
    # From the quantity as published (rounded where the policy rounds).
    cells["achievement"] = (pd.to_numeric(cells["quantity"], errors="coerce")
                            / pd.to_numeric(cells["target"], errors="coerce").replace(0, pd.NA))
    cells = hide_values(cells, quantity_hidden, ["achievement"])
    cells = hide_values(cells, value_hidden | quantity_hidden, VALUE_COLUMNS)
    cells["value_hidden"] = value_hidden | quantity_hidden
    return cells


def measure_years(lines: pd.DataFrame, policy: Policy,
                  plan: disclosure.Plan | None = None) -> pd.DataFrame:
    """Each measure's year over all partners and quarters (the total the cost per outcome
    publishes): quantity, beneficiaries and present value of the counted lines, each published
    where the plan says it is not a small count and tells nothing new (a year is hidden only
    where it is small, or where the account less it would give a small measure back)."""
    plan = plan or disclosure.plan(lines, policy)
    keys = ["partnership_id", "financial_year", "measure_code", "outcome", "unit", "counts"]
    frame = _counted(lines)
    years = frame.groupby(keys, dropna=False, sort=True).agg(**COUNTS, **VALUES).reset_index()
    members = _lines_of(frame, keys)
    people = counts_people(years["counts"])
    years["quantity_suppressed"] = [bool(p) and not plan.publishable(rows, "quantity")
                                    for p, rows in zip(people, members, strict=True)]
    years["quantity"] = _shown(years["quantity"], years["quantity_suppressed"], policy).where(
        people | years["quantity_suppressed"],
        pd.to_numeric(years["quantity"]).astype("Float64"))
    hidden = pd.Series([not plan.publishable(rows, "beneficiaries") for rows in members],
                       index=years.index, dtype=bool)
    years["beneficiaries"] = _shown(years["beneficiaries"], hidden, policy)
    years["beneficiaries_suppressed"] = hidden
    value = pd.Series([not plan.known(rows & frame["counted"], "value") for rows in members],
                      index=years.index, dtype=bool)
    return hide_values(years, value | years["quantity_suppressed"], VALUE_COLUMNS)


def quarter_totals(lines: pd.DataFrame, plan: disclosure.Plan, by: list[str]) -> pd.DataFrame:
    """Present value per partnership, quarter and `by` (e.g. theme; [] for the whole
    partnership), in full where the published figures already fix it, and otherwise only the
    part from lines that are not withheld (`value_partial`): that part is a sum of published
    lines, so it tells nothing new. `withheld_gbp`: the central value left out of the part."""
    keys = [*YEAR, "quarter_key", *by]
    frame = _counted(lines)
    sums = frame.groupby(keys, dropna=False, sort=True)[VALUE_COLUMNS].sum(
        min_count=1).reset_index()
    members = _lines_of(frame, keys)
    withheld = plan.withheld.reindex(frame.index, fill_value=False).astype(bool)
    partial = [not plan.known(rows & frame["counted"], "value") for rows in members]
    out = sums.copy()
    for column in VALUE_COLUMNS:
        shown = [float(frame.loc[rows & ~withheld, column].fillna(0).sum()) for rows in members]
        out[column] = [s if p else v for s, p, v in zip(shown, partial, sums[column],
                                                          strict=True)]
        out[f"{column}_suppressed"] = False
    out["value_partial"] = partial
    return out


def year_totals(lines: pd.DataFrame, plan: disclosure.Plan, by: list[str],
                quarters: pd.DataFrame | None = None) -> pd.DataFrame:
    """Present value per partnership, year and `by` (a theme), in full where the published
    figures fix it (always so for the whole account), otherwise <NA> with `_suppressed`.
    With `quarters` (from `quarter_totals`, by `by` or finer), `withheld_gbp` is what the
    quarters as shown leave out of the year: the year's total less the quarters' figures, both
    published, so it tells nothing new (given only where the year's total is)."""
    keys = [*YEAR, *by]
    frame = _counted(lines)
    sums = frame.groupby(keys, dropna=False, sort=True)[VALUE_COLUMNS].sum(
        min_count=1).reset_index()
    members = _lines_of(frame, keys)
    hidden = pd.Series([not plan.known(rows & frame["counted"], "value") for rows in members],
                       index=sums.index, dtype=bool)
    if quarters is not None and len(sums):
        drawn = quarters.groupby(keys, dropna=False)["present_value_gbp"].sum()
        sums["withheld_gbp"] = [
            float(total) - float(drawn.get(key if len(keys) > 1 else key[0], 0.0))
            for total, key in zip(sums["present_value_gbp"].fillna(0),
                                  sums[keys].itertuples(index=False, name=None), strict=True)]
    else:
        sums["withheld_gbp"] = pd.NA
    return hide_values(sums, hidden, [*VALUE_COLUMNS, "withheld_gbp"])


def partner_totals(lines: pd.DataFrame, policy: Policy,
                   plan: disclosure.Plan | None = None) -> pd.DataFrame:
    """Per partnership, year and partner: beneficiaries on counted lines (harms left out, as in
    the account's cost per beneficiary) and the present value the partner's outcomes add to the
    account, each published only where the published figures already fix it and it is not a
    small count of people."""
    plan = plan or disclosure.plan(lines, policy)
    frame = _counted(lines)
    keys = [*YEAR, "partner_org_id", "partner_name", "partner_role"]
    account = frame["counted"] & ~frame["is_harm"].fillna(False).astype(bool)
    frame["people"] = pd.to_numeric(frame["beneficiaries"], errors="coerce").where(account, 0)
    out = frame.groupby(keys, dropna=False, sort=True).agg(
        beneficiaries=("people", "sum"), sensitive_cohort=("sensitive_cohort", "any"),
        measures=("measure_code", "nunique"), evidence_grade=("evidence_grade", "max"),
        present_value_gbp=("present_value_gbp", lambda s: s.sum(min_count=1)),
        present_value_low_gbp=("present_value_low_gbp", lambda s: s.sum(min_count=1)),
        present_value_high_gbp=("present_value_high_gbp", lambda s: s.sum(min_count=1)),
    ).reset_index()
    members = _lines_of(frame, keys)
    people = pd.Series([not plan.publishable(rows & account, "beneficiaries")
                        for rows in members], index=out.index, dtype=bool)
    out["beneficiaries"] = _shown(out["beneficiaries"], people, policy)
    out["beneficiaries_suppressed"] = people
    hidden = pd.Series([not plan.known(rows & frame["counted"], "value") for rows in members],
                       index=out.index, dtype=bool)
    out = hide_values(out, hidden, VALUE_COLUMNS)
    out["value_hidden"] = hidden
    return out


def headline(accounts: pd.DataFrame, sensitive: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The accounts with beneficiaries suppressed (the stricter threshold where the partnership
    reports a sensitive cohort) and no cost per beneficiary from a hidden or tiny count.
    `sensitive`: partnership_id, financial_year, sensitive_cohort."""
    out = accounts.merge(sensitive, on=YEAR, how="left")
    out["sensitive_cohort"] = out["sensitive_cohort"].fillna(False).astype(bool)
    out = hide_counts(out, "beneficiaries", policy, sensitive="sensitive_cohort")
    if "beneficiaries_withheld" in out:      # the disclosure plan's word (account_figures)
        withheld = out["beneficiaries_withheld"].fillna(False).astype(bool)
        out["beneficiaries"] = out["beneficiaries"].mask(withheld)
        out["beneficiaries_suppressed"] = out["beneficiaries_suppressed"] | withheld
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
