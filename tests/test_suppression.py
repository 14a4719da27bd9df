"""Small-number suppression: what is hidden, what is not, and that hidden cells stay hidden."""

from __future__ import annotations

import pandas as pd

from dashboards.suppression import Policy, safe_ratio, shown, suppress

POLICY = Policy()


def test_counts_from_one_to_four_are_hidden_and_zero_is_not():
    frame = pd.DataFrame({"people": [0, 1, 4, 5, 12]})
    out = suppress(frame, "people", POLICY)
    assert out["people_suppressed"].tolist() == [False, True, True, False, False]
    assert out["people"].tolist()[0] == 0 and out["people"].tolist()[3:] == [5, 12]
    assert out["people"].isna().tolist() == [False, True, True, False, False]
    assert [shown(v, h) for v, h in zip(out["people"], out["people_suppressed"],
                                        strict=True)] == ["0", "c", "c", "5", "12"]


def test_sensitive_cohorts_hide_counts_below_ten():
    frame = pd.DataFrame({"people": [7, 7, 12], "sensitive": [True, False, True]})
    out = suppress(frame, "people", POLICY, sensitive="sensitive")
    assert out["people_suppressed"].tolist() == [True, False, False]


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    # Quarter totals are published: with only Q2 hidden, Q2 = total - Q1 - Q3 would give it away.
    frame = pd.DataFrame({"partnership": ["a"] * 3 + ["b"] * 3,
                          "quarter": ["Q1", "Q2", "Q3"] * 2,
                          "people": [20, 3, 9, 2, 4, 30]})
    out = suppress(frame, "people", POLICY, group=["partnership"])
    cells = zip(out["partnership"], out["quarter"], strict=True)
    hidden = dict(zip(cells, out["people_suppressed"], strict=True))
    assert hidden[("a", "Q2")] and hidden[("a", "Q3")] and not hidden[("a", "Q1")]
    # b already has two hidden cells: neither can be recovered, nothing more goes.
    assert [hidden[("b", q)] for q in ("Q1", "Q2", "Q3")] == [True, True, False]
    a = out[out["partnership"] == "a"]
    published_sum = a.loc[~a["people_suppressed"], "people"].sum()
    assert published_sum == 20  # the 12 hidden people cannot be split into their 3 and 9


def test_when_every_other_cell_is_zero_the_total_is_hidden():
    frame = pd.DataFrame({"g": ["x", "x", "x"], "people": [0, 2, 0]})
    out = suppress(frame, "people", POLICY, group=["g"])
    assert out["people_total_suppressed"].all()
    assert out["people_suppressed"].tolist() == [False, True, False]


def test_no_rate_from_a_tiny_denominator():
    rates = safe_ratio(pd.Series([1, 30]), pd.Series([3, 60]), POLICY)
    assert pd.isna(rates[0]) and rates[1] == 0.5


def test_rounding_to_the_nearest_five():
    out = suppress(pd.DataFrame({"people": [6, 12, 13]}), "people", Policy(round_to=5))
    assert out["people"].tolist() == [5, 10, 15]
