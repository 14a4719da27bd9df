"""The accounts marts on a tiny hand-made warehouse, every expected figure worked out here.

The staging tables are created to the agreed contract (the ingestion of them is another part of
the project); marts.spend_classified is hand-made too. One partnership, "test-partnership", led
by Testshire council (GB-LAE-TST), with two partners: Alpha (charity, the lead) and Beta (CIC).

Price index 2023 = 80, 2024 = 100, 2025 = 125: the base year is the latest, 2025.

Catalogue (proxy, price year -> in 2025 prices; deadweight, displacement, attribution, drop-off,
years, schedule):
    WB    £800  2023 -> 800 x 125/80 = £1,250   0.20 0.10 0.25 0.20  3 standard
    ISO   £500  2024 -> 500 x 125/100 = £625    0.30 0.00 0.25 0.50  2 standard  overlaps WB
    GP    £40   2025 -> £40                     0.20 0.00 0.20 0.00  1 health
    HARM  -£1,000 2025 -> -£1,000               0.00 0.00 0.20 0.00  1 standard (a harm)

Outcome returns, 2024-25:
    Q1 Alpha WB 10 (grade C, target 8)    gross 12,500  net 12,500 x .8 x .9 x .75 = 6,750
                                          years 6,750, 5,400, 4,320
    Q1 Alpha ISO 10 (C, target 12)        gross 6,250   net 6,250 x .7 x .75 = 3,281.25
                                          PV 3,281.25 + 1,640.625/1.035 = 4,866.39: smaller
                                          than WB's for the same partner and quarter, so not
                                          counted (overlap)
    Q1 Beta GP 50 (B, target 40)          gross 2,000   net 2,000 x .8 x .8 = 1,280 (1 year)
    Q2 Alpha WB 4 (D, target 8)           gross 5,000   net 2,700; years 2,700, 2,160, 1,728
    Q2 Beta HARM 2 (A, target 3, ceiling) gross -2,000  net -2,000 x .8 = -1,600
    Q2 Beta ISO 6 (B, target 5)           gross 3,750   net 3,750 x .7 x .75 = 1,968.75;
                                          years 1,968.75, 984.375 (no WB for Beta: counted)
    Q2 Beta DEBT 3 (no target)            not in the catalogue: kept, not valued, not counted

Inputs in the quarters reported (Q1, Q2), restated from 2024 to 2025 prices (x 125/100):
    Testshire paid Alpha £10,000 (May), Beta £6,000 (Aug) and a credit note -£1,000 (Sep):
        £15,000 -> £18,750. (£4,000 to Alpha in November is in Q3: not in the period.)
    Grant G1 to Alpha, £3,650 planned 2024-04-01 to 2025-03-31 (365 days):
        Q1 91 days = £910, Q2 92 days = £920 -> £1,830 -> £2,287.50
    Grant G2 to Beta, £2,000 awarded 2024-07-10, no planned dates: Q2 -> £2,500
    Grant G3 to Beta from Testshire itself: already in its spend, left out.
    Inputs = 18,750 + 2,287.50 + 2,500 = £23,537.50 (nominal 15,000 + 1,830 + 2,000 = £18,830)
The account is drawn up to date, that is to the latest quarter with outcomes (Q2): Alpha's
£4,000 in November and G1's Q3 and Q4 shares wait for the returns that report what they paid for.
"""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg
import duckdb
import pytest
from typer.testing import CliRunner

from basics.duck import records
from pipelines.assets import accounts as accounts_assets
from pipelines.resources import Warehouse
from schemas.imperatives import load_imperatives, load_living_wage
from socialvalue.cli import app
from tests.conftest import SAMPLE
from warehouse.accounts import marts
from warehouse.accounts.assumptions import Assumptions, BadAssumptions, load_assumptions
from warehouse.accounts.compliance import build_imperative_compliance
from warehouse.accounts.social_value import build_social_value
from warehouse.connection import writer

# --- the hand-made warehouse -------------------------------------------------------------------

