"""Attacks on what is published (issue 14 finding 4, issue 16 finding 5): an attacker holding a
partnership's extract files and its dashboard page writes every published figure as an equation
in the withheld counts (`tests/attack.py`) and solves. No withheld count may come out: not from
a total less the published cells, not from a quarter's total on the page less the extract's
lines, not from a £ value and its measure's factor, not from the account less the other
measures' years."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboards import account_figures, disclosure
from dashboards.extracts import suppression as extract_suppression
from dashboards.site import people, tables, verdict
from dashboards.site.pages import comparison, partnership
from dashboards.site.sentences import render
from dashboards.suppression import Policy
from tests.attack import Attack, as_text, table_rows
from tests.test_disclosure import extract_frames, frame, line

POLICY = Policy()


def factors(lines: pd.DataFrame) -> dict:
    """Each measure's value per unit, as anyone can work it out from the published proxies,
    rates and method (here read off the lines, where value = quantity x factor)."""
    out = {}
    for measure, rows in lines[lines["quantity"] > 0].groupby("measure_code"):
        first = rows.iloc[0]
        out[measure] = tuple(first[c] / first["quantity"] for c in (
            "present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"))
    return out


def attack_frames(lines: pd.DataFrame, page: bool = True) -> Attack:
    """The attack on what pages and extracts publish from `lines`, built in memory."""
    frames = extract_frames(lines)
    counted = lines[lines["counted"]]
    for column in ("present_value_low_gbp", "present_value_high_gbp"):
        frames["accounts"][column] = float(counted[column].sum())
    out = extract_suppression.apply(frames, POLICY)
    attack = Attack.from_lines(as_text(out["social_value"]), factors(lines))
    attack.add_extract(as_text(out["accounts"]), as_text(out["cost_per_outcome"]),
                       as_text(out["outcomes_vs_targets"]))
    if page:
        cells = people.measure_quarters(lines, POLICY)
        attack.add_page_tables({
            "Outcomes by measure and quarter": table_rows(tables.measure_quarters(cells, "£")),
            "Partners' contributions": table_rows(tables.partners(_partners(lines), "£"))})
    return attack


def _partners(lines: pd.DataFrame) -> pd.DataFrame:
    """The partners' table as the partnership page builds it (money columns are not people)."""
    out = people.partner_totals(lines, POLICY)
    return out.assign(council_spend_gbp=0.0, grants_gbp=0.0, targets_met=0, targets_of=0)


def recovered(attack: Attack) -> list[tuple[str, str, str, float]]:
    return [(r.line["measure_code"], r.line["quarter_key"][-2:], r.what, r.value)
            for r in attack.recovered()]


def test_a_quarter_on_the_page_less_the_extracts_lines_gives_nothing_back():
    # The page adds the partners' lines of a measure's quarter (4 + 14 = 18, not small), the
    # extract hides the 4 (and pairs it with Q2's 3) but publishes the 14: 18 - 14 = 4.
    lines = frame(line("Q1", 4, partner="P1"), line("Q1", 14, partner="P2"),
                  line("Q2", 3, partner="P1"), line("Q2", 20, partner="P2"),
                  line("Q3", 30, partner="P1"), line("Q4", 25, partner="P2"))
    assert recovered(attack_frames(lines, page=False)) == []
    assert recovered(attack_frames(lines)) == []


def test_the_account_less_the_other_measures_years_gives_no_small_measure_back():
    # M9 has 3 people in the whole year. Its line and its year are hidden; but the account's
    # value is published, and M1's year (cost per outcome) too: the difference over M9's proxy
    # is 3. M1's year has to go, with one of its lines.
    lines = frame(line("Q1", 3, partner="A", measure="M9"), line("Q1", 60, partner="A"),
                  line("Q1", 50, partner="B"), line("Q1", 80, partner="C"))
    assert recovered(attack_frames(lines, page=False)) == []
    assert recovered(attack_frames(lines)) == []


def two_small_measures() -> pd.DataFrame:
    """M1 and M2 each reach 3 and 2 people in the whole year; M3 and M4 are large. Each
    measure turns a count into its central, cautious and generous values by its own factors."""
    rows = [line("Q1", 3, measure="M1"), line("Q2", 2, measure="M2", proxy=250.0)]
    for q, n in (("Q1", 30), ("Q2", 25), ("Q3", 40), ("Q4", 35)):
        rows.append(line(q, n, measure="M3", proxy=70.0))
        rows.append(line(q, n + 7, measure="M4", proxy=400.0, partner="P2"))
    lines = frame(*rows)
    for measure, low, high in (("M2", 0.6, 0.9), ("M3", 0.8, 1.3), ("M4", 0.7, 1.6)):
        own = lines["measure_code"] == measure
        lines.loc[own, "present_value_low_gbp"] *= low
        lines.loc[own, "present_value_high_gbp"] *= high
    return lines


