"""Two worked SROI examples, computed by hand here and reproduced to the penny from a fresh data
folder through the command line only (real files, real Dagster runs, the real warehouse).

Price index: 2023 = 98, 2024 = 100 (base year 2024, the latest).

Example 1, "wellbeing-study": several years of benefit with deadweight, attribution,
displacement and drop-off, under each discounting convention.
    Measure M1: proxy £2,000 (2024 prices), deadweight 25%, attribution 20%, displacement 10%,
    drop-off 30%, 3 years of benefit.
    Outcomes: 10 people in 2023-24 Q4, 5 in 2024-25 Q2.
        gross      10 x 2,000 = 20,000 and 5 x 2,000 = 10,000
        net impact 20,000 x 0.75 x 0.90 x 0.80 = 10,800 and 10,000 x ... = 5,400: 16,200
        years      16,200; 16,200 x 0.7 = 11,340; 11,340 x 0.7 = 7,938
        net value  16,200 + 11,340 + 7,938 = 35,478 (undiscounted)
    Inputs: £10,000 from A Trust on 1 April 2024 (2024 prices).
    Green Book, 3.5% (year 0 undiscounted):
        16,200 + 11,340 / 1.035 + 7,938 / 1.035^2
        = 16,200 + 10,956.52 + 7,410.21 = £34,566.73;           SROI 3.4567 : 1
    Social Value UK, 3.5% (discounted from year 1):
        16,200 / 1.035 + 11,340 / 1.035^2 + 7,938 / 1.035^3
        = 15,652.17 + 10,586.01 + 7,159.63 = £33,397.81;        SROI 3.3398 : 1
    Either convention at 0%: £35,478.00;                        SROI 3.5478 : 1
    Green Book, benefits starting one year later (benefit_start_year 1): the same sums as
        Social Value UK's, £33,397.81.

Example 2, "befriending-study": inputs of several kinds over a period that starts before the
first outcome (October 2023 to September 2024; the first outcome is in 2024-25 Q1).
    Measure M2: proxy £1,500 (2024 prices), deadweight 10%, attribution 25%, no displacement,
    no drop-off, 1 year. Outcome: 8 people in 2024-25 Q1.
        gross 12,000; net 12,000 x 0.90 x 0.75 = £8,100 = present value (year 0 only)
    Inputs, spread over their dates by days, then restated to 2024 prices by the year paid:
        money £6,000, 1 Oct 2023 - 31 Mar 2024 (183 days):
            2023-24 Q3 92 days: 6,000 x 92/183 = 3,016.39 (2023) x 100/98 = 3,077.95
            2023-24 Q4 91 days: 6,000 x 91/183 = 2,983.61 (2024)           = 2,983.61
        staff time 40 hours x £25.50 = 1,020.00 on 15 Nov 2023, x 100/98   = 1,040.82
        in-kind room hire £1,200 on 1 May 2024                               = 1,200.00
        volunteer time 150 hours x £11.44 = 1,716.00, 1 Apr - 30 Sep 2024 (183 days):
            2024-25 Q1 91 days: 853.31; Q2 92 days: 862.69                   = 1,716.00
        inputs = 3,077.95 + 2,983.61 + 1,040.82 + 1,200.00 + 1,716.00     = £10,018.38
    SROI = 8,100 / 10,018.38 = 0.8085 : 1 (`accounts --from 2023-10 --to 2024-09`)
    The whole life to date runs to the latest quarter with outcomes, 2024-25 Q1: the volunteers'
    Q2 share (£862.69) waits for the return that reports what it paid for.
        whole life: 10,018.38 - 862.69 = £9,155.69; SROI 8,100 / 9,155.69 = 0.8847 : 1
    By financial year (adding up to the whole life): 2023-24 inputs 3,077.95 + 2,983.61 +
    1,040.82 = £7,102.38 and no outcomes (SROI 0 : 1); 2024-25 (to Q1) inputs 1,200 + 853.31 =
    £2,053.31, SROI 8,100 / 2,053.31 = 3.9449 : 1.
"""

# ruff: noqa: E501  (the files are written out as a person would type them, one row a line)
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from socialvalue.cli import app
from tests.conftest import data_folder

