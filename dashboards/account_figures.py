"""The £ figures of a whole account, withheld where they would tell something new about people.

An account (a partnership's financial year, or its whole life to date) publishes £ figures that
are sums over its outcome lines of each line's quantity times a factor of the line's own: its
social value (central, cautious, generous) and the SROIs made from it (inputs are published),
its gross value, net impact and net value, the value of its harms, the value left out as
overlapping, the share of its value resting on each grade of evidence, and its value in each
named scenario and each one-at-a-time move of the tornado. Each is an equation in the counts of
the lines the disclosure plan withholds (`dashboards.disclosure`), so each is published only
where the plan says the figures already published fix it (it tells nothing new); otherwise it is
withheld: <NA>, its `<column>_suppressed` flag set, and the page or extract says why in words.

Usually the account's own three values are among the plan's equations, so they are published,
and the whole life's with them (the sum of its years'). Where the plan had to leave them out (a
measure whose whole year is small, beside too few other measures to hide it), they are withheld
with the SROIs. A whole life's figure is known only where each of its years' parts is: the years'
equations are separate, and the whole life adds them.
"""

from __future__ import annotations

import pandas as pd

from dashboards.disclosure import Plan

HEADLINE = ["present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"]
SROI = ["sroi_central", "sroi_low", "sroi_high"]
DETAIL = ["gross_value_gbp", "net_impact_gbp", "net_value_gbp", "harm_present_value_gbp",
          "overlap_excluded_present_value_gbp"]
GRADES = [f"value_share_grade_{g}" for g in "abcd"]
FIGURES = [*HEADLINE, *SROI, *DETAIL, *GRADES]
LINE_KEY = ["partnership_id", "partner_org_id", "quarter_key", "measure_code"]
WITHHELD_NOTE = ("withheld to protect small numbers of people: with the other figures "
                 "published it would let a count too small to publish be worked out")


