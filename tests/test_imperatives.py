"""Each shipped imperative with passing, failing and missing evidence; the Real Living Wage in
force; a council's own imperatives file replacing the default."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from schemas.imperatives import (
    BadImperatives,
    Context,
    evaluate,
    evidence_frame,
    load_imperatives,
    load_living_wage,
)

FY = ("2024-25", "2024-04-01", "2025-03-31")
# Everything a partner needs to meet every default imperative in 2024-25 (UK, not London).
GOOD = {"lowest_hourly_pay": "12.60", "london_weighted": "false", "surplus_reinvested": "true",
        "local_employment_share": "0.70", "local_spend_share": "0.40", "open_book": "true",
        "co_production_sessions": "6", "prevention_share": "0.45",
        "data_sharing_agreement": "true", "board_meetings_attended": "8"}
GOOD_REGISTER = {"legal_form": "charity", "vcse": True, "asset_lock": True}

# imperative -> (evidence that fails it, what is left out to leave it without evidence)
CASES = {
    "public_benefit_purpose": ({"legal_form": "private company", "vcse": False},
                               {"legal_form": None, "vcse": None}),
    "no_extractive_profit": ({"asset_lock": False, "surplus_reinvested": "false"},
                             {"asset_lock": None, "surplus_reinvested": None}),
    "fair_work": ({"lowest_hourly_pay": "11.99"}, {"lowest_hourly_pay": None}),
    "local_roots": ({"local_spend_share": "0.29"}, {"local_employment_share": None}),
    "open_book": ({"open_book": "false"}, {"open_book": None}),
    "co_production": ({"co_production_sessions": "3"}, {"co_production_sessions": None}),
    "prevention": ({"prevention_share": "0.25"}, {"prevention_share": None}),
    "collaboration": ({"board_meetings_attended": "5"}, {"data_sharing_agreement": None}),
}
REGISTER_FIELDS = {"legal_form", "vcse", "asset_lock"}


def partner_tables(partners: dict[str, dict], period=FY, role="member"):
    """Long evidence and a partner register for partners {org_id: their fields}."""
    evidence, register = [], []
    for org, fields in partners.items():
        reg = {k: v for k, v in fields.items() if k in REGISTER_FIELDS}
        register.append({"partnership_id": "p", "org_id": org, "name": f"Partner {org}",
                         "role": fields.get("role", role), **reg})
        for field, value in fields.items():
            if field not in REGISTER_FIELDS | {"role"} and value is not None:
                evidence.append({"partnership_id": "p", "partner_org_id": org,
                                 "period_start": period[1], "period_end": period[2],
                                 "evidence_field": field, "value": value, "unit": "as given",
                                 "source_document": f"{field} return"})
    periods = pd.DataFrame([{"partnership_id": "p", "financial_year": period[0],
                             "period_start": pd.Timestamp(period[1]),
                             "period_end": pd.Timestamp(period[2])}])
    columns = ["partnership_id", "partner_org_id", "period_start", "period_end",
               "evidence_field", "value", "unit", "source_document"]
    return pd.DataFrame(evidence, columns=columns), pd.DataFrame(register), periods


def assess(partners: dict[str, dict], imperatives=None, period=FY) -> pd.DataFrame:
    evidence, register, periods = partner_tables(partners, period)
    frame = evidence_frame(evidence, register, periods)
    return evaluate(imperatives or load_imperatives(), frame, Context(load_living_wage()))


def status(result: pd.DataFrame, org: str, imperative: str) -> pd.Series:
    row = result[(result["partner_org_id"] == org) & (result["imperative_id"] == imperative)]
    assert len(row) == 1, f"{org} {imperative}: {len(row)} rows"
    return row.iloc[0]


@pytest.mark.parametrize("imperative", sorted(CASES))
def test_each_imperative_is_met_not_met_or_without_evidence(imperative):
    failing, missing = CASES[imperative]
    result = assess({"pass": {**GOOD, **GOOD_REGISTER},
                     "fail": {**GOOD, **GOOD_REGISTER, **failing},
                     "none": {**GOOD, **GOOD_REGISTER, **missing}})
    assert status(result, "pass", imperative)["status"] == "met"
    failed = status(result, "fail", imperative)
    assert failed["status"] == "not_met"
    shown = [k for k, v in failing.items() if v is not None and k not in REGISTER_FIELDS]
    for field in shown:  # the failing evidence is named in the reason and kept as evidence
        assert field in failed["reason"]
        assert json.loads(failed["evidence"])[field]["value"] == failing[field]
    assert status(result, "none", imperative)["status"] == "no_evidence"
    # the other imperatives are untouched by this imperative's evidence
    others = result[(result["partner_org_id"] == "pass")]
    assert set(others["status"]) == {"met"}


def test_the_shipped_default_has_the_toolkit_principles_and_a_version():
    imperatives = load_imperatives()
    assert imperatives.version == "2026.1"
    assert {i.id for i in imperatives.imperatives} == set(CASES)
    schema = imperatives.schema(Context(load_living_wage()))
    names = {c.name for c in schema.checks}
    assert names == set(CASES) | {f"{i}:evidence" for i in CASES}  # two Pandera checks each


@pytest.mark.parametrize(("starts", "uk", "london", "announced"), [
    ("2021-04-01", None, None, None),           # before the first rate on file
    ("2023-04-01", 10.90, 11.95, "2022-09-22"),
    ("2023-10-23", 10.90, 11.95, "2022-09-22"),  # the day before the 2023 announcement
    ("2023-10-24", 12.00, 13.15, "2023-10-24"),  # announced that day: in force
    ("2024-04-01", 12.00, 13.15, "2023-10-24"),  # 2024-25: the rate announced October 2023
    ("2025-04-01", 12.60, 13.85, "2024-10-23"),
    ("2026-04-01", 13.45, 14.80, "2025-10-22"),
])
def test_the_real_living_wage_in_force_is_the_latest_announced_by_the_periods_start(
        starts, uk, london, announced):
    rate = load_living_wage().in_force(dt.date.fromisoformat(starts))
    if uk is None:
        assert rate is None
        return
    assert (rate.uk, rate.london, rate.announced.isoformat()) == (uk, london, announced)


@pytest.mark.parametrize(("pay", "london", "expected", "reason"), [
    ("12.00", "false", "met", "met: "),  # exactly the UK rate for 2024-25
    ("11.99", "false", "not_met", "below the Real Living Wage of £12.00 (UK rate announced"),
    ("13.14", "true", "not_met", "below the Real Living Wage of £13.15 (London rate"),
    ("13.15", "true", "met", "met: "),
    ("13.20", None, "met", "met: "),  # London weighting unknown, but at the London rate
    ("11.50", None, "not_met", "below even the UK rate £12.00"),
    ("12.50", None, "no_evidence", "london_weighted is not given"),  # between the two rates
    ("twelve", "false", "no_evidence", "is not an hourly rate"),
])
def test_fair_work_uses_the_london_or_uk_rate(pay, london, expected, reason):
    result = assess({"x": {**GOOD, **GOOD_REGISTER, "lowest_hourly_pay": pay,
                           "london_weighted": london}})
    row = status(result, "x", "fair_work")
    assert row["status"] == expected
    assert reason in row["reason"]


def test_evidence_that_cannot_be_read_is_no_evidence_and_says_so():
    result = assess({"x": {**GOOD, **GOOD_REGISTER, "open_book": "maybe",
                           "prevention_share": "about half"}})
    for imperative, value in (("open_book", "maybe"), ("prevention", "about half")):
        row = status(result, "x", imperative)
        assert row["status"] == "no_evidence"
        assert f"= {value}" in row["reason"] and "cannot be read" in row["reason"]


def test_fair_work_before_any_rate_on_file_has_no_evidence_and_says_why():
    result = assess({"x": {**GOOD, **GOOD_REGISTER}},
                    period=("2020-21", "2020-04-01", "2021-03-31"))
    row = status(result, "x", "fair_work")
    assert row["status"] == "no_evidence"
    assert "no Real Living Wage rate on file" in row["reason"]


def test_councils_are_not_assessed_and_the_latest_evidence_counts():
    evidence, register, periods = partner_tables({
        "lead": {**GOOD, **GOOD_REGISTER, "role": "lead"},
        "council": {"legal_form": "local authority", "vcse": False, "role": "council"}})
    # A later payroll summary for part of the year supersedes the annual one.
    evidence.loc[len(evidence)] = ["p", "lead", "2024-10-01", "2025-03-31", "lowest_hourly_pay",
                                   "11.00", "GBP/hour", "revised payroll"]
    frame = evidence_frame(evidence, register, periods)
    result = evaluate(load_imperatives(), frame, Context(load_living_wage()))
    assert set(result["partner_org_id"]) == {"lead"}
    row = status(result, "lead", "fair_work")
    assert row["status"] == "not_met" and "11.00" in row["reason"]
    assert "revised payroll" in row["reason"]


def test_a_councils_own_imperatives_replace_the_default_and_are_recorded(tmp_path):
    own = tmp_path / "imperatives.yaml"
    own.write_text("""