FILES = {
    "partnerships": """partnership_id,name,lead_council,lead_council_org_id,commissioning_route,start_date,end_date,contract_value_gbp
wellbeing-study,Wellbeing study,oldham,GB-LAE-OLD,grant,2023-01-01,2026-03-31,50000
befriending-study,Befriending study,oldham,GB-LAE-OLD,grant,2023-10-01,2025-03-31,20000
""",
    "partners": """partnership_id,org_id,name,role,legal_form,vcse,registered_postcode,asset_lock
wellbeing-study,GB-CHC-1000001,Wellbeing Charity,lead,charity,true,OL1 1AA,true
befriending-study,GB-CHC-1000002,Befriending Charity,lead,charity,true,OL1 1AB,true
""",
    "catalogue": """framework,edition,code,theme,outcome,unit,proxy_value_gbp,price_year,source,licence,deadweight,attribution,displacement,drop_off,benefit_years,discount_schedule,overlaps_with,sensitive_cohort,counts
study,1,M1,social,Wellbeing improved,person,2000.00,2024,worked example,CC0-1.0,0.25,0.20,0.10,0.30,3,standard,,false,people
study,1,M2,social,Loneliness reduced,person,1500.00,2024,worked example,CC0-1.0,0.10,0.25,0.00,0.00,1,standard,,false,people
""",
    "prices": "year,index,source\n2023,98,worked example\n2024,100,worked example\n",
    "inputs": """input_id,partnership_id,partner_org_id,contributor,contributor_org_id,kind,description,amount_gbp,hours,hourly_rate_gbp,rate_source,start_date,end_date,source,evidence_grade
W1,wellbeing-study,GB-CHC-1000001,A Trust,,money,grant,10000.00,,,,2024-04-01,,award letter,A
B1,befriending-study,GB-CHC-1000002,Local Foundation,,money,set-up,6000.00,,,,2023-10-01,2024-03-31,award letter,A
B2,befriending-study,,Council staff,,staff time,set-up advice,,40,25.50,council pay scale,2023-11-15,,timesheets,B
B3,befriending-study,,Community centre,,in-kind,room hire,1200.00,,,,2024-05-01,,invoice waived,B
B4,befriending-study,,Volunteers,,volunteer time,befriending,1716.00,150,11.44,Real Living Wage,2024-04-01,2024-09-30,rota,C
""",
}
RETURNS = {
    "wellbeing-2023-24-Q4.csv": "wellbeing-study,GB-CHC-1000001,2023-24 Q4,M1,10,person,10,B,10",
    "wellbeing-2024-25-Q2.csv": "wellbeing-study,GB-CHC-1000001,2024-25 Q2,M1,5,person,5,B,5",
    "befriending-2024-25-Q1.csv": "befriending-study,GB-CHC-1000002,2024-25 Q1,M2,8,person,8,C,8",
}
RETURN_HEADER = ("partnership_id,partner_org_id,period,measure_code,quantity,unit,beneficiaries,"
                 "evidence_grade,target\n")


def cli(*args: str) -> str:
    out = CliRunner().invoke(app, list(args))
    assert out.exit_code == 0, out.output
    return out.stdout


def account(*args: str) -> dict:
    [row] = json.loads(cli("accounts", "--json", *args))["partnerships"]
    return row


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory):
    """Both studies entered from a fresh data folder with the command line alone: registers,
    catalogue, prices, inputs, returns, then one build. Shared by this module's tests (each
    states the settings it needs and rebuilds)."""
    folder = tmp_path_factory.mktemp("study")
    with data_folder(folder / "home") as home:
        for verb, text in FILES.items():
            path = folder / f"{verb}.csv"
            path.write_text(text)
            cli("ingest", verb, str(path), "--no-build")
        for name, line in RETURNS.items():
            path = folder / name
            path.write_text(RETURN_HEADER + line + "\n")
            cli("ingest", "outcomes", str(path), "--no-build")
        assert "Rebuilt" in cli("build")
        yield home


def settle(home, yaml_text: str) -> None:
    (home.config / "accounts.yaml").write_text(yaml_text)
    cli("build", "--all")


