"""The valuation maths against worked examples whose arithmetic is written out here.

A small SROI, by hand:

    proxy £1,000 in 2022 prices; price index 2022 = 80, 2024 = 100 (base year 2024)
        proxy in 2024 prices      = 1,000 x 100 / 80            = £1,250
    10 people                     gross = 10 x 1,250            = £12,500
    deadweight 20%, displacement 10%, attribution 25%
        net impact (year one)     = 12,500 x 0.8 x 0.9 x 0.75   = £6,750
    benefit for 3 years, drop-off 20% a year
        year 1 = 6,750;  year 2 = 6,750 x 0.8 = 5,400;  year 3 = 5,400 x 0.8 = 4,320
        net value, undiscounted   = 6,750 + 5,400 + 4,320       = £16,470
    Green Book 3.5%, the first year undiscounted (year 0)
        PV = 6,750 + 5,400 / 1.035 + 4,320 / 1.035^2
           = 6,750 + 5,217.39 + 4,032.77                        = £16,000.16
    inputs £5,000                 SROI = 16,000.16 / 5,000      = 3.20 : 1
"""

from __future__ import annotations

import pandas as pd
import pytest

from warehouse.accounts.valuation import (
    Sensitivity,
    discount_factor,
    discount_rate,
    guard_overlaps,
    net_impact,
    present_value,
    split_codes,
    uprate,
    value_lines,
    yearly_values,
)

INDEX = {2022: 80.0, 2023: 90.0, 2024: 100.0}
WORKED_PV = 6750 + 5400 / 1.035 + 4320 / 1.035**2


def worked_line(**changes) -> dict:
    line = {"measure_code": "WB", "quantity": 10.0, "proxy_value_gbp": 1000.0, "price_year": 2022,
            "deadweight": 0.2, "displacement": 0.1, "attribution": 0.25, "drop_off": 0.2,
            "benefit_years": 3, "discount_schedule": "standard"}
    return {**line, **changes}


def test_the_worked_example_step_by_step():
    proxy = uprate(1000, 2022, INDEX, 2024)
    assert proxy == pytest.approx(1250)
    gross = 10 * proxy
    net = net_impact(gross, deadweight=0.2, displacement=0.1, attribution=0.25)
    assert net == pytest.approx(6750)
    assert yearly_values(net, 0.2, 3) == pytest.approx([6750, 5400, 4320])
    pv = present_value(net, 0.2, 3, "standard")
    assert pv == pytest.approx(WORKED_PV)
    assert round(pv, 2) == 16000.16
    assert pv / 5000 == pytest.approx(3.2000315, rel=1e-6)


def test_the_worked_example_as_a_frame_with_its_low_and_high_cases():
    valued = value_lines(pd.DataFrame([worked_line()]), INDEX, 2024).iloc[0]
    assert valued["proxy_value_base_gbp"] == pytest.approx(1250)
    assert valued["gross_value_gbp"] == pytest.approx(12500)
    assert valued["net_impact_gbp"] == pytest.approx(6750)
    assert valued["net_value_gbp"] == pytest.approx(16470)
    assert valued["present_value_gbp"] == pytest.approx(WORKED_PV)
    # Low: every rate x1.5 -> deadweight 0.3, displacement 0.15, attribution 0.375, drop-off 0.3
    #   net = 12,500 x 0.7 x 0.85 x 0.625 = 4,648.4375; years fall by 30%
    low_net = 12500 * 0.7 * 0.85 * 0.625
    assert low_net == pytest.approx(4648.4375)
    low = low_net + low_net * 0.7 / 1.035 + low_net * 0.7**2 / 1.035**2
    # High: every rate x0.5 -> 0.1, 0.05, 0.125, drop-off 0.1
    high_net = 12500 * 0.9 * 0.95 * 0.875
    high = high_net + high_net * 0.9 / 1.035 + high_net * 0.9**2 / 1.035**2
    assert valued["present_value_low_gbp"] == pytest.approx(low)
    assert valued["present_value_high_gbp"] == pytest.approx(high)
    assert low < valued["present_value_gbp"] < high
    assert pd.isna(valued["valuation_note"])


def test_health_effects_are_discounted_at_one_and_a_half_percent():
    net = 6750
    assert present_value(net, 0.2, 3, "health") == pytest.approx(
        6750 + 5400 / 1.015 + 4320 / 1.015**2)


def test_green_book_rates_step_down_after_thirty_years():
    assert discount_factor(0) == 1.0
    assert discount_rate(30) == 0.035 and discount_rate(31) == 0.030
    assert discount_factor(30) == pytest.approx(1 / 1.035**30)
    assert discount_factor(40) == pytest.approx(1 / (1.035**30 * 1.03**10))
    with pytest.raises(ValueError, match="year 76"):
        discount_factor(76)
    with pytest.raises(ValueError, match="no health discount rate"):
        discount_factor(31, "health")
    with pytest.raises(ValueError, match="unknown discount schedule"):
        discount_factor(1, "weekly")


