"""Any period a public body's file covers: stated, named by the file, or shown by its dates."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from basics.periods import (
    BadPeriod,
    Period,
    choose_period,
    overlapping,
    parse_period,
    period_candidates,
    period_from_dates,
)

D = dt.date


@pytest.mark.parametrize("text, start, end, label", [
    ("2024-04", D(2024, 4, 1), D(2024, 4, 30), "2024-04"),
    ("2024-04..2024-06", D(2024, 4, 1), D(2024, 6, 30), "2024-25 Q1"),
    ("2024-04..2025-03", D(2024, 4, 1), D(2025, 3, 31), "FY 2024-25"),
    ("2024-04 to 2025-03", D(2024, 4, 1), D(2025, 3, 31), "FY 2024-25"),  # an older label
    ("2024-05..2024-06", D(2024, 5, 1), D(2024, 6, 30), "2024-05..2024-06"),
    ("2024-25-Q1", D(2024, 4, 1), D(2024, 6, 30), "2024-25 Q1"),
    ("2024/25 Q4", D(2025, 1, 1), D(2025, 3, 31), "2024-25 Q4"),
    ("2024-25-H2", D(2024, 10, 1), D(2025, 3, 31), "2024-25 H2"),
    ("FY2024-25", D(2024, 4, 1), D(2025, 3, 31), "FY 2024-25"),
    ("2024-25", D(2024, 4, 1), D(2025, 3, 31), "FY 2024-25"),
    ("2011-12", D(2011, 12, 1), D(2011, 12, 31), "2011-12"),  # a month, not a year
    ("2022-23-P04", D(2022, 6, 26), D(2022, 7, 23), "2022-23 P04"),
    ("2021-22 P12", D(2022, 2, 6), D(2022, 3, 5), "2021-22 P12"),
    ("2022-06-27..2022-07-24", D(2022, 6, 27), D(2022, 7, 24), "2022-06-27..2022-07-24"),
    ("2022-23 P04 (2022-06-27..2022-07-24)", D(2022, 6, 27), D(2022, 7, 24),
     "2022-23 P04 (2022-06-27..2022-07-24)"),
])
def test_every_period_parses_and_its_label_parses_back(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert parse_period(period.label) == period


@pytest.mark.parametrize("text", ["2024-13", "garbage", "2024-26-Q1", "2022-23-P14",
                                  "2024-06..2024-04", "2023-P04"])
def test_a_period_that_cannot_be_placed_says_what_to_write(text):
    with pytest.raises(BadPeriod) as refused:
        parse_period(text)
    assert "\n" not in str(refused.value) and text in str(refused.value)


def test_a_year_given_with_an_accounting_period_is_asked_for_in_full():
    with pytest.raises(BadPeriod, match="P04 of 2022-23 or of 2023-24; write the financial"):
        parse_period("2023-P04")


def test_the_13_period_calendar_matches_tfl_and_gla_publications():
    # As TfL and the GLA title their files (tests/fixtures/real-spend/README.md and their sites).
    assert parse_period("2022-23 P04") == Period(D(2022, 6, 26), D(2022, 7, 23))
    assert parse_period("2022-23 P05") == Period(D(2022, 7, 24), D(2022, 8, 20))
    assert parse_period("2021-22 P12") == Period(D(2022, 2, 6), D(2022, 3, 5))
    assert parse_period("2021-22 P13") == Period(D(2022, 3, 6), D(2022, 3, 31))
    year = [parse_period(f"2024-25 P{n:02d}") for n in range(1, 14)]
    assert year[0].start == D(2024, 4, 1) and year[-1].end == D(2025, 3, 31)
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in itertools.pairwise(year))


def test_a_period_is_cut_into_month_segments():
    assert parse_period("2024-25 Q1").segments == ["2024-04", "2024-05", "2024-06"]
    p03, p04 = parse_period("2022-23 P03"), parse_period("2022-23 P04")
    assert p03.segments == ["2022-05-29..2022-05-31", "2022-06-01..2022-06-25"]
    assert p04.segments == ["2022-06-26..2022-06-30", "2022-07-01..2022-07-23"]
    # Neighbours share June but none of its days; a whole month overlaps both.
    assert overlapping("2022-06-26..2022-06-30", p03.segments) == []
    assert overlapping("2022-06", [*p03.segments, *p04.segments]) == [
        "2022-06-01..2022-06-25", "2022-06-26..2022-06-30"]


@pytest.mark.parametrize("name, labels", [
    ("oldham-spend-2024-04.csv", ["2024-04"]),
    ("Plymouth payments over 500 - April 2024.csv", ["2024-04"]),
    ("LCC_spend_2024-25_Q1.csv", ["2024-25 Q1", "FY 2024-25"]),
    ("2023-P04.csv", ["2022-23 P04", "2023-24 P04"]),
    ("tflspend2023p04.csv", ["2022-23 P04", "2023-24 P04"]),
    ("05._mayors_250_report_-_2021-22_-_p12_-_combined.csv", ["2021-22 P12", "FY 2021-22"]),
    ("2021-Q4.csv", ["2021-22 Q4", "2020-21 Q4", "2021-22 Q3"]),
    ("Spend over £250 - 2017 Jan to Mar.csv", ["2016-17 Q4", "2017-01"]),
    ("Payment greater than £250: 26 June 2022 - 23 July 2022.csv",
     ["2022-06-26..2022-07-23", "2022-06", "2022-07", "FY 2022-23"]),
])
def test_what_a_file_name_could_mean(name, labels):
    assert [p.label for p in period_candidates(name)] == labels


def days(spread: dict[tuple[int, int, int], int]) -> dict[dt.date, int]:
    return {D(*k): n for k, n in spread.items()}


def test_the_dates_decide_what_a_name_means():
    # 'P04' of which year? Only one reading holds the file's dates.
    dated = days({(2022, 6, 27): 30, (2022, 7, 8): 60, (2022, 7, 22): 10})
    assert choose_period(period_candidates("2023-P04.csv"), dated)[0].label == "2022-23 P04"
    # A name giving the first month of a quarter's file is not believed.
    quarter = days({(2017, 1, 9): 7, (2017, 2, 9): 6, (2017, 3, 9): 8})
    period, source = choose_period(period_candidates("2017-01.csv"), quarter)
    assert (period.label, source) == ("2016-17 Q4", "dates in the file")


@pytest.mark.parametrize("spread, label", [
    ({(2024, 4, 2): 50, (2024, 4, 28): 50}, "2024-04"),
    ({(2024, 4, 2): 50, (2024, 4, 28): 40, (2024, 3, 30): 5}, "2024-04"),  # stragglers
    ({(2024, 4, 2): 30, (2024, 5, 20): 30, (2024, 6, 28): 40}, "2024-25 Q1"),
    ({(2022, 6, 27): 25, (2022, 7, 8): 75}, "2022-23 P04"),
    ({(2022, 2, 7): 80, (2022, 3, 4): 20}, "2021-22 P12"),
    ({(2024, 4, 2): 1, (2024, 7, 2): 1, (2024, 9, 20): 1}, "2024-25 H1"),
    ({(2024, 4, 2): 1, (2024, 8, 2): 1, (2025, 2, 20): 1}, "FY 2024-25"),
])
def test_the_period_a_files_dates_show(spread, label):
    assert period_from_dates(days(spread)).label == label


def test_the_months_spend_is_held_for_are_the_dagster_partitions():
    from basics.periods import months_outside
    from pipelines.partitions import months

    keys = months.get_partition_keys()
    assert keys[0] == "2010-04" and months_outside(keys) == []
    after = D.today().replace(day=28) + dt.timedelta(days=7)
    assert months_outside(["2010-03", f"{after:%Y-%m}"]) == ["2010-03", f"{after:%Y-%m}"]
    assert not months.has_partition_key(f"{after:%Y-%m}")