STAGING_DDL = """
create schema if not exists staging;
create schema if not exists marts;
create or replace table staging.partnerships (partnership_id varchar, name varchar,
    lead_council varchar, lead_council_org_id varchar, commissioning_route varchar,
    start_date date, end_date date,
    contract_value_gbp decimal(18,2), contract_value_note varchar, description varchar,
    source varchar);
create or replace table staging.partners (partnership_id varchar, org_id varchar, name varchar,
    role varchar, legal_form varchar, vcse boolean, registered_postcode varchar,
    asset_lock boolean, source varchar);
create or replace table staging.outcome_returns (partnership_id varchar, partner_org_id varchar,
    period varchar, quarter_key varchar, period_start date, period_end date,
    measure_code varchar, quantity double, unit varchar, beneficiaries integer,
    evidence_grade varchar, target double, notes varchar);
create or replace table staging.measure_catalogue (framework varchar, edition varchar, code varchar,
    theme varchar, outcome varchar, unit varchar, proxy_value_gbp decimal(18,2),
    price_year integer, source varchar, licence varchar, deadweight double, attribution double,
    displacement double, drop_off double, benefit_years integer, discount_schedule varchar,
    overlaps_with varchar, sensitive_cohort boolean);
create or replace table staging.price_index (year integer, index double, source varchar);
create or replace table staging.imperative_evidence (partnership_id varchar, partner_org_id varchar,
    period_start date, period_end date, evidence_field varchar, value varchar, unit varchar,
    source_document varchar);
create or replace table staging.self_assessments (partnership_id varchar, period varchar,
    framework varchar, item_code varchar, item_title varchar, score integer, assessor varchar,
    notes varchar);
create or replace table staging.grants (grant_id varchar, title varchar, description varchar,
    currency varchar, amount_awarded decimal(18,2), award_date date, planned_start date,
    planned_end date, recipient_org_id varchar, recipient_org_name varchar,
    recipient_postcode varchar, funder_org_id varchar, funder_org_name varchar,
    beneficiary_location_name varchar, beneficiary_location_code varchar, grant_json json);
create or replace table staging.inputs (input_id varchar, partnership_id varchar,
    partner_org_id varchar, contributor varchar, contributor_org_id varchar, kind varchar,
    description varchar, hours double, hourly_rate_gbp decimal(18,2), rate_source varchar,
    amount_gbp decimal(18,2), start_date date, end_date date, source varchar,
    evidence_grade varchar);
create or replace table marts.spend_classified (council varchar, council_org_id varchar,
    period_key varchar, month date, payment_date date, amount decimal(18,2),
    beneficiary varchar, is_redacted boolean, supplier_class varchar, class_evidence varchar,
    is_local boolean, locality_evidence varchar, partner_org_id varchar,
    partnership_id varchar, match_evidence varchar, expense_type varchar, department varchar,
    source_file varchar, source_row bigint, load_id varchar);
"""

P = "test-partnership"
CATALOGUE = [
    # code, proxy, price year, deadweight, attribution, displacement, drop-off, years, schedule,
    # overlaps_with
    ("WB", 800, 2023, 0.20, 0.25, 0.10, 0.20, 3, "standard", None),
    ("ISO", 500, 2024, 0.30, 0.25, 0.00, 0.50, 2, "standard", "WB"),
    ("GP", 40, 2025, 0.20, 0.20, 0.00, 0.00, 1, "health", None),
    ("HARM", -1000, 2025, 0.00, 0.20, 0.00, 0.00, 1, "standard", None),
]
QUARTERS = {"Q1": ("2024-04-01", "2024-06-30"), "Q2": ("2024-07-01", "2024-09-30")}
RETURNS = [  # quarter, partner, measure, quantity, beneficiaries, grade, target
    ("Q1", "ALPHA", "WB", 10, 10, "C", 8),
    ("Q1", "ALPHA", "ISO", 10, 10, "C", 12),
    ("Q1", "BETA", "GP", 50, 25, "B", 40),
    ("Q2", "ALPHA", "WB", 4, 4, "D", 8),
    ("Q2", "BETA", "HARM", 2, 2, "A", 3),
    ("Q2", "BETA", "ISO", 6, 6, "B", 5),
    ("Q2", "BETA", "DEBT", 3, 3, "B", None),  # not in the catalogue: not valued
]
SPEND = [  # date, amount, beneficiary, class, local, partner, partnership
    ("2024-05-15", 10000, "Alpha Charity", "vcse", True, "ALPHA", P),
    ("2024-08-20", 6000, "Beta CIC", "vcse", True, "BETA", P),
    ("2024-09-01", -1000, "Beta CIC", "vcse", True, "BETA", P),
    ("2024-11-10", 4000, "Alpha Charity", "vcse", True, "ALPHA", P),
    ("2024-06-03", 50000, "Big Contractor Ltd", "other", False, None, None),
    ("2024-07-08", 1000, None, "individual_or_redacted", None, None, None),
    ("2024-10-01", 9000, "Illustrative NHS Trust", "public_body", True, None, None),
]
GRANTS = [  # id, amount, award date, planned start, planned end, recipient, funder
    ("G1", 3650, "2024-03-20", "2024-04-01", "2025-03-31", "ALPHA", "GB-CHC-TRUST"),
    ("G2", 2000, "2024-07-10", None, None, "BETA", "GB-CHC-TRUST"),
    ("G3", 5000, "2024-05-01", None, None, "BETA", "GB-LAE-TST"),
    ("G4", 9999, "2024-05-01", None, None, "SOMEONE-ELSE", "GB-CHC-TRUST"),
]
GOOD_EVIDENCE = {"lowest_hourly_pay": "12.50", "london_weighted": "false",
                 "surplus_reinvested": "true", "local_employment_share": "0.8",
                 "local_spend_share": "0.5", "open_book": "true", "co_production_sessions": "5",
                 "prevention_share": "0.5", "data_sharing_agreement": "true",
                 "board_meetings_attended": "9"}
