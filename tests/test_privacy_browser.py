"""What the public pages show about people and about what is inside the files, read in a real
headless Chromium (issue 14, findings 5 and 6): files loaded through the intake as a council
would send them, the pipeline run through Dagster, the site published and opened from disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboards.site.words import rule_words
from pipelines.intake import load_spend, receive_spend
from pipelines.launch import run_job
from tests.spend_files import write_csv
from tests.test_dashboards_browser import opened

pytestmark = pytest.mark.browser

HEADER = "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name"
NI_NUMBER = "QQ123456C"
ADDRESS = "12 Acacia Avenue"


def page_text(browser, path: Path) -> str:
    with opened(browser, path.as_uri()) as seen:
        assert not seen.errors, seen.errors
        return seen.page.inner_text("body")


def ingest_spend(tmp_path: Path, name: str, lines: list[str], council: str = "oldham") -> dict:
    [result] = load_spend([receive_spend(write_csv(tmp_path, name, lines), council)], council)
    return result


@pytest.fixture
def careless_files(home, tmp_path):
    """A refused file whose first row is a person's record, and a file with a payee's address
    in cells past the header."""
    refused = ingest_spend(tmp_path, "oldham-spend-2024-05.csv", [
        f"{NI_NUMBER},Jane Doe,{ADDRESS},Oldham,OL1 1AA",
        f"{NI_NUMBER},Jane Doe,{ADDRESS},Oldham,OL1 1AA"])
    assert refused["status"] == "refused"
    # Enough good lines that two quarantined ones stay under the blocking quarantine rate.
    good = [f"{day:02d}/04/2024,{100 + day},{600 + day}.00,Positive Steps" for day in range(1, 29)]
    loaded = ingest_spend(tmp_path, "oldham-spend-2024-04.csv", [
        HEADER, *good, f"02/04/2024,2,250.50,Age UK Oldham,{ADDRESS},OL1 1AA",
        "03/04/2024,3,TBC,Age UK Oldham"])
    assert loaded["status"] == "loaded" and loaded["rows_quarantined"] == 2
    outcome = run_job("build_and_publish")
    assert outcome.success, outcome.error
    return home


def test_the_quality_page_shows_rules_rows_and_columns_never_a_files_values(browser,
                                                                            careless_files):
    text = page_text(browser, careless_files.site / "quality.html")
    for value in (NI_NUMBER, "Jane Doe", "Acacia", "OL1 1AA", "TBC"):
        assert value not in text, value
    # What an analyst needs is there: the rule (in words), the column, the file and row, the
    # refusal.
    for said in (rule_words("cells_within_header"), rule_words("amount_readable"), "amount",
                 "oldham-spend-2024-04.csv", "oldham-spend-2024-05.csv", "no header"):
        assert said in text, said


PAYMENTS = [
    "Invoice Payment Date,Transaction Number,Net Amount,Supplier Name,Expense Type",
    "01/04/2024,1,61200.00,Jane Doe,Foster Care Allowances",
    "02/04/2024,2,74550.00,\"Smith, John\",Direct Payments",
    "03/04/2024,3,98000.00,Mx Sam Jones,Personal budget",
    "04/04/2024,4,120000.00,Mr.John Smithson,Transport",
    "05/04/2024,5,83000.00,Foster carer - Ms Pat Red,Fostering",
    "06/04/2024,6,65000.00,Chris Blue,Foster Care Allowances",
    "07/04/2024,7,50000.00,Foster Care Associates Ltd,Foster Care Allowances",
    "08/04/2024,8,25000.00,Positive Steps,Grants to voluntary organisations",
    "09/04/2024,9,900.00,REDACTED - Kim Grey,Respite",
]
PEOPLE = ("Jane Doe", "Smith, John", "Sam Jones", "Smithson", "Pat Red", "Chris Blue", "Kim Grey")


def test_individuals_are_never_named_on_the_council_page(browser, home, tmp_path):
    result = ingest_spend(tmp_path, "oldham-spend-2024-04.csv", PAYMENTS)
    assert result["status"] == "loaded" and result["rows_loaded"] == 9
    outcome = run_job("build_and_publish")
    assert outcome.success, outcome.error
    with opened(browser, (home.site / "councils" / "oldham.html").as_uri()) as seen:
        text = seen.page.inner_text("body")
        # the chart's own labels, as Plotly drew them
        drawn = " ".join(seen.page.eval_on_selector_all(
            "#payees .plot", "els => els.map(el => JSON.stringify(el.data))"))
    for person in PEOPLE:
        assert person not in text and person not in drawn, person
    assert "individual (not named)" in text and "individual (not named)" in drawn
    # Organisations keep their names, and every payment still counts.
    assert "Foster Care Associates Ltd" in text and "Positive Steps" in text
    assert "£577,650" in text  # the year's total: every line, named or not


THEMES = """() => { const plot = document.querySelector('[data-figure="themes-data"]');
    return plot.data.map(t => ({type: t.type, mode: t.mode || null, x: t.x, y: t.y,
        pattern: (t.marker && t.marker.pattern && t.marker.pattern.shape) || null,
        text: t.text || null})); }"""


def test_the_theme_chart_draws_every_quarter_and_says_what_is_withheld(browser, site):
    # Issue 16, finding 5: Plymouth's theme chart was one bar (£435k) and three c against an
    # account of £1.97m. Now every quarter has a bar (the part that reveals no one, hatched
    # where part is withheld) and the words say how much is left out of the quarters, and why.
    page = (site / "partnerships" / "plymouth-complex-needs.html").as_uri() + "#year=2024-25"
    with opened(browser, page) as seen:
        assert not seen.errors, seen.errors
        traces = seen.page.evaluate(THEMES)
        summary = seen.page.inner_text("#themes-summary")
        table = seen.page.text_content("#themes details table")
        account = seen.page.text_content("table")        # the account comes first
    bars = [t for t in traces if t["type"] == "bar"]
    assert not [t for t in traces if t["mode"] == "text"]          # no c drawn
    assert bars and all(len(t["x"]) == 4 for t in bars), bars
    assert any(shape == "/" for t in bars for shape in t["pattern"] or [])
    drawn = sum(sum(t["y"]) for t in bars)
    left_out = re.search(r"The quarters show (£[\d.,]+[mk]?) of the year's (£[\d.,]+[mk]?) "
                         r"\(a hatched bar is only part of its quarter\): "
                         r"the other (£[\d.,]+[mk]?) is not placed in a quarter", summary)
    assert left_out, summary
    year = re.search(r"2024-25 whole year\s*(£[\d,]+)", table)
    assert year and year.group(1) in account                        # the year in full
    total = float(year.group(1).strip("£").replace(",", ""))
    shown = re.search(r"in full; (£[\d,]+) of it is left out of the quarters", table)
    assert shown, table
    assert left_out.group(3) == shown.group(1) and left_out.group(2) == year.group(1)
    withheld = float(shown.group(1).strip("£").replace(",", ""))
    assert abs(drawn + withheld - total) < 2                         # every pound accounted for
    assert withheld < total / 4
