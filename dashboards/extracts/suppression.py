"""Small-number suppression applied to an extract, through `dashboards.suppression` (the rule the
dashboards publish by).

What counts as a count of people: every `beneficiaries` figure, and the quantity of a measure
that counts people as its catalogue declares it (people, households, tenancies; a blank or
unknown declaration is people). Where the extract publishes totals of
them (the account's beneficiaries per partnership and year, the cost-per-outcome quantity and
beneficiaries per measure and year), a lone hidden outcome line would be recoverable from the
total and the other lines, so secondary suppression runs over both groupings until neither has a
lone hidden cell. On a line whose count of people is hidden, its £ values are hidden too: with
the proxy published, quantity = gross value / proxy would give the count away. Variance and
achievement against target go with the quantity for the same reason, and cost per unit and per
beneficiary with their denominators.

Each hidden column has a boolean `<...>_suppressed` column beside it; the value itself is <NA>
(written `c` in CSV and XLSX, null in Parquet).
"""

from __future__ import annotations

import pandas as pd

from dashboards.extracts.dictionary import BY_NAME
from dashboards.suppression import Policy, counts_people, suppress

LINE_KEY = ["partnership_id", "partner_org_id", "quarter_key", "measure_code"]


def hidden_lines(lines: pd.DataFrame, policy: Policy) -> tuple[pd.Series, set, set]:
    """Which outcome lines (marts.social_value rows) have their count of people hidden, and the
    (partnership, year) and (partnership, year, measure) totals that must go with them."""
    people = counts_people(lines["counts"])
    frame = pd.DataFrame({
        "beneficiaries": pd.to_numeric(lines["beneficiaries"], errors="coerce"),
        "quantity": pd.to_numeric(lines["quantity"], errors="coerce").where(people),
        "sensitive": lines["sensitive_cohort"].fillna(False).astype(bool),
    }, index=lines.index)
    hidden = (_primary(frame, "beneficiaries", policy) | _primary(frame, "quantity", policy))
    in_account = lines["counted"].fillna(False).astype(bool) & ~lines["is_harm"].fillna(
        False).astype(bool)
    groups = {
        "account": _keys(lines, ["partnership_id", "financial_year"], where=in_account),
        "measure": _keys(lines, ["partnership_id", "financial_year", "measure_code"]),
    }
    size = frame["beneficiaries"].fillna(frame["quantity"]).fillna(0)
    totals: dict[str, set] = {name: set() for name in groups}
    while True:
        before = int(hidden.sum())
        for name, key in groups.items():
            work = pd.DataFrame({"n": size, "g": key, "sensitive": frame["sensitive"],
                                 "hidden": hidden})
            out = suppress(work, "n", policy, group=["g"], sensitive="sensitive",
                           already="hidden")
            hidden = hidden | out["n_suppressed"].astype(bool)
            totals[name] |= set(key[out["n_total_suppressed"].astype(bool)])
        if int(hidden.sum()) == before:
            break
    account = {tuple(k.split("\x1f")) for k in totals["account"]}
    measure = {tuple(k.split("\x1f")) for k in totals["measure"]}
    return hidden, account, measure


def apply(frames: dict[str, pd.DataFrame], policy: Policy) -> dict[str, pd.DataFrame]:
    """The extract's tables with every count of people suppressed (and what would give one away),
    each hidden cell flagged in its `<...>_suppressed` column."""
    out = dict(frames)
    lines = frames["social_value"].reset_index(drop=True)
    hidden, account_totals, measure_totals = hidden_lines(lines, policy)
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
        _totals_hidden(frames["cost_per_outcome"], measure_totals,
                       ["partnership_id", "financial_year", "measure_code"], policy),
        "cost_per_outcome", policy)

    accounts = frames["accounts"].copy()
    sensitive = lines.groupby(["partnership_id", "financial_year"])["sensitive_cohort"].any()
    accounts["sensitive_cohort"] = [bool(sensitive.get((p, y), False)) for p, y in
                                    zip(accounts["partnership_id"], accounts["financial_year"],
                                        strict=True)]
    out["accounts"] = _published(
        _totals_hidden(accounts, account_totals, ["partnership_id", "financial_year"], policy,
                       people_quantity=False), "accounts", policy)
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


def _totals_hidden(frame: pd.DataFrame, forced: set, key: list[str], policy: Policy,
                   people_quantity: bool = True) -> pd.DataFrame:
    """A table of totals: each count of people hidden by the primary rule, or because the
    outcome lines behind it had to lose their total (`forced`)."""
    out = frame.copy()
    work = pd.DataFrame({
        "beneficiaries": pd.to_numeric(out["beneficiaries"], errors="coerce"),
        "sensitive": out.get("sensitive_cohort", pd.Series(False, index=out.index))
        .fillna(False).astype(bool)}, index=out.index)
    keys = pd.Series([tuple(row) for row in out[key].astype(str).itertuples(index=False)],
                     index=out.index)
    force = keys.isin(forced)
    out["beneficiaries_suppressed"] = _primary(work, "beneficiaries", policy) | force
    if people_quantity:
        people = counts_people(out["counts"])
        work["quantity"] = pd.to_numeric(out["quantity"], errors="coerce").where(people)
        out["quantity_suppressed"] = (_primary(work, "quantity", policy) | force) & people
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


def _keys(frame: pd.DataFrame, columns: list[str], where: pd.Series | None = None) -> pd.Series:
    """One group key per row; rows outside the grouping get a key of their own (a group of one
    has no total to recover a cell from)."""
    key = frame[columns].astype(str).agg("\x1f".join, axis=1)
    if where is not None:
        key = key.where(where, "\x1e" + frame.index.astype(str))
    return key