def test_uprating_needs_both_years_in_the_index():
    assert uprate(90, 2023, INDEX, 2024) == pytest.approx(100)
    assert uprate(100, 2024, INDEX, 2022) == pytest.approx(80)
    with pytest.raises(KeyError, match="2019"):
        uprate(100, 2019, INDEX, 2024)


def test_a_harm_reduces_value_and_its_low_case_counts_it_more_fully():
    # Tenancy lost: proxy -£4,200 (2024 prices), 2 of them, attribution 20%, one year.
    #   gross = 2 x -4,200 = -8,400;  net = -8,400 x 0.8 = -6,720 = present value
    #   low (the harm counted more fully: attribution x0.5 = 10%):  -8,400 x 0.9 = -7,560
    #   high (attribution x1.5 = 30%):                              -8,400 x 0.7 = -5,880
    line = worked_line(measure_code="TEN-02", quantity=2.0, proxy_value_gbp=-4200.0,
                       price_year=2024, deadweight=0.0, displacement=0.0, attribution=0.2,
                       drop_off=0.0, benefit_years=1)
    valued = value_lines(pd.DataFrame([line]), INDEX, 2024).iloc[0]
    assert valued["gross_value_gbp"] == pytest.approx(-8400)
    assert valued["present_value_gbp"] == pytest.approx(-6720)
    assert valued["present_value_low_gbp"] == pytest.approx(-7560)
    assert valued["present_value_high_gbp"] == pytest.approx(-5880)


def test_sensitivity_rates_are_capped_and_never_better_than_central_in_the_low_case():
    s = Sensitivity()
    assert s.rate(0.2, "low") == pytest.approx(0.3)
    assert s.rate(0.2, "high") == pytest.approx(0.1)
    assert s.rate(0.7, "low") == pytest.approx(0.95)   # 0.7 x 1.5 = 1.05, capped
    assert s.rate(0.97, "low") == pytest.approx(0.97)  # already above the cap: unchanged
    assert s.rate(0.2, "low", harm=True) == pytest.approx(0.1)
    assert s.rate(0.2, "high", harm=True) == pytest.approx(0.3)
    assert s.rate(0.2, "central", harm=True) == 0.2
    assert "x1.5" in s.describe() and "x0.5" in s.describe()


def test_lines_that_cannot_be_valued_say_why():
    lines = pd.DataFrame([worked_line(measure_code="DEBT", proxy_value_gbp=None),
                          worked_line(price_year=2015)])
    valued = value_lines(lines, INDEX, 2024)
    assert valued["valuation_note"].tolist() == [
        "measure not in the catalogue: not valued",
        "not valued: the price index has no value for 2015"]
    assert valued["present_value_gbp"].isna().all()


def overlap_lines(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["partner_org_id", "quarter_key", "measure_code",
                                       "overlaps_with", "present_value_gbp"])


def test_overlapping_measures_count_once_for_the_same_partner_and_period():
    lines = overlap_lines([
        ("P1", "Q2", "WB", None, 10_000.0),
        ("P1", "Q2", "ISO", "WB", 4_000.0),   # same cohort: the smaller is not counted
        ("P2", "Q2", "ISO", "WB", 3_000.0),   # another partner: no twin reported, counted
        ("P1", "Q3", "ISO", "WB", 5_000.0),   # another quarter: counted
        ("P1", "Q3", "GP", None, 1_000.0),
    ])
    guarded = guard_overlaps(lines, ["partner_org_id", "quarter_key"])
    assert guarded["counted"].tolist() == [True, False, True, True, True]
    assert "overlaps WB" in guarded.at[1, "excluded_reason"]
    assert guarded["excluded_reason"].isna().sum() == 4


def test_the_overlap_guard_keeps_the_larger_whichever_side_declares_it():
    lines = overlap_lines([
        ("P1", "Q1", "WB", "ISO", 2_000.0),  # WB declares the overlap and is the smaller
        ("P1", "Q1", "ISO", None, 6_000.0),
        ("P1", "Q1", "A", "B", 1_000.0),     # a chain A-B-C: one group, the largest kept
        ("P1", "Q1", "B", "C", 3_000.0),
        ("P1", "Q1", "C", None, 2_500.0),
    ])
    guarded = guard_overlaps(lines, ["partner_org_id", "quarter_key"])
    assert guarded["counted"].tolist() == [False, True, False, True, False]


def test_measure_code_lists():
    assert split_codes("NT1; NT4,NT5 NT6") == ["NT1", "NT4", "NT5", "NT6"]
    assert split_codes(None) == [] and split_codes(float("nan")) == []
