"""Small-number suppression applied to an extract, by the disclosure plan the dashboards publish
by (`dashboards.disclosure`): the same outcome lines are withheld in both.

What counts as a count of people: every `beneficiaries` figure, and the quantity of a measure
that counts people as its catalogue declares it (people, households, tenancies; a blank or
unknown declaration is people). A line is withheld when its count is small, or when a published
total (the account's social value and people, a measure's year) would otherwise let a withheld
count be worked out; its quantity, beneficiaries and £ values go together, since with the proxy
published, quantity = value / proxy. Variance and achievement against target go with the
quantity for the same reason, and cost per unit and per beneficiary with their denominators. A
total (a measure's year, the account's people) is published unless it is a small count itself.
The account's £ figures (social value and SROIs, gross and net value, harms, overlaps, evidence
shares) are each one more equation in the withheld counts: each is published only where the plan
says it tells nothing new (`dashboards.account_figures`), as on the pages.

Each hidden column has a boolean `<...>_suppressed` column beside it; the value itself is <NA>
(written `c` in CSV and `[c]` in XLSX, null in Parquet).
"""

from __future__ import annotations

import pandas as pd

from dashboards import account_figures, disclosure
from dashboards.extracts.dictionary import BY_NAME
from dashboards.suppression import Policy, counts_people, suppress

LINE_KEY = ["partnership_id", "partner_org_id", "quarter_key", "measure_code"]


def apply(frames: dict[str, pd.DataFrame], policy: Policy) -> dict[str, pd.DataFrame]:
    """The extract's tables with every count of people suppressed (and what would give one away),
    each hidden cell flagged in its `<...>_suppressed` column."""
    out = dict(frames)
    lines = frames["social_value"].reset_index(drop=True)
    plan = disclosure.plan(lines, policy)
    hidden = plan.withheld.reindex(lines.index, fill_value=False).astype(bool)
    people = counts_people(lines["counts"])
    sv = lines.copy()
    sv["beneficiaries_suppressed"] = hidden
    sv["quantity_suppressed"] = hidden & people
    sv["value_suppressed"] = hidden & people
    out["social_value"] = _published(sv, "social_value", policy)

    flags = sv[[*LINE_KEY, "quantity_suppressed", "counts"]]
    targets = frames["outcomes_vs_targets"].drop(columns=["quantity_suppressed", "counts"],
                                                 errors="ignore")
    targets = targets.merge(flags, on=LINE_KEY, how="left", validate="one_to_one")
    targets["quantity_suppressed"] = targets["quantity_suppressed"].fillna(False).astype(bool)
    out["outcomes_vs_targets"] = _published(targets, "outcomes_vs_targets", policy)

    out["cost_per_outcome"] = _published(
        _totals_hidden(frames["cost_per_outcome"], plan, lines,
                       ["partnership_id", "financial_year", "measure_code"], policy),
        "cost_per_outcome", policy)
    accounts = _totals_hidden(frames["accounts"], plan, lines,
                              ["partnership_id", "financial_year"], policy,
                              people_quantity=False)
    out["accounts"] = _published(_values_hidden(accounts, lines, plan), "accounts", policy)
    return out


def suppressed_cells(frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """How many cells each table shows as hidden."""
    counts = {}
    for name, frame in frames.items():
        table = BY_NAME.get(name)
        if table is None:
            continue
        counts[name] = sum(int(frame[c.hidden_by].fillna(False).astype(bool).sum())
                           for c in table.columns if c.hidden_by and c.hidden_by in frame)
    return counts


def _totals_hidden(frame: pd.DataFrame, plan: disclosure.Plan, lines: pd.DataFrame,
                   key: list[str], policy: Policy, people_quantity: bool = True) -> pd.DataFrame:
    """A table of totals over outcome lines (a measure's year, the account's year): each count
    of people published only where the plan says it is not a small count and tells nothing
    new. The account's people are those of its counted lines that are not harms."""
    out = frame.copy()
    keys = _joined(lines, key)
    own = _joined(out, key)
    in_account = pd.Series(True, index=lines.index)
    if not people_quantity:
        in_account = (lines["counted"].fillna(False).astype(bool)
                      & ~lines["is_harm"].fillna(False).astype(bool))
    beneficiaries, quantity = [], []
    for k in own:
        rows = keys == k
        beneficiaries.append(not plan.publishable(rows & in_account, "beneficiaries"))
        quantity.append(not plan.publishable(rows, "quantity"))
    # And whatever the lines say, a total that is itself a small count is never published.
    work = pd.DataFrame({
        "beneficiaries": pd.to_numeric(out["beneficiaries"], errors="coerce"),
        "quantity": pd.to_numeric(out.get("quantity", pd.Series(0, index=out.index)),
                                  errors="coerce"),
        "sensitive": out.get("sensitive_cohort", pd.Series(False, index=out.index))
        .fillna(False).astype(bool)}, index=out.index)
    out["beneficiaries_suppressed"] = (pd.Series(beneficiaries, index=out.index, dtype=bool)
                                       | _primary(work, "beneficiaries", policy))
    if people_quantity:
        people = counts_people(out["counts"])
        out["quantity_suppressed"] = (pd.Series(quantity, index=out.index, dtype=bool)
                                      | _primary(work, "quantity", policy)) & people
    return out


def _values_hidden(accounts: pd.DataFrame, lines: pd.DataFrame,
                   plan: disclosure.Plan) -> pd.DataFrame:
    """The account's £ figures flagged where the plan does not already fix them
    (`dashboards.account_figures`, as the pages do): `value_suppressed` the social value and
    SROIs, `detail_suppressed` gross and net value, harms and overlaps, `grades_suppressed`
    the evidence shares."""
    out = account_figures.withhold_accounts(accounts, lines, plan)
    for flag, columns in (("value_suppressed", account_figures.HEADLINE),
                          ("detail_suppressed", account_figures.DETAIL),
                          ("grades_suppressed", account_figures.GRADES)):
        hidden = pd.Series(False, index=out.index)
        for column in columns:
            if f"{column}_suppressed" in out:
                hidden |= out[f"{column}_suppressed"].astype(bool)
        out[flag] = hidden
    return out


def _published(frame: pd.DataFrame, table: str, policy: Policy) -> pd.DataFrame:
    """Counts of people rounded as the policy says, and every flagged cell set to <NA>."""
    out = frame.copy()
    for column in BY_NAME[table].columns:
        if not column.hidden_by or column.name not in out:
            continue
        flag = out[column.hidden_by].fillna(False).astype(bool)
        values = out[column.name]
        people = (counts_people(out["counts"]) if column.name == "quantity"
                  else pd.Series(column.name == "beneficiaries", index=out.index))
        if policy.round_to and people.any():
            whole = pd.to_numeric(values, errors="coerce").where(people).round()
            rounded = suppress(pd.DataFrame({"n": whole}), "n", policy)["n"]
            values = values.astype("object").where(~people | flag, rounded)
        out[column.name] = values.astype("object").where(~flag, pd.NA)
    return out


def _primary(frame: pd.DataFrame, count: str, policy: Policy) -> pd.Series:
    # Counts of people are whole numbers; a fractional one is judged by its nearest whole.
    work = frame[[count, "sensitive"]].assign(**{count: frame[count].round()})
    out = suppress(work, count, policy, sensitive="sensitive")
    return out[f"{count}_suppressed"].astype(bool)


def _joined(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    """One text key per row (an empty series for no rows: a year with inputs but no returns)."""
    if not len(frame):
        return pd.Series([], dtype=object, index=frame.index)
    return frame[key].astype(str).agg("\x1f".join, axis=1)