@pytest.mark.parametrize("settings, present_value, sroi", [
    ("", 34566.73, 3.4567),
    ("valuation: {convention: social-value-uk, discount_rate: 0.035}", 33397.81, 3.3398),
    ("partnerships: {wellbeing-study: {valuation: {discount_rate: 0}}}", 35478.00, 3.5478),
    ("measures: {M1: {benefit_start_year: 1}}", 33397.81, 3.3398),
])
def test_example_one_several_years_under_each_convention(study, settings, present_value, sroi):
    settle(study, settings)
    a = account("--partnership", "wellbeing-study", "--whole-life")
    assert (a["gross_value_gbp"], a["net_impact_gbp"], a["net_value_gbp"]) == (
        30000.00, 16200.00, 35478.00)
    assert a["present_value_gbp"] == present_value
    assert a["inputs_gbp"] == "10000.00"
    assert a["sroi_central"] == sroi
    assert a["period"] == (
        "whole life to date (Jan 2024 to Sep 2024; outcomes reported for 2 quarters)")


def test_example_two_inputs_of_several_kinds_before_the_first_outcome(study):
    settle(study, "")
    a = account("--partnership", "befriending-study", "--from", "2023-10", "--to", "2024-09")
    assert (a["inputs_gbp"], a["other_money_gbp"], a["staff_time_gbp"], a["in_kind_gbp"],
            a["volunteer_time_gbp"]) == ("10018.38", "6061.56", "1040.82", "1200.00", "1716.00")
    assert a["inputs_nominal_gbp"] == "9936.00"  # 6,000 + 1,020 + 1,200 + 1,716 as paid
    assert a["present_value_gbp"] == 8100.00
    assert a["sroi_central"] == 0.8085
    assert a["first_input_quarter"] == "2023-10-01" and a["period_start"] == "2024-04-01"
    life = account("--partnership", "befriending-study", "--whole-life")
    assert (life["inputs_gbp"], life["present_value_gbp"], life["sroi_central"]) == (
        "9155.69", 8100.0, 0.8847)
    assert (life["account_start"], life["account_end"]) == ("2023-10-01", "2024-06-30")
    years = json.loads(cli("accounts", "--json", "--partnership", "befriending-study"))
    got = {y["financial_year"]: (y["inputs_gbp"], y["present_value_gbp"], y["sroi_central"],
                                 y["period"]) for y in years["partnerships"]}
    assert got == {
        "2023-24": ("7102.38", 0.0, 0.0, "2023-24 (no outcomes reported)"),
        "2024-25": ("2053.31", 8100.0, 3.9449, "2024-25 (Q1)"),
    }


def test_a_range_that_splits_a_quarter_is_refused_in_one_line(study):
    out = CliRunner().invoke(app, ["accounts", "--from", "2023-11", "--to", "2024-09"])
    assert out.exit_code == 1 and "splits a quarter" in out.output
    assert "Traceback" not in out.output


def test_the_site_shows_the_whole_life_each_year_the_tornado_and_the_settings(study):
    settle(study, "valuation: {convention: social-value-uk}\n"
                  "scenarios: {no drop-off: {drop_off: 0}}\n")
    page = (study.site / "partnerships" / "wellbeing-study.html").read_text()
    assert 'id="periods"' in page and "whole life to date (Jan 2024 to Sep 2024" in page
    assert "£33,398" in page  # the whole life's present value under Social Value UK's convention
    assert 'id="tornado"' in page and "no drop-off" in page
    method = (study.site / "method.html").read_text()
    assert "all measures: convention social-value-uk" in method
    assert "no drop-off: drop off 0.0" in method
    assert "investment before the first outcome counts in the year it was made" in method


def test_a_setting_that_cannot_be_used_stops_the_build_in_one_line(study):
    (study.config / "accounts.yaml").write_text("measures: {M1: {benefit_years: 0}}\n")
    out = CliRunner().invoke(app, ["build", "--all"])
    assert out.exit_code == 1
    said = " ".join(out.output.split())  # as read, whatever the terminal's width
    assert said.count("measures: M1: benefit_years 0: a whole number of years from 1") == 1
    assert "Traceback" not in said and "dagster" not in said.lower()