def test_the_accounts_three_values_do_not_split_two_small_measures():
    # Both small years are hidden, with their lines, and together they hold 5 people, so the
    # account's people give nothing away. But the account publishes three values, and with
    # each measure's factors known, three equations in the two counts give both back.
    lines = two_small_measures()
    assert recovered(attack_frames(lines)) == []
    plan = disclosure.plan(lines, POLICY)
    assert plan.unresolved == []
    assert len(plan.closed[("x", "2024-25")]) == 2     # M3's and M4's years withheld too


def test_nothing_withheld_is_fixed_by_the_plan_itself():
    lines = frame(line("Q1", 4, partner="P1"), line("Q1", 14, partner="P2"),
                  line("Q2", 3, partner="P1"), line("Q2", 20, partner="P2"),
                  line("Q1", 2, measure="M2"), line("Q3", 9, measure="M2"),
                  line("Q4", 50, measure="M2"))
    plan = disclosure.plan(lines, POLICY)
    assert plan.unresolved == []
    withheld = plan.withheld
    assert withheld.sum() >= 4
    for i in withheld[withheld].index:
        one = pd.Series(lines.index == i, index=lines.index)
        assert not plan.known(one, "quantity") and not plan.known(one, "beneficiaries")
    # Every line's quantity over the year is published: the measures' years.
    for measure in ("M1", "M2"):
        assert plan.publishable(lines["measure_code"] == measure, "quantity")


@pytest.fixture(scope="module")
def published(demo_home: Path) -> Path:
    return demo_home / "site"


def test_no_count_withheld_in_the_demo_can_be_worked_out_from_its_files(published):
    """The whole sample as published: for every partnership, its extract and its page."""
    folders = sorted(p for p in (published / "extracts").iterdir() if p.is_dir())
    assert len(folders) == 4
    withheld = 0
    for folder in folders:
        attack = Attack.from_extract(folder)
        attack.add_page(published / "partnerships" / f"{folder.name}.html")
        withheld += len(attack.unknowns)
        assert attack.rows, folder.name           # the attack has equations to work with
        assert recovered(attack) == [], folder.name
        # and no withheld count at all, small or not, is fixed by what is published
        assert attack.recovered(small_only=False) == [], folder.name
    assert withheld > 20


def small_year_beside_one_measure() -> pd.DataFrame:
    """Two measures only, one of them 3 people in the whole year, each with its own factors."""
    lines = frame(line("Q1", 3, measure="M1"),
                  *[line(q, n, measure="M2", proxy=250.0, partner="P2")
                    for q, n in (("Q1", 30), ("Q2", 25), ("Q3", 40), ("Q4", 35))])
    lines.loc[lines["measure_code"] == "M2", "present_value_low_gbp"] *= 0.6
    return lines


def account_row(lines: pd.DataFrame, inputs: float = 50_000.0) -> dict:
    """The year's account as marts.partnership_accounts holds it."""
    counted = lines[lines["counted"]]
    value = {c: float(counted[c].sum()) for c in ("present_value_gbp", "present_value_low_gbp",
                                                   "present_value_high_gbp", "gross_value_gbp",
                                                   "net_impact_gbp", "net_value_gbp")}
    weight = counted["present_value_gbp"].abs()
    return {"partnership_id": "x", "partnership_name": "X", "financial_year": "2024-25",
            "period_kind": "financial year", "period_label": "2024-25",
            "period": "2024-25 (Q1, Q2, Q3, Q4)", "inputs_gbp": inputs,
            "inputs_outside_outcome_quarters_gbp": 0.0, **value,
            "harm_present_value_gbp": float(counted.loc[counted["is_harm"],
                                                        "present_value_gbp"].sum()),
            "overlap_excluded_present_value_gbp": 0.0,
            "sroi_central": value["present_value_gbp"] / inputs,
            "sroi_low": value["present_value_low_gbp"] / inputs,
            "sroi_high": value["present_value_high_gbp"] / inputs,
            "beneficiaries": int(counted.loc[~counted["is_harm"], "beneficiaries"].sum()),
            "cost_per_beneficiary_gbp": inputs / counted["beneficiaries"].sum(),
            "weakest_evidence_grade": max(counted["evidence_grade"]),
            **{f"value_share_grade_{g.lower()}": float(weight[counted["evidence_grade"] == g]
                                                       .sum() / weight.sum()) for g in "ABCD"},
            "imperatives_met": 0, "imperatives_assessed": 0, "partners_meeting_all": 0,
            "partners_assessed": 0, "lead_council": "c1", "commissioning_route": "grant",
            "price_base_year": 2026, "council_spend_gbp": inputs, "grants_gbp": 0.0,
            "outcome_lines": len(lines), "lines_not_valued": 0}