def _number(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(0.0, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce").fillna(0.0).astype(float)


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(False, index=frame.index)
    return frame[column].fillna(False).astype(bool)


def line_parts(lines: pd.DataFrame) -> dict[str, list[pd.Series]]:
    """Each account figure as the lines' parts of it (one series over `lines`, or several where
    the figure is published only with others: the grade shares are published together, and
    each is one grade's absolute value over the whole)."""
    counted = _flag(lines, "counted")
    value = _number(lines, "present_value_gbp")
    out = {c: [_number(lines, c).where(counted, 0.0)] for c in HEADLINE}
    for column in ("gross_value_gbp", "net_impact_gbp", "net_value_gbp"):
        out[column] = [_number(lines, column).where(counted, 0.0)]
    out["harm_present_value_gbp"] = [value.where(counted & _flag(lines, "is_harm"), 0.0)]
    valued = lines["valuation_note"].isna() if "valuation_note" in lines else ~counted
    out["overlap_excluded_present_value_gbp"] = [value.where(valued & ~counted, 0.0)]
    grade = lines["evidence_grade"] if "evidence_grade" in lines else pd.Series(
        None, index=lines.index)
    weights = [value.abs().where(counted & (grade == g.upper()), 0.0) for g in "abcd"]
    for column in GRADES:
        out[column] = weights
    return out


def _known(plan: Plan | None, parts: list[pd.Series], rows: pd.Series) -> bool:
    if plan is None:
        return True          # no outcome lines: nothing about people in the figure
    return all(plan.known_values(part[rows]) for part in parts)


def _period_rows(lines: pd.DataFrame, row: dict) -> pd.Series:
    """The lines an account row adds up: its partnership's, in its financial year (a row with
    no financial year is a whole life to date: every line)."""
    if "partnership_id" not in lines:
        return pd.Series(False, index=lines.index)
    rows = lines["partnership_id"] == row["partnership_id"]
    year = row.get("financial_year")
    if isinstance(year, str) and year:
        rows &= lines["financial_year"] == year
    return rows


def withhold_accounts(accounts: pd.DataFrame, lines: pd.DataFrame,
                      plan: Plan | None) -> pd.DataFrame:
    """`accounts` (rows of marts.partnership_accounts or partnership_whole_life) with each £
    figure the plan does not already fix set to <NA> and flagged (`<column>_suppressed`); the
    SROIs go with the values they are made from, the grade shares all together.
    `value_withheld`: the account's social value is withheld; `beneficiaries_withheld`: its
    people are."""
    out = accounts.copy()
    parts = line_parts(lines)
    hidden = {c: [] for c in [*HEADLINE, *DETAIL, *GRADES]}
    people = []
    in_account = _flag(lines, "counted") & ~_flag(lines, "is_harm")
    for row in out.to_dict("records"):
        rows = _period_rows(lines, row)
        people.append(plan is not None and rows.any()
                      and not plan.publishable(rows & in_account, "beneficiaries"))
        headline = all(_known(plan, parts[c], rows) for c in HEADLINE)
        grades = _known(plan, parts[GRADES[0]], rows)
        for column in hidden:
            known = (headline if column in HEADLINE else grades if column in GRADES
                     else _known(plan, parts[column], rows))
            hidden[column].append(not known)
    for column, flags in hidden.items():
        flags = pd.Series(flags, index=out.index, dtype=bool)
        for name in [column, *([SROI[HEADLINE.index(column)]] if column in HEADLINE else [])]:
            if name in out:
                out[name] = pd.to_numeric(out[name], errors="coerce").astype(
                    "Float64").mask(flags)
                out[f"{name}_suppressed"] = flags
    # The account's people, where the plan could protect the withheld counts only by leaving
    # them out of its equations (a page's own rule hides a small total besides).
    out["beneficiaries_withheld"] = pd.Series(people, index=out.index, dtype=bool)
    out["value_withheld"] = out.get("present_value_gbp_suppressed",
                                    pd.Series(False, index=out.index)).astype(bool)
    return out


def withhold_scenarios(scenarios: pd.DataFrame, scenario_lines: pd.DataFrame,
                       lines: pd.DataFrame, plan: Plan | None) -> pd.DataFrame:
    """`scenarios` (rows of marts.scenario_accounts: a period's value and SROI in a named
    scenario or tornado move) with each figure the plan does not already fix withheld
    (`withheld`: present_value_gbp and sroi <NA>); the central value and SROI beside it go
    with the account's. `scenario_lines` (marts.scenario_lines) gives each line's part."""
    out = scenarios.copy()
    if out.empty or plan is None:        # no outcome lines: nothing about people in them
        out["withheld"] = pd.Series(False, index=out.index, dtype=bool)
        out["central_withheld"] = pd.Series(False, index=out.index, dtype=bool)
        return out
    index = pd.DataFrame({"line": lines.index,
                          **{k: lines[k].to_numpy() for k in LINE_KEY if k in lines}})
    parts = scenario_lines.merge(index, on=LINE_KEY, how="left")
    parts["financial_year"] = parts["quarter_key"].astype(str).str[:7]
    central = line_parts(lines)["present_value_gbp"]
    withheld, central_withheld = [], []
    for row in out.to_dict("records"):
        whole_life = row.get("period_kind") != "financial year"
        mine = parts[(parts["partnership_id"] == row["partnership_id"])
                     & (parts["kind"] == row["kind"]) & (parts["assumption"] == row["assumption"])
                     & (parts["variant"].fillna("") == (row.get("variant") or ""))]
        if not whole_life:
            mine = mine[mine["financial_year"] == row["period_label"]]
        period = _period_rows(lines, {"partnership_id": row["partnership_id"],
                                      "financial_year": None if whole_life
                                      else row["period_label"]})
        if mine["line"].isna().any():
            withheld.append(True)           # a part the plan never saw: not published
        else:
            values = pd.Series(mine["present_value_gbp"].astype(float).to_numpy(),
                               index=mine["line"].astype(lines.index.dtype).to_numpy())
            withheld.append(not plan.known_values(values.groupby(level=0).sum()))
        central_withheld.append(not _known(plan, central, period))
    out["withheld"] = pd.Series(withheld, index=out.index, dtype=bool)
    out["central_withheld"] = pd.Series(central_withheld, index=out.index, dtype=bool)
    for column in ("present_value_gbp", "sroi"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64").mask(
            out["withheld"])
    for column in ("central_present_value_gbp", "sroi_central"):
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype(
                "Float64").mask(out["central_withheld"])
    return out