# Beta: paid under the Real Living Wage (£12.00 in 2024-25) and no co-production log.
BETA_EVIDENCE = {**GOOD_EVIDENCE, "lowest_hourly_pay": "11.50"}
del BETA_EVIDENCE["co_production_sessions"]


def fill(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(STAGING_DDL)
    con.execute("insert into staging.partnerships values (?, 'Test Partnership', 'testshire', "
                "'GB-LAE-TST', 'innovation partnership', '2024-01-01', '2027-12-31', 100000, "
                "null, null, 'test')", [P])
    con.executemany("insert into staging.partners values (?, ?, ?, ?, ?, ?, ?, ?, 'test')", [
        [P, "ALPHA", "Alpha Charity", "lead", "charity", True, "TS1 1AA", True],
        [P, "BETA", "Beta CIC", "member", "CIC", True, "TS2 2BB", False],
        [P, "GB-LAE-TST", "Testshire Council", "council", "local authority", False, "TS1 1ZZ",
         False]])
    con.executemany(
        "insert into staging.measure_catalogue values ('t', '1', ?, 'social', ?, 'person', ?, ?,"
        " 'test', 'CC0-1.0', ?, ?, ?, ?, ?, ?, ?, false)",
        [[c[0], f"outcome {c[0]}", *c[1:]] for c in CATALOGUE])
    con.executemany("insert into staging.price_index values (?, ?, 'test')",
                    [[2023, 80.0], [2024, 100.0], [2025, 125.0]])
    con.executemany(
        "insert into staging.outcome_returns values (?, ?, ?, ?, ?, ?, ?, ?, 'person', ?, ?, ?,"
        " null)",
        [[P, r[1], f"2024-25 {r[0]}", f"2024-25-{r[0]}", *QUARTERS[r[0]], r[2], r[3], r[4],
          r[5], r[6]] for r in RETURNS])
    con.executemany(
        "insert into marts.spend_classified values ('testshire', 'GB-LAE-TST', "
        "strftime(?::date, '%Y-%m'), date_trunc('month', ?::date), ?, ?, ?, ? is null, ?, "
        "'test', ?, 'test', ?, ?, 'test', 'services', 'adults', 'spend.csv', ?, 'load-1')",
        [[s[0], s[0], s[0], s[1], s[2], s[2], s[3], s[4], s[5], s[6], i + 2]
         for i, s in enumerate(SPEND)])
    con.executemany(
        "insert into staging.grants values (?, 'a grant', 'test', 'GBP', ?, ?, ?, ?, ?, 'x', "
        "null, ?, 'A Funder', null, null, null)", [list(g) for g in GRANTS])
    con.executemany(
        "insert into staging.imperative_evidence values (?, ?, '2024-04-01', '2025-03-31', ?, ?,"
        " 'as given', 'return 2024-25')",
        [[P, org, f, v] for org, ev in (("ALPHA", GOOD_EVIDENCE), ("BETA", BETA_EVIDENCE))
         for f, v in ev.items()])
    con.executemany(
        "insert into staging.self_assessments values (?, '2024-25', ?, ?, ?, ?, 'board', null)",
        [[P, "principle", "P1", "Long-term planning over three-year cycles", 4],
         [P, "corrective", "C5", "Partnership should replace transaction", 3],
         ["other-partnership", "principle", "P1", "Long-term planning over three-year cycles",
          2]])
    add_lineage(con)


STAGING_TABLES = ("partnerships", "partners", "outcome_returns", "measure_catalogue",
                  "price_index", "imperative_evidence", "self_assessments", "grants", "inputs")


def add_lineage(con: duckdb.DuckDBPyConnection) -> None:
    """The lineage columns every staging table carries, as the loads would fill them."""
    for table in STAGING_TABLES:
        con.execute(f"""
            alter table staging.{table} add column source_file varchar default '{table}.csv';
            alter table staging.{table} add column file_hash varchar default 'f00d';
            alter table staging.{table} add column source_row bigint;
            update staging.{table} set source_row = rowid + 2;
            alter table staging.{table} add column load_id varchar default 'load-1';
            alter table staging.{table} add column loaded_at timestamp default now();""")
    # What each measure counts, for disclosure control: every test measure counts people.
    con.execute("alter table staging.measure_catalogue add column if not exists counts varchar "
                "default 'people'")
    con.execute("alter table staging.measure_catalogue add column if not exists "
                "benefit_start_year integer default 0")


def build_all(con: duckdb.DuckDBPyConnection, assumptions: Assumptions = Assumptions()) -> None:
    build_social_value(con, assumptions)
    marts.build_partnership_inputs(con, assumptions)
    build_imperative_compliance(con, load_imperatives(), load_living_wage())
    for name in ("outcomes_vs_targets", "cost_per_outcome", "partnership_accounts",
                 "self_assessment", "council_spend_analysis"):
        marts.build(con, name)


@pytest.fixture
def built(tmp_path):
    con = duckdb.connect(str(tmp_path / "test.duckdb"))
    fill(con)
    build_all(con)
    yield con
    con.close()


def one(con, sql: str, params=None) -> dict:
    rows = records(con, sql, params)
    assert len(rows) == 1, rows
    return rows[0]


def pv(net: float, drop_off: float, years: int, rate: float) -> float:
    """Present value with one rate throughout, the first year undiscounted (for checking)."""
    return sum(net * (1 - drop_off) ** k / (1 + rate) ** k for k in range(years))


# --- the figures -------------------------------------------------------------------------------

WB_Q1_PV = 6750 + 5400 / 1.035 + 4320 / 1.035**2
WB_Q2_PV = 2700 + 2160 / 1.035 + 1728 / 1.035**2
ISO_Q1_PV = 3281.25 + 1640.625 / 1.035
ISO_Q2_PV = 1968.75 + 984.375 / 1.035
CENTRAL_PV = WB_Q1_PV + 1280 + WB_Q2_PV - 1600 + ISO_Q2_PV
INPUTS = INPUTS_REPORTED_QUARTERS = 18750 + 2287.50 + 2500


def test_each_line_is_valued_by_hand(built):
    lines = {(r["quarter_key"][-2:], r["partner_org_id"], r["measure_code"]): r for r in records(
        built, "select * from marts.social_value")}
    assert len(lines) == 7
    assert lines[("Q1", "BETA", "GP")]["source_rows"] == "outcome_returns.csv row 4"
    debt = lines[("Q2", "BETA", "DEBT")]
    assert debt["present_value_gbp"] is None and debt["counted"] is False
    assert debt["excluded_reason"] == "measure not in the catalogue: not valued"
    wb = lines[("Q1", "ALPHA", "WB")]
    assert wb["proxy_value_base_gbp"] == pytest.approx(1250)
    assert (wb["gross_value_gbp"], wb["net_impact_gbp"], wb["net_value_gbp"]) == pytest.approx(
        (12500, 6750, 6750 + 5400 + 4320))
    assert wb["present_value_gbp"] == pytest.approx(WB_Q1_PV)
    assert lines[("Q1", "BETA", "GP")]["present_value_gbp"] == pytest.approx(1280)
    assert lines[("Q2", "ALPHA", "WB")]["present_value_gbp"] == pytest.approx(WB_Q2_PV)
    harm = lines[("Q2", "BETA", "HARM")]
    assert harm["is_harm"] and harm["present_value_gbp"] == pytest.approx(-1600)
    assert lines[("Q2", "BETA", "ISO")]["present_value_gbp"] == pytest.approx(ISO_Q2_PV)
    assert lines[("Q2", "BETA", "ISO")]["counted"]


def test_the_overlapping_measure_is_flagged_not_counted(built):
    iso = one(built, "select * from marts.social_value where quarter_key = '2024-25-Q1' "
                     "and measure_code = 'ISO'")
    assert iso["present_value_gbp"] == pytest.approx(ISO_Q1_PV)
    assert iso["counted"] is False
    assert "overlaps WB" in iso["excluded_reason"]
    assert records(built, "select count(*) n from marts.social_value where not counted "
                          "and valuation_note is null") == [{"n": 1}]


def test_inputs_are_council_spend_and_grants_in_the_quarters_reported(built):
    rows = records(built, """
        select quarter_key, source, sum(amount_gbp) as amount, sum(amount_base_gbp) as base,
               bool_and(in_outcome_period) as reported
        from marts.partnership_inputs
        where quarter_key in ('2024-25-Q1', '2024-25-Q2', '2024-25-Q3')
        group by all order by all""")
    got = {(r["quarter_key"][-2:], r["source"]): (float(r["amount"]), float(r["base"]),
                                                  r["reported"]) for r in rows}
    assert got == {
        ("Q1", "council spend"): (10000, 12500, True),
        ("Q1", "grant"): (910, 1137.50, True),          # 3,650 x 91/365
        ("Q2", "council spend"): (5000, 6250, True),     # 6,000 - 1,000 credit note
        ("Q2", "grant"): (920 + 2000, 3650, True),       # G1 92/365 + G2 whole
        ("Q3", "council spend"): (4000, 5000, False),    # no outcomes reported for Q3
        ("Q3", "grant"): (920, 1150, False),
    }
    g1 = records(built, "select sum(amount_gbp) as total from marts.partnership_inputs "
                        "where grants like 'G1 %'")[0]
    assert float(g1["total"]) == 3650  # Q4 (90 days, £900) completes the grant
    assert records(built, "select count(*) n from marts.partnership_inputs "
                          "where grants like '%G3%' or grants like '%G4%'") == [{"n": 0}]


def test_the_partnership_account_by_hand(built):
    a = one(built, "select * from marts.partnership_accounts")
    assert (a["partnership_id"], a["period"], a["price_base_year"]) == (
        P, "2024-25 (Q1, Q2)", 2025)
    assert float(a["inputs_gbp"]) == pytest.approx(INPUTS)
    assert float(a["inputs_nominal_gbp"]) == pytest.approx(15000 + 1830 + 2000)
    assert float(a["council_spend_gbp"]) == 18750 and float(a["grants_gbp"]) == 4787.50
    assert (a["account_start"], a["account_end"]) == (dt.date(2024, 4, 1), dt.date(2024, 9, 30))
    assert float(a["inputs_outside_outcome_quarters_gbp"]) == 0
    assert a["gross_value_gbp"] == pytest.approx(12500 + 2000 + 5000 - 2000 + 3750)
    assert a["net_impact_gbp"] == pytest.approx(6750 + 1280 + 2700 - 1600 + 1968.75)
    assert a["net_value_gbp"] == pytest.approx(
        16470 + 1280 + (2700 + 2160 + 1728) - 1600 + (1968.75 + 984.375))
    assert a["present_value_gbp"] == pytest.approx(CENTRAL_PV)
    assert a["sroi_central"] == pytest.approx(CENTRAL_PV / INPUTS)
    assert a["harm_present_value_gbp"] == pytest.approx(-1600)
    assert a["overlap_excluded_present_value_gbp"] == pytest.approx(ISO_Q1_PV)
    # 10 + 25 + 4 + 6 people: not the overlapping ISO cohort, the harm or the unvalued line
    assert a["beneficiaries"] == 45
    assert (a["outcome_lines"], a["lines_not_valued"], a["lines_overlapping"]) == (7, 1, 1)
    assert float(a["cost_per_beneficiary_gbp"]) == pytest.approx(round(INPUTS / 45, 2))


def test_the_low_and_high_cases_by_hand(built):
    a = one(built, "select * from marts.partnership_accounts")
    # Low: rates x1.5 (cap 0.95); the harm's rates x0.5. High: rates x0.5; the harm's x1.5.
    wb = 1250 * 0.7 * 0.85 * 0.625      # low: deadweight .3, displacement .15, attribution .375
    low = (pv(10 * wb, 0.3, 3, 0.035) + 2000 * 0.7 * 0.7 + pv(4 * wb, 0.3, 3, 0.035)
           - 2000 * 0.9 + pv(3750 * 0.55 * 0.625, 0.75, 2, 0.035))
    wb = 1250 * 0.9 * 0.95 * 0.875
    high = (pv(10 * wb, 0.1, 3, 0.035) + 2000 * 0.9 * 0.9 + pv(4 * wb, 0.1, 3, 0.035)
            - 2000 * 0.7 + pv(3750 * 0.85 * 0.875, 0.25, 2, 0.035))
    assert a["present_value_low_gbp"] == pytest.approx(low)
    assert a["present_value_high_gbp"] == pytest.approx(high)
    assert (a["sroi_low"], a["sroi_high"]) == pytest.approx((low / INPUTS, high / INPUTS))
    assert a["sroi_low"] < a["sroi_central"] < a["sroi_high"]
    assert "x1.5" in a["sensitivity"]


def test_the_evidence_behind_the_value(built):
    a = one(built, "select * from marts.partnership_accounts")
    assert a["weakest_evidence_grade"] == "D"
    weights = {"A": 1600, "B": 1280 + ISO_Q2_PV, "C": WB_Q1_PV, "D": WB_Q2_PV}
    total = sum(weights.values())
    for grade, weight in weights.items():
        assert a[f"value_share_grade_{grade.lower()}"] == pytest.approx(weight / total)


def test_imperatives_in_the_account_and_the_compliance_table(built):
    a = one(built, "select * from marts.partnership_accounts")
    assert (a["imperatives_assessed"], a["imperatives_met"], a["imperatives_not_met"],
            a["imperatives_no_evidence"]) == (16, 14, 1, 1)
    assert (a["partners_meeting_all"], a["partners_assessed"]) == (1, 2)
    assert a["imperatives_version"] == "2026.1"
    beta = {r["imperative_id"]: r for r in records(
        built, "select * from marts.imperative_compliance where partner_org_id = 'BETA'")}
    assert beta["fair_work"]["status"] == "not_met" and "11.50" in beta["fair_work"]["reason"]
    assert beta["co_production"]["status"] == "no_evidence"
    assert "Co-production log" in beta["co_production"]["evidence_needed"]
    assert beta["no_extractive_profit"]["status"] == "met"  # no asset lock, surplus reinvested
    assert json.loads(beta["fair_work"]["evidence"])["lowest_hourly_pay"]["value"] == "11.50"


def test_outcomes_against_targets(built):
    got = {(r["quarter_key"][-2:], r["partner_org_id"], r["measure_code"]): r["status"]
           for r in records(built, "select * from marts.outcomes_vs_targets")}
    assert got == {("Q1", "ALPHA", "WB"): "met", ("Q1", "ALPHA", "ISO"): "below target",
                   ("Q1", "BETA", "GP"): "met", ("Q2", "ALPHA", "WB"): "below target",
                   ("Q2", "BETA", "HARM"): "within ceiling", ("Q2", "BETA", "ISO"): "met",
                   ("Q2", "BETA", "DEBT"): "no target"}


def test_cost_per_outcome_puts_all_inputs_over_each_measure(built):
    got = {r["measure_code"]: r for r in records(built, "select * from marts.cost_per_outcome")}
    inputs = INPUTS_REPORTED_QUARTERS
    assert float(got["WB"]["cost_per_unit_gbp"]) == pytest.approx(round(inputs / 14, 2))
    assert float(got["GP"]["cost_per_unit_gbp"]) == pytest.approx(round(inputs / 50, 2))
    assert float(got["ISO"]["cost_per_unit_gbp"]) == pytest.approx(round(inputs / 16, 2))
    assert got["HARM"]["cost_per_unit_gbp"] is None
    assert got["HARM"]["basis"].startswith("harm")


def test_self_assessment_is_compared_across_partnerships(built):
    p1 = one(built, "select * from marts.self_assessment where partnership_id = ? and "
                    "item_code = 'P1'", [P])
    assert (p1["score"], p1["item_mean_all_partnerships"], p1["difference_from_item_mean"],
            p1["partnerships_compared"]) == (4, 3.0, 1.0, 2)


def test_council_spend_analysis_shares(built):
    got = {(r["dimension"], r["category"]): (float(r["amount_gbp"]), r["share"])
           for r in records(built, "select * from marts.council_spend_analysis")}
    total = 10000 + 6000 - 1000 + 4000 + 50000 + 1000 + 9000  # £79,000
    assert got[("supplier_class", "vcse")] == pytest.approx((19000, 19000 / total))
    assert got[("supplier_class", "sme_or_other")] == pytest.approx((50000, 50000 / total))
    assert got[("supplier_class", "public_body")][0] == 9000
    assert got[("supplier_class", "individual_or_redacted")][0] == 1000
    assert got[("locality", "local")][0] == 28000
    assert got[("locality", "unknown")][0] == 1000
    assert got[("partnership", "Test Partnership")] == pytest.approx((19000, 19000 / total))
    assert got[("commissioning_route", "innovation partnership")][0] == 19000
    assert got[("commissioning_route", "outside a partnership")][0] == 60000


def test_a_configured_price_year_restates_everything(tmp_path):
    (tmp_path / "accounts.yaml").write_text("price_base_year: 2024\n")
    assumptions = load_assumptions(tmp_path)
    con = duckdb.connect()
    fill(con)
    build_all(con, assumptions)
    a = one(con, "select * from marts.partnership_accounts")
    assert a["price_base_year"] == 2024
    assert float(a["inputs_gbp"]) == pytest.approx(15000 + 1830 + 2000)  # paid in 2024
    assert a["present_value_gbp"] == pytest.approx(CENTRAL_PV * 100 / 125)
    assert one(con, "select * from marts.valuation_assumptions")["assumptions_source"] == str(
        tmp_path / "accounts.yaml")


# --- through Dagster and the command line ------------------------------------------------------

ASSETS = [accounts_assets.social_value, accounts_assets.partnership_inputs,
          accounts_assets.imperative_compliance, accounts_assets.outcomes_vs_targets,
          accounts_assets.cost_per_outcome, accounts_assets.partnership_accounts,
          accounts_assets.self_assessment, accounts_assets.council_spend_analysis]


def test_the_assets_build_the_marts_and_describe_them(home):
    with writer(home.warehouse) as con:
        fill(con)
    result = dg.materialize(ASSETS, resources={"warehouse": Warehouse()})
    assert result.success
    meta = {e.materialization.asset_key.path[-1]: e.materialization.metadata
            for e in result.get_asset_materialization_events()}
    assert meta["social_value"]["lines"].value == 7
    assert meta["social_value"]["lines_not_valued"].value == 1
    assert meta["social_value"]["lines_not_counted_as_overlaps"].value == 1
    assert meta["social_value"]["present_value_gbp_2025_prices"].value == pytest.approx(
        CENTRAL_PV)
    assert meta["imperative_compliance"]["assessments_not_met"].value == 1
    assert meta["partnership_accounts"]["partnerships"].value == 1

    out = CliRunner().invoke(app, ["accounts", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["price_base_year"] == 2025 and data["currency"] == "GBP"
    [account] = data["partnerships"]
    assert account["sroi_central"] == pytest.approx(round(CENTRAL_PV / INPUTS, 4))
    text = CliRunner().invoke(app, ["accounts", "--partnership", P])
    assert text.exit_code == 0 and "£ in 2025 prices" in text.stdout
    assert f"£{INPUTS:,.0f}" in text.stdout


def test_the_accounts_command_says_what_is_missing(home):
    with writer(home.warehouse):
        pass
    out = CliRunner().invoke(app, ["accounts"])
    assert out.exit_code == 1 and "socialvalue build" in out.output


def test_a_mart_not_built_yet_fails_the_asset_plainly(home):
    with writer(home.warehouse):
        pass  # the staging tables, empty; marts.spend_classified not built
    result = dg.materialize([accounts_assets.partnership_inputs],
                            resources={"warehouse": Warehouse()}, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "marts.spend_classified" in failure.step_failure_data.user_failure_data.description


def test_with_only_spend_loaded_the_marts_build_empty_and_spend_is_analysed():
    con = duckdb.connect()
    con.execute(STAGING_DDL)
    add_lineage(con)
    con.execute("insert into marts.spend_classified (council, payment_date, amount, "
                "supplier_class, is_local) values ('testshire', '2024-05-01', 100, 'vcse', true)")
    build_all(con)
    assert records(con, "select count(*) n from marts.partnership_accounts") == [{"n": 0}]
    assert records(con, "select price_base_year from marts.valuation_assumptions") == [
        {"price_base_year": None}]
    assert one(con, "select share from marts.council_spend_analysis where dimension = "
                    "'supplier_class'")["share"] == 1.0


def test_outcomes_without_a_price_index_are_refused():
    con = duckdb.connect()
    fill(con)
    con.execute("delete from staging.price_index")
    with pytest.raises(BadAssumptions, match="price index is empty"):
        build_social_value(con, Assumptions())


# --- recomputing an account from staging, in plain Python (for the sample data) ----------------

def quarter_of(day: dt.date) -> str:
    """'2024-25-Q1' for a day in April-June 2024."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}-Q{(day.month - 4) % 12 // 3 + 1}"


def recompute_account(con: duckdb.DuckDBPyConnection, partnership: str) -> dict:
    """One partnership's present value (central) and inputs straight from the staging tables,
    written out without the project's valuation code: a check on it, not a copy of it."""
    index = dict(con.execute("select year, index from staging.price_index").fetchall())
    base = max(index)
    catalogue = {r["code"]: r for r in records(con, "select * from staging.measure_catalogue")}
    lines: dict[tuple, float] = {}
    for r in records(con, "select * from staging.outcome_returns where partnership_id = ?",
                     [partnership]):
        key = (r["partner_org_id"], r["quarter_key"], r["measure_code"])
        lines[key] = lines.get(key, 0.0) + r["quantity"]
    values = {}
    for (partner, quarter, code), quantity in lines.items():
        m = catalogue[code]
        proxy = float(m["proxy_value_gbp"]) * index[base] / index[m["price_year"]]
        net = (quantity * proxy * (1 - m["deadweight"]) * (1 - m["displacement"])
               * (1 - m["attribution"]))
        rate = 0.015 if m["discount_schedule"] == "health" else 0.035  # benefits here < 30 years
        values[(partner, quarter, code)] = sum(
            net * (1 - m["drop_off"]) ** k / (1 + rate) ** k for k in range(m["benefit_years"]))
    for partner, quarter, code in list(values):
        twin = catalogue[code]["overlaps_with"]
        if twin and (partner, quarter, twin) in values:  # the same cohort: keep the larger
            smaller = min([(partner, quarter, code), (partner, quarter, twin)],
                          key=lambda k: abs(values[k]))
            values[smaller] = 0.0
    quarters = {q for _, q, _ in lines}
    inputs = 0.0
    for r in records(con, "select payment_date, amount from marts.spend_classified "
                          "where partnership_id = ?", [partnership]):
        if quarter_of(r["payment_date"]) in quarters:
            inputs += float(r["amount"]) * index[base] / index[r["payment_date"].year]
    lead = one(con, "select lead_council_org_id from staging.partnerships where "
                    "partnership_id = ?", [partnership])["lead_council_org_id"]
    for g in records(con, """
            select g.* from staging.grants g join staging.partners p
                on p.org_id = g.recipient_org_id and p.role <> 'council'
            where p.partnership_id = ? and g.funder_org_id is distinct from ?""",
                     [partnership, lead]):
        start, end = g["planned_start"] or g["award_date"], g["planned_end"] or g["award_date"]
        days = (end - start).days + 1
        day = start
        while day <= end:  # a day at a time: the grant's share of each day
            if quarter_of(day) in quarters:
                inputs += float(g["amount_awarded"]) / days * index[base] / index[day.year]
            day += dt.timedelta(days=1)
    return {"present_value_gbp": sum(values.values()), "inputs_gbp": inputs,
            "price_base_year": base}


# --- the bundled sample, end to end through Dagster --------------------------------------------

SAMPLE_PARTNERSHIPS = ["croydon-community", "leicestershire-childrens",
                       "oldham-social-prescribing", "plymouth-complex-needs"]


@pytest.fixture
def sample_warehouse(demo_home):
    """The whole sample received and loaded through the intake's Dagster jobs, the marts built
    and published by the pipeline's own jobs (`socialvalue demo`, shared by the session)."""
    from basics.settings import Paths

    return Paths(demo_home)


def sample_csv(name: str) -> list[dict]:
    import csv

    with (SAMPLE / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_the_sample_accounts_for_all_four_partnerships(sample_warehouse):
    with duckdb.connect(str(sample_warehouse.warehouse), read_only=True) as con:
        accounts = {a["partnership_id"]: a for a in records(
            con, "select * from marts.partnership_accounts")}
        assert sorted(accounts) == SAMPLE_PARTNERSHIPS
        for mart in ("social_value", "partnership_inputs", "outcomes_vs_targets",
                     "cost_per_outcome", "imperative_compliance", "self_assessment"):
            got = {r["partnership_id"] for r in records(
                con, f"select distinct partnership_id from marts.{mart}")}
            assert got == set(SAMPLE_PARTNERSHIPS), mart
        councils = {r["council"] for r in records(
            con, "select distinct council from marts.council_spend_analysis")}
        assert councils == {"croydon", "leicestershire", "oldham", "plymouth"}

        latest_year = max(int(r["year"]) for r in sample_csv("catalogue/price-index.csv"))
        for partnership, a in accounts.items():
            again = recompute_account(con, partnership)  # plain Python, from staging
            assert a["price_base_year"] == again["price_base_year"] == latest_year
            assert a["period"] == "2024-25 (Q1, Q2, Q3, Q4)"
            assert a["present_value_gbp"] == pytest.approx(again["present_value_gbp"], rel=1e-9)
            assert float(a["inputs_gbp"]) == pytest.approx(again["inputs_gbp"], abs=1.00)
            assert a["sroi_central"] == pytest.approx(
                again["present_value_gbp"] / again["inputs_gbp"], rel=1e-5)
            assert a["sroi_low"] < a["sroi_central"] < a["sroi_high"]
            assert a["weakest_evidence_grade"] in "ABCD"

        # Council spend to the partners, as paid, is what the sample's ledger says was paid.
        ledger = json.loads((SAMPLE / "EXPECTED.json").read_text())
        council_of = {r["partnership_id"]: r["lead_council"]
                      for r in sample_csv("registers/partnerships.csv")}
        paid = {}
        for f in ledger["spend"]:
            paid[f["council"]] = paid.get(f["council"], 0) + sum(
                float(v) for v in f["partner_totals"].values())
        spend = {r["partnership_id"]: float(r["amount"]) for r in records(con, """
            select partnership_id, sum(amount_gbp) as amount from marts.partnership_inputs
            where source = 'council spend' group by all""")}
        assert spend == pytest.approx({p: paid[council_of[p]] for p in SAMPLE_PARTNERSHIPS})

        # The one planted overlap: Age UK Oldham's wellbeing and isolation, same cohort, Q2.
        uncounted = records(con, "select partner_name, quarter_key, measure_code from "
                                 "marts.social_value where not counted")
        assert len(uncounted) == 1
        assert (uncounted[0]["partner_name"], uncounted[0]["quarter_key"]) == (
            "Age UK Oldham", "2024-25-Q2")
        assert uncounted[0]["measure_code"] in ("ILL-WB-01", "ILL-ISO-01")

        # The harm (tenancies lost) reduces Plymouth's account: one year, attribution only.
        harm = next(m for m in sample_csv("catalogue/illustrative-2026.csv")
                    if float(m["proxy_value_gbp"]) < 0)
        lost = sum(r["quantity"] for r in records(
            con, "select quantity from staging.outcome_returns where measure_code = ?",
            [harm["code"]]))
        index = {int(r["year"]): float(r["index"])
                 for r in sample_csv("catalogue/price-index.csv")}
        assert accounts["plymouth-complex-needs"]["harm_present_value_gbp"] == pytest.approx(
            lost * float(harm["proxy_value_gbp"]) * index[latest_year]
            / index[int(harm["price_year"])] * (1 - float(harm["attribution"])))

        # The planted imperative failures (samples/README.md), and no others.
        compliance = records(con, "select partner_name, imperative_id, status from "
                                  "marts.imperative_compliance")
        partners = [r for r in sample_csv("registers/partners.csv") if r["role"] != "council"]
        assert len(compliance) == len(partners) * len(load_imperatives().imperatives)
        failing = {(r["partner_name"].removesuffix(" (illustrative)"), r["imperative_id"],
                    r["status"]) for r in compliance if r["status"] != "met"}
        assert failing == {("Hoe Community Homes Society", "fair_work", "not_met"),
                           ("Addiscombe Advice Centre", "fair_work", "not_met"),
                           ("Wreake Valley Foster Carers Trust", "fair_work", "no_evidence"),
                           ("Plym Valley Advice Centre", "open_book", "not_met")}
        assert records(con, "select count(*) n from marts.self_assessment") == [
            {"n": len(sample_csv("evidence/self-assessment.csv"))}]


@pytest.mark.slow
def test_the_accounts_command_on_the_sample(sample_warehouse, monkeypatch):
    monkeypatch.setenv("SOCIALVALUE_HOME", str(sample_warehouse.home))
    out = CliRunner().invoke(app, ["accounts", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [a["partnership_id"] for a in data["partnerships"]] == SAMPLE_PARTNERSHIPS
    text = CliRunner().invoke(app, ["accounts", "--partnership", "oldham-social-prescribing"])
    assert text.exit_code == 0 and "Oldham Social Prescribing" in text.stdout
    assert "SROI" in text.stdout and "low" in text.stdout and "high" in text.stdout