def page_accounts(lines: pd.DataFrame, accounts: pd.DataFrame) -> dict[str, list[dict]]:
    """The account's tables as the partnership page shows them (the accounts' £ figures as the
    site publishes them: `dashboards.site.publish.withheld_accounts`)."""
    heads = people.headline(accounts, comparison.sensitive_years(lines), POLICY)
    whole = accounts.assign(period_kind="whole life", period_label="whole life to date",
                            financial_year=None, period="whole life to date (Apr 2024 to "
                                                        "Mar 2025; 4 quarters)")
    periods = pd.concat([whole, accounts], ignore_index=True).assign(scenarios_text="")
    return {"Social value accounts": table_rows(tables.accounts(heads, "£", lambda _: None)),
            "The account by period": table_rows(partnership.periods_table(periods, "£"))}


def test_a_small_year_beside_too_few_measures_withholds_the_accounts_values(caplog):
    # M1 has 3 people in the whole year, M2 is large. The account's central, cautious and
    # generous values are three equations in two measures' counts: nothing withheld can stop
    # them giving M1's 3 back, so the account's £ values themselves are withheld, on the page
    # and in the extract, and the account says why.
    lines = small_year_beside_one_measure()
    raw = pd.DataFrame([account_row(lines)])
    # The leak: with the account's values published (as before), the attack finds the 3.
    leak = attack_frames(lines)
    counted = [i for i, r in enumerate(leak.lines) if r["counted"] == "true"]
    for v in ("present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"):
        leak.add(counted, v, float(raw[v].iloc[0]))
    assert ("M1", "Q1", "quantity", 3.0) in recovered(leak)

    with caplog.at_level("INFO", logger="dashboards.disclosure"):
        plan = disclosure.plan(lines, POLICY)
    assert plan.unresolved == [] and plan.stage[("x", "2024-25")] == 1
    assert "withholding the account's £ values instead" in caplog.text
    accounts = account_figures.withhold_accounts(raw, lines, plan)
    assert accounts["value_withheld"].tolist() == [True]
    assert accounts[["present_value_gbp", "sroi_central", "sroi_low"]].isna().all(axis=None)

    attack = attack_frames(lines)
    attack.add_page_tables(page_accounts(lines, accounts))
    assert attack.rows
    assert recovered(attack) == []
    assert attack.recovered(small_only=False) == []
    # Never a silent blank: the page's cells read c and its note says why; the extract flags it.
    shown = page_accounts(lines, accounts)["Social value accounts"][0]
    assert shown["Social value, central"] == "c" and shown["SROI, generous"] == "c"
    table = tables.accounts(people.headline(accounts, comparison.sensitive_years(lines),
                                            POLICY), "£", lambda _: None)
    assert any("protect small numbers of people" in note for note in table.notes)
    assert "protect small numbers of people" in partnership.one_line(
        accounts.iloc[0].to_dict())
    frames = extract_frames(lines)
    frames["accounts"] = raw
    out = extract_suppression.apply(frames, POLICY)["accounts"]
    assert out["value_suppressed"].tolist() == [True]
    assert out[["present_value_gbp", "present_value_low_gbp", "sroi_high"]].isna().all(
        axis=None)


def test_a_withheld_account_says_so_on_the_comparison_page():
    # The card, the verdict, the charts and their words: never a silent blank, never "no
    # inputs" for a value withheld.
    lines = small_year_beside_one_measure()
    plan = disclosure.plan(lines, POLICY)
    accounts = account_figures.withhold_accounts(pd.DataFrame([account_row(lines)]), lines,
                                                 plan)
    heads = people.headline(accounts, comparison.sensitive_years(lines), POLICY)
    ctx = SimpleNamespace(warehouse=SimpleNamespace(feeds=pd.DataFrame()),
                          council_name=lambda c: c)
    card = comparison.card(heads.iloc[0].to_dict(), ctx, None)
    assert card.verdict == verdict.WITHHELD
    assert [f.value for f in card.figures[:2]] == ["withheld", "withheld"]
    assert "small numbers of people" in " ".join(f.detail for f in card.figures[:2])
    said = render(verdict.lead(heads, verdict.coverage(heads, lines, pd.DataFrame()),
                               "2024-25"))
    assert "X, the social value and the return on each £1 are withheld to protect" in said
    for chart in (comparison.value_chart(heads, "£"), comparison.sroi_chart(heads)):
        assert "withheld to protect small numbers of people" in " ".join(
            s.text for s in chart.summaries)
        assert {c.text for c in chart.table.rows[0].cells[2:5]} == {"c"}
        assert [trace["x"] for trace in chart.figure["data"]] == [[]]     # not drawn


