"""Attacks on what is published (issue 14 finding 4, issue 16 finding 5): an attacker holding a
partnership's extract files and its dashboard page writes every published figure as an equation
in the withheld counts (`tests/attack.py`) and solves. No withheld count may come out: not from
a total less the published cells, not from a quarter's total on the page less the extract's
lines, not from a £ value and its measure's factor, not from the account less the other
measures' years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboards import disclosure
from dashboards.extracts import suppression as extract_suppression
from dashboards.site import people, tables
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


def test_a_small_year_beside_too_few_measures_is_reported_not_hidden(caplog):
    # Two measures only, one of them 3 people in the whole year: the account's central,
    # cautious and generous values are three equations in two measures' counts, and the
    # account is always published. Nothing can be withheld to stop it: the plan says so.
    lines = frame(line("Q1", 3, measure="M1"),
                  *[line(q, n, measure="M2", proxy=250.0)
                    for q, n in (("Q1", 30), ("Q2", 25), ("Q3", 40), ("Q4", 35))])
    lines.loc[lines["measure_code"] == "M2", "present_value_low_gbp"] *= 0.6
    with caplog.at_level("WARNING", logger="dashboards.disclosure"):
        plan = disclosure.plan(lines, POLICY)
    assert plan.unresolved and plan.unresolved[0].startswith("x 2024-25: ")
    assert "still lets" in caplog.text and "M1" in caplog.text
    assert recovered(attack_frames(lines))                  # the attack does find it


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
