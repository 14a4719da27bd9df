"""Summaries told as data (dashboards/site/sentences.py): what a reader gets for any choice of
partnerships. The browser test test_the_script_re_tells_each_summary_as_python_does holds the
page's script to the same text."""

from __future__ import annotations

from dashboards.site.sentences import Count, Item, Items, Plural, Sentence, number, render


def verdict() -> list[Sentence]:
    everyone = Items("all", [Item("A", ["a"]), Item("B", ["b"]), Item("C", ["c"])], hidden=True)
    above = Items("above", [Item("A (£1.20 to £2.00)", ["a"]), Item("B (£1.10 to £1.50)",
                                                                     ["b"])], last=" and ")
    return [
        Sentence([Count("above", capital=True), " of the ", Count("all"), " ", everyone,
                  Plural("above", ["returns"], ["return"]), " more than it costs: ", above,
                  "."], needs="above", otherwise="None returns more than it costs."),
        Sentence(["Overlapping: ", Items("pairs", [Item("A and C", ["a", "c"], every=True)]),
                  "."], needs="pairs"),
    ]


def test_everything_chosen_tells_every_item():
    assert render(verdict()) == ("Two of the three return more than it costs: A (£1.20 to "
                                 "£2.00) and B (£1.10 to £1.50). Overlapping: A and C.")


def test_a_partnership_left_out_leaves_every_sentence():
    assert render(verdict(), {"a", "c"}) == ("One of the two returns more than it costs: "
                                             "A (£1.20 to £2.00). Overlapping: A and C.")


def test_a_pair_is_told_only_while_both_are_chosen_and_an_empty_list_says_so():
    assert render(verdict(), {"c"}) == "None returns more than it costs."
    assert "Overlapping" not in render(verdict(), {"a", "b"})


def test_numbers_are_words_to_ten_then_figures():
    assert [number(n) for n in (0, 1, 4, 10, 11, 1200)] == ["no", "one", "four", "ten", "11",
                                                            "1,200"]
    assert number(2, capital=True) == "Two"


def test_item_titles_come_from_the_schema_and_a_councils_config(tmp_path):
    from schemas.self_assessment import item_titles

    shipped = item_titles(None)
    assert shipped["P6"] == "Transparency on resource, cost and reasonable surplus"
    assert shipped["C5"] == "Partnership should replace transaction"
    assert shipped["C1"] == "Corrective 1"           # not invented: named by number
    (tmp_path / "self_assessment.yaml").write_text(
        "corrective:\n  C1: Our first corrective\n  C2:\n", encoding="utf-8")
    configured = item_titles(tmp_path)
    assert configured["C1"] == "Our first corrective"
    assert configured["C2"] == "Corrective 2" and configured["P1"] == shipped["P1"]