def test_a_year_whose_totals_cannot_be_protected_withholds_its_people_too():
    # One line: 3 people moved on, 20 beneficiaries. The line is withheld; the account's people
    # (20) would give its beneficiaries back and nothing else can be withheld: the account's
    # values, people and the measure's year all go, each said as withheld.
    lines = frame(line("Q1", 3, beneficiaries=20))
    plan = disclosure.plan(lines, POLICY)
    assert plan.unresolved == [] and plan.stage[("x", "2024-25")] == 2
    accounts = account_figures.withhold_accounts(pd.DataFrame([account_row(lines)]), lines,
                                                 plan)
    assert accounts["beneficiaries_withheld"].tolist() == [True]
    heads = people.headline(accounts, comparison.sensitive_years(lines), POLICY)
    assert heads["beneficiaries_suppressed"].tolist() == [True]
    shown = table_rows(tables.accounts(heads, "£", lambda _: None))[0]
    assert shown["People benefiting"] == "c" and shown["Social value, central"] == "c"
    assert recovered(attack_frames(lines)) == []
    assert attack_frames(lines).recovered(small_only=False) == []


MOVES = {("deadweight", "x1.5"): {"M1": 0.55, "M2": 0.7, "M3": 0.62, "M4": 0.81},
         ("deadweight", "x0.5"): {"M1": 1.31, "M2": 1.12, "M3": 1.47, "M4": 1.2},
         ("attribution", "x1.5"): {"M1": 0.9, "M2": 0.52, "M3": 0.74, "M4": 0.66},
         ("attribution", "x0.5"): {"M1": 1.08, "M2": 1.6, "M3": 1.22, "M4": 1.35},
         ("drop-off", "x1.5"): {"M1": 0.71, "M2": 0.93, "M3": 0.58, "M4": 0.77},
         ("drop-off", "x0.5"): {"M1": 1.5, "M2": 1.04, "M3": 1.29, "M4": 1.18}}
INPUTS = 1_000.0