version: oldham-2025.2
title: Oldham's own
imperatives:
  - id: fair_work_plus
    title: Fair work, with a margin
    principle: fair work
    dataset: staging.imperative_evidence
    fields: [lowest_hourly_pay]
    rule: {field: lowest_hourly_pay, at_least: 13}
    applies_to: {roles: [lead], from: 2024-04-01}
""")
    imperatives = load_imperatives(tmp_path)
    result = assess({"a": {**GOOD, "role": "lead"}, "b": {**GOOD, "role": "member"}},
                    imperatives)
    assert result["imperative_id"].tolist() == ["fair_work_plus"]  # only the lead: its roles
    row = status(result, "a", "fair_work_plus")
    assert row["status"] == "not_met"  # 12.60 < 13
    assert row["imperatives_version"] == "oldham-2025.2"
    assert row["imperatives_file"] == str(own)
    assert len(row["imperatives_sha256"]) == 64
    assert load_imperatives(tmp_path / "nowhere").version == "2026.1"


@pytest.mark.parametrize(("rule", "fields", "dataset", "message"), [
    ("{field: open_book, equals: true}", "[open_book, london_weighted]",
     "staging.imperative_evidence", "must be the fields its rule uses"),
    ("{field: partner.asset_lock, equals: true}", "[partner.asset_lock]",
     "staging.imperative_evidence", "its fields come from"),
    ("{field: open_book, at_least: lots}", "[open_book]", "staging.imperative_evidence",
     "needs a number"),
    ("{field: open_book}", "[open_book]", "staging.imperative_evidence", "exactly one of"),
])
def test_a_broken_imperatives_file_is_refused_with_the_reason(tmp_path, rule, fields, dataset,
                                                               message):
    (tmp_path / "imperatives.yaml").write_text(f"""
version: "1"
imperatives:
  - id: x
    title: X
    principle: x
    dataset: {dataset}
    fields: {fields}
    rule: {rule}
""")
    with pytest.raises(BadImperatives, match=message):
        load_imperatives(tmp_path)


def test_a_living_wage_file_in_the_wrong_shape_is_refused(tmp_path):
    (tmp_path / "real_living_wage.csv").write_text("date,rate\n2024-10-23,12.60\n")
    with pytest.raises(BadImperatives, match="uk_gbp_per_hour"):
        load_living_wage(tmp_path)
    (tmp_path / "real_living_wage.csv").write_text(
        "announced,uk_gbp_per_hour,london_gbp_per_hour,source\n2026-10-20,14.00,15.50,own\n")
    assert load_living_wage(tmp_path).in_force(dt.date(2027, 4, 1)).uk == 14.00