def scenarios(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """marts.scenario_lines and marts.scenario_accounts for `lines`: each tornado move scales
    each measure's values by its own factor (as moving a measure's own rates does)."""
    rows = []
    for (assumption, variant), ratio in MOVES.items():
        for _, r in lines[lines["counted"]].iterrows():
            rows.append({**{k: r[k] for k in account_figures.LINE_KEY}, "kind": "tornado",
                         "assumption": assumption, "variant": variant,
                         "description": f"{assumption} {variant}",
                         "present_value_gbp": r["present_value_gbp"] * ratio[r["measure_code"]]})
    per_line = pd.DataFrame(rows)
    central = float(lines.loc[lines["counted"], "present_value_gbp"].sum())
    accounts = []
    for kind, label in (("whole life", "whole life to date"), ("financial year", "2024-25")):
        sums = per_line.groupby(["kind", "assumption", "variant", "description"], sort=False)[
            "present_value_gbp"].sum().reset_index()
        accounts.append(sums.assign(partnership_id="x", period_kind=kind, period_label=label,
                                    central_present_value_gbp=central, inputs_gbp=INPUTS,
                                    sroi=sums["present_value_gbp"] / INPUTS,
                                    sroi_central=central / INPUTS))
    return per_line, pd.concat(accounts, ignore_index=True)


def tornado_attack(lines: pd.DataFrame, scenario_accounts: pd.DataFrame) -> Attack:
    """The attack on the extract and the page, with the page's tornado as it publishes it."""
    attack = attack_frames(lines)
    ctx = SimpleNamespace(warehouse=SimpleNamespace(scenarios=scenario_accounts))
    spread = partnership.tornado_frame(ctx, "x")
    if len(spread) and not spread["withheld"].any():
        base = factors(lines)
        moves = {}
        for assumption in dict.fromkeys(a for a, _ in MOVES):
            low, high = (MOVES[(assumption, v)] for v in ("x1.5", "x0.5"))
            moves[f"{assumption} (x1.5 / x0.5)"] = (
                lambda r, m=low: base[r["measure_code"]][0] * m[r["measure_code"]],
                lambda r, m=high: base[r["measure_code"]][0] * m[r["measure_code"]])
        attack.add_tornado(table_rows(partnership.tornado_chart(spread, "£").table), INPUTS,
                           moves)
    return attack


def test_the_tornado_gives_no_withheld_count_back():
    # Two small measures (3 and 2 people in the year) hidden beside two large ones whose years
    # are withheld too: the account's three values leave the counts free. But each tornado
    # move values the same lines again with each measure's own factor: six more equations,
    # and they fix every withheld count. The tornado is published only where the plan says it
    # tells nothing new: here it is withheld, and the page says why.
    lines = two_small_measures()
    per_line, accounts = scenarios(lines)
    raw = accounts.assign(withheld=False, central_withheld=False)
    # As published before: the page's SROIs are rounded to pennies, so the counts come back
    # to within a few hundredths.
    leak = {(m, q, what, round(value)) for m, q, what, value in
            recovered(tornado_attack(lines, raw))}
    assert {("M1", "Q1", "quantity", 3), ("M2", "Q2", "quantity", 2)} <= leak

    plan = disclosure.plan(lines, POLICY)
    published = account_figures.withhold_scenarios(accounts, per_line, lines, plan)
    assert published["withheld"].all() and published["sroi"].isna().all()
    assert not published["central_withheld"].any()          # the account itself is safe
    assert recovered(tornado_attack(lines, published)) == []
    ctx = SimpleNamespace(warehouse=SimpleNamespace(scenarios=published))
    assert partnership.tornado_frame(ctx, "x")["withheld"].all()
    assert "withheld for this partnership, to protect small numbers of people" in \
        partnership.TORNADO_WITHHELD


def test_a_tornado_that_tells_nothing_new_is_published():
    # Every count large or hidden inside a published measure year: each move is fixed by the
    # measures' years (one factor per measure), so it is published as it stands.
    lines = frame(line("Q1", 4, partner="P1"), line("Q1", 14, partner="P2"),
                  line("Q2", 3, partner="P1"), line("Q2", 20, partner="P2"),
                  *[line(q, n, measure="M2", proxy=250.0) for q, n in (("Q1", 30),
                                                                       ("Q2", 40))])
    per_line, accounts = scenarios(lines)
    plan = disclosure.plan(lines, POLICY)
    published = account_figures.withhold_scenarios(accounts, per_line, lines, plan)
    assert not published["withheld"].any()
    assert recovered(tornado_attack(lines, published)) == []


def test_evidence_shares_that_would_give_a_count_back_are_withheld():
    # One withheld line is the only grade A line: the share of the value on grade A evidence
    # times the whole is that line's value, and its measure's factor gives its 2 people back.
    lines = frame(line("Q1", 2, partner="P1", grade="A"), line("Q1", 30, partner="P2"),
                  line("Q2", 25, partner="P2"), line("Q3", 40, partner="P2"),
                  *[line(q, n, measure="M2", proxy=250.0) for q, n in (("Q1", 30),
                                                                       ("Q2", 40))])
    raw = pd.DataFrame([account_row(lines)])
    frames = extract_frames(lines)
    frames["accounts"] = raw.assign(value_suppressed=False)
    plan = disclosure.plan(lines, POLICY)
    leak = attack_frames(lines)
    leak.add_extract(as_text(raw), [], [])
    assert ("M1", "Q1", "quantity", 2.0) in recovered(leak)
    out = extract_suppression.apply(frames, POLICY)["accounts"]
    assert out["grades_suppressed"].tolist() == [True]
    assert not out["value_suppressed"].any()
    attack = attack_frames(lines)
    attack.add_extract(as_text(out), [], [])
    assert recovered(attack) == []
    assert plan.known(lines["counted"], "value")


def test_a_year_with_inputs_but_no_returns_still_publishes_its_account():
    # Accounts now exist for years with money in and no outcome returns yet: nothing to plan,
    # and a total that is itself small stays hidden whatever the lines say.
    frames = extract_frames(frame(line("Q1", 30)))
    for table in ("social_value", "outcomes_vs_targets"):
        frames[table] = frames[table].iloc[0:0]
    frames["accounts"]["beneficiaries"] = 0
    out = extract_suppression.apply(frames, POLICY)
    assert out["accounts"]["beneficiaries"].tolist() == [0]
    frames["accounts"]["beneficiaries"] = 3
    assert extract_suppression.apply(frames, POLICY)["accounts"]["beneficiaries_suppressed"].all()
