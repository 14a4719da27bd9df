"""The dashboards without a browser: suppression of people in the page frames, the figure and
table builders, escaping, the extracts index, publishing (swap, never touching extracts), the
asset in the demo's run, and `socialvalue serve`. The browser tests are in
test_dashboards_browser.py."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from basics.duck import records
from dashboards import disclosure
from dashboards.publication import SAMPLE_NOTICE
from dashboards.site import figures, people, tables
from dashboards.site.extracts import read_index, safe_href
from dashboards.site.formatting import money, ratio
from dashboards.site.model import Page, Section
from dashboards.site.publish import build_pages, write_site
from dashboards.site.render import SiteInfo, embed, render
from dashboards.suppression import SYMBOL, Policy
from socialvalue.cli.output import UserError
from socialvalue.cli.serve import make_server
from warehouse.connection import read_only

POLICY = Policy()


def line(quarter: str, quantity: float, *, measure: str = "M1", unit: str = "person",
         counts: str | None = None, partner: str = "P1", pv: float | None = None,
         sensitive: bool = False, beneficiaries: int | None = None, counted: bool = True,
         theme: str = "social", target: float | None = 10.0) -> dict:
    """One outcome line as marts.social_value holds it (value 100 per unit unless given)."""
    pv = quantity * 100.0 if pv is None else pv
    return {"partnership_id": "x", "partner_org_id": partner, "partner_name": f"name {partner}",
            "partner_role": "member", "financial_year": "2024-25",
            "quarter_key": f"2024-25-{quarter}", "measure_code": measure, "theme": theme,
            "outcome": f"outcome {measure}", "unit": unit, "counts": counts,
            "quantity": quantity,
            "beneficiaries": int(quantity) if beneficiaries is None else beneficiaries,
            "target": target, "evidence_grade": "B", "sensitive_cohort": sensitive,
            "is_harm": False, "counted": counted, "present_value_gbp": pv,
            "present_value_low_gbp": pv * 0.5, "present_value_high_gbp": pv * 1.5}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def cell(cells: pd.DataFrame, quarter: str, measure: str = "M1") -> dict:
    rows = cells[(cells["quarter_key"] == f"2024-25-{quarter}")
                 & (cells["measure_code"] == measure)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


# --- suppression in the page frames ------------------------------------------------------------

def test_a_small_count_and_its_value_are_hidden_with_a_second_quarter():
    lines = frame(line("Q1", 20), line("Q2", 3), line("Q3", 9), line("Q4", 30))
    cells = people.measure_quarters(lines, POLICY)
    q2, q3, q1 = cell(cells, "Q2"), cell(cells, "Q3"), cell(cells, "Q1")
    # Q2 (3 people) is hidden; Q3 (9) too, or Q2 = the year's total less the rest.
    assert q2["quantity_suppressed"] and q3["quantity_suppressed"]
    assert pd.isna(q2["quantity"]) and pd.isna(q3["quantity"])
    # value = count x a published proxy: hidden with the count, and so is "against target".
    assert pd.isna(q2["present_value_gbp"]) and q2["present_value_gbp_suppressed"]
    assert pd.isna(q3["achievement"])
    assert q1["quantity"] == 20 and q1["present_value_gbp"] == 2000.0
    assert q1["achievement"] == pytest.approx(2.0)


def test_sensitive_cohorts_use_the_stricter_threshold():
    lines = frame(line("Q1", 8, sensitive=True), line("Q2", 12, sensitive=True),
                  line("Q3", 15, sensitive=True))
    cells = people.measure_quarters(lines, POLICY)
    assert cell(cells, "Q1")["quantity_suppressed"]          # 8 < 10 for a sensitive cohort
    assert cell(cells, "Q2")["quantity_suppressed"]          # secondary: the next smallest
    assert not cell(cells, "Q3")["quantity_suppressed"]
    same = people.measure_quarters(frame(line("Q1", 8), line("Q2", 12)), POLICY)
    assert not same["quantity_suppressed"].any()


def test_hours_are_not_people_but_the_people_behind_them_are():
    hours = {"unit": "hour", "counts": "not people"}
    lines = frame(line("Q1", 3.5, beneficiaries=2, **hours),
                  line("Q2", 40, beneficiaries=12, **hours),
                  line("Q3", 50, beneficiaries=20, **hours))
    cells = people.measure_quarters(lines, POLICY)
    q1 = cell(cells, "Q1")
    assert q1["quantity"] == 3.5 and not q1["quantity_suppressed"]
    assert q1["beneficiaries_suppressed"] and pd.isna(q1["beneficiaries"])
    assert q1["present_value_gbp"] == 350.0                  # 3.5 hours reveal no one


def test_a_true_zero_is_shown_as_zero_not_hidden():
    cells = people.measure_quarters(frame(line("Q1", 0), line("Q2", 25)), POLICY)
    assert cell(cells, "Q1")["quantity"] == 0 and not cell(cells, "Q1")["quantity_suppressed"]
    row = tables.measure_quarters(cells, "£").rows[0]
    assert row.cells[3].text == "0" and not row.cells[3].suppressed


def test_a_quarter_total_containing_a_hidden_count_shows_only_its_published_part():
    lines = frame(line("Q1", 20), line("Q2", 3), line("Q3", 9), line("Q4", 30),
                  line("Q2", 50, measure="M2", theme="jobs"),
                  line("Q1", 40, measure="M2", theme="jobs"))
    plan = disclosure.plan(lines, POLICY)
    totals = people.quarter_totals(lines, plan, []).set_index("quarter_key")
    # Q2 in full = M2's published value + M1's withheld one: with the year's total it would
    # give M1's away. The quarter shows the published part only, and says so.
    assert totals["value_partial"].to_dict() == {
        "2024-25-Q1": False, "2024-25-Q2": True, "2024-25-Q3": True, "2024-25-Q4": False}
    assert totals.loc["2024-25-Q2", "present_value_gbp"] == 5000.0     # M2's 50 alone
    assert totals.loc["2024-25-Q3", "present_value_gbp"] == 0.0
    assert totals.loc["2024-25-Q1", "present_value_gbp"] == 2000.0 + 4000.0
    themes = people.quarter_totals(lines, plan, ["theme"])
    jobs = themes[(themes["theme"] == "jobs") & (themes["quarter_key"] == "2024-25-Q2")]
    assert not jobs["value_partial"].iloc[0]     # M2 alone: nothing withheld in it
    # The year is given in full (the account publishes it), with what the quarters leave out.
    year = people.year_totals(lines, plan, [], totals.reset_index()).iloc[0]
    assert year["present_value_gbp"] == 15200.0 and year["withheld_gbp"] == 1200.0


def test_a_partner_with_a_small_count_has_its_people_and_value_withheld():
    lines = frame(line("Q1", 3, partner="A", measure="M9"), line("Q1", 60, partner="A"),
                  line("Q1", 50, partner="B"), line("Q1", 80, partner="C"))
    out = people.partner_totals(lines, POLICY).set_index("partner_org_id")
    # 3 people on M9 over the year: A's 63 beside its published 60 would say so.
    assert out.loc["A", "present_value_gbp_suppressed"]
    assert out.loc["A", "beneficiaries_suppressed"] and pd.isna(out.loc["A", "beneficiaries"])
    # M9's year is small, so the account less M1's year would give it back: M1's year and one
    # of its lines (B's 50, the smallest) are withheld too, and B's figures with them.
    assert out.loc["B", "present_value_gbp_suppressed"]
    assert not out.loc["C", "present_value_gbp_suppressed"]
    assert out.loc["C", "present_value_gbp"] == 8000.0 and out.loc["C", "beneficiaries"] == 80
    years = people.measure_years(lines, POLICY).set_index("measure_code")
    assert years["quantity_suppressed"].to_dict() == {"M1": True, "M9": True}


def test_counts_on_the_page_are_rounded_when_the_policy_says():
    lines = frame(line("Q1", 20), line("Q2", 3), line("Q3", 9), line("Q4", 32),
                  line("Q1", 3.5, measure="H", counts="not people", beneficiaries=12))
    cells = people.measure_quarters(lines, Policy(round_to=5))
    assert cell(cells, "Q4")["quantity"] == 30 and cell(cells, "Q4")["achievement"] == 3.0
    assert cell(cells, "Q1", "H")["quantity"] == 3.5           # hours: not people, as reported
    assert cell(cells, "Q1", "H")["beneficiaries"] == 10
    years = people.measure_years(lines, Policy(round_to=5)).set_index("measure_code")
    assert years.loc["M1", "quantity"] == 65 and years.loc["H", "quantity"] == 3.5


def test_no_cost_per_beneficiary_from_a_tiny_count():
    accounts = pd.DataFrame([
        {"partnership_id": "x", "financial_year": "2024-25", "beneficiaries": 3,
         "inputs_gbp": 9000.0, "cost_per_beneficiary_gbp": 3000.0},
        {"partnership_id": "y", "financial_year": "2024-25", "beneficiaries": 40,
         "inputs_gbp": 8000.0, "cost_per_beneficiary_gbp": 200.0}])
    sensitive = pd.DataFrame({"partnership_id": ["x", "y"], "financial_year": ["2024-25"] * 2,
                              "sensitive_cohort": [False, False]})
    out = people.headline(accounts, sensitive, POLICY).set_index("partnership_id")
    assert out.loc["x", "beneficiaries_suppressed"] and pd.isna(out.loc["x",
                                                                    "cost_per_beneficiary_gbp"])
    assert out.loc["y", "cost_per_beneficiary_gbp"] == 200.0


# --- cells, tables, figures --------------------------------------------------------------------

def test_cells_read_the_same_everywhere():
    assert tables.count(None, suppressed=True).text == SYMBOL
    assert tables.count(0).text == "0"
    assert tables.count(1234).text == "1,234"
    assert tables.money(-90116.92).text == "−£90,117"
    assert tables.money(5, suppressed=True).suppressed
    assert ratio(2.702228) == "2.70 : 1" and ratio(None) == "no inputs"


def test_value_ranges_draw_each_central_estimate_with_its_low_high_bar():
    heads = pd.DataFrame([
        {"partnership_id": "a", "partnership_name": "A <b>bold</b>", "financial_year": "2024-25",
         "pv": 100.0, "lo": 60.0, "hi": 180.0, "weakest_evidence_grade": "C"},
        {"partnership_id": "b", "partnership_name": "B", "financial_year": "2024-25",
         "pv": 50.0, "lo": 40.0, "hi": 55.0, "weakest_evidence_grade": "A"}])
    fig = figures.to_json(figures.value_ranges(heads, "pv", "lo", "hi", axis_title="£"))
    trace = fig["data"][0]
    assert trace["x"] == [50.0, 100.0]                       # sorted: the largest at the top
    assert trace["error_x"]["array"] == [5.0, 80.0]
    assert trace["error_x"]["arrayminus"] == [10.0, 40.0]
    assert trace["y"][1] == "A &lt;b&gt;bold&lt;/b&gt;"      # Plotly would make it bold
    assert [c[:2] for c in trace["customdata"]] == [["b", "2024-25"], ["a", "2024-25"]]
    assert trace["meta"]["arrays"][0] == "x"


def test_a_suppressed_quantity_is_a_c_marker_never_a_bar():
    cells = people.measure_quarters(frame(line("Q1", 20), line("Q2", 3), line("Q3", 9),
                                          line("Q4", 30)), POLICY)
    fig = figures.to_json(figures.measures_over_time(cells))
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    marks = [t for t in fig["data"] if t.get("mode") == "text"]
    assert bars[0]["x"] == ["2024-25 Q1", "2024-25 Q4"] and bars[0]["y"] == [20.0, 30.0]
    assert marks[0]["x"] == ["2024-25 Q2", "2024-25 Q3"]
    assert all("c" in t for t in marks[0]["text"])


def test_figure_data_are_plain_lists_the_filters_can_cut():
    lines = frame(line("Q1", 20), line("Q2", 30))
    themes = people.quarter_totals(lines, disclosure.plan(lines, POLICY), ["theme"])
    data = themes.rename(columns={"present_value_gbp": "value"}).assign(
        value_suppressed=themes["present_value_gbp_suppressed"])
    fig = figures.to_json(figures.stacked_values(data, "theme", axis_title="£"))
    text = json.dumps(fig)
    assert "bdata" not in text                              # no packed binary arrays
    assert fig["data"][0]["y"] == [2000.0, 3000.0]


# --- escaping ----------------------------------------------------------------------------------

def test_embedded_json_cannot_end_its_script_element():
    text = str(embed({"name": "</script><script>alert(1)</script> & \u2028"}))
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & \u2028"}


def test_text_from_the_data_is_escaped_in_the_page():
    evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    table = tables.build("caption", [("Partner", lambda r: tables.text(r["name"], header=True))],
                         [{"name": evil, "partnership_id": evil}], year=None)
    page = Page(path="partnerships/x.html", title=evil, nav="partnership", lede=evil,
                sections=[Section("s", evil, [table])])
    html = render(page, SiteInfo(sample_data=True, sample_notice=SAMPLE_NOTICE))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'data-partnership="&#34;&gt;&lt;img' in html       # attributes escaped too
    assert SAMPLE_NOTICE.replace("'", "&#39;") in html
    assert 'href="../assets/site.css"' in html               # relative links only


# --- the extracts' index -----------------------------------------------------------------------

def test_only_plain_relative_paths_inside_the_site_become_links(tmp_path: Path):
    site = tmp_path / "site"
    (site / "extracts" / "a").mkdir(parents=True)
    (site / "extracts" / "a" / "accounts.csv").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    assert safe_href(site, "extracts/a/accounts.csv") == "extracts/a/accounts.csv"
    for bad in ("../secret.txt", "/etc/passwd", "javascript:alert(1)", "https://x.org/a.csv",
                "extracts/a/missing.csv", "extracts\\a\\accounts.csv", "", None, 3):
        assert safe_href(site, bad) is None, bad


def test_the_index_links_what_is_there_and_says_when_nothing_is(tmp_path: Path):
    site = tmp_path / "site"
    assert "not been built" in read_index(site).problem
    (site / "extracts" / "a").mkdir(parents=True)
    (site / "extracts" / "a" / "accounts.csv").write_text("x,y\n")
    (site / "extracts" / "a.zip").write_bytes(b"PK")
    (site / "extracts" / "index.json").write_text(json.dumps({"built_at": "now", "extracts": [
        {"partnership_id": "a", "partnership_name": "A", "folder": "extracts/a/", "files": [
            {"path": "extracts/a/accounts.csv", "format": "csv", "table": "accounts",
             "bytes": 4},
            {"path": "../../evil.csv", "format": "csv", "table": "x", "bytes": 1},
            {"path": "extracts/a.zip", "format": "zip", "table": None, "bytes": 2}]}]}))
    index = read_index(site)
    extract = index.get("a")
    assert index.problem is None
    assert [f.href for f in extract.files] == ["extracts/a/accounts.csv"]
    assert extract.zip_href == "extracts/a.zip" and extract.zip_bytes == 2
    (site / "extracts" / "index.json").write_text("{not json")
    assert "could not be read" in read_index(site).problem


# --- publishing --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(demo_home: Path):
    """The demo's pages, built again from its warehouse (read-only)."""
    with read_only(demo_home / "warehouse.duckdb") as con:
        pages, info = build_pages(con, demo_home / "config", demo_home / "site")
        accounts = records(con, "select * from marts.partnership_accounts")
        lines = records(con, "select * from marts.social_value")
    return {p.path: p for p in pages}, info, accounts, lines


def table_of(page: Page, caption_start: str):
    found = [t for t in page.tables if t.caption.startswith(caption_start)]
    assert found, [t.caption for t in page.tables]
    return found[0]


def test_the_comparison_shows_the_marts_figures(built):
    pages, info, accounts, _ = built
    table = table_of(pages["index.html"], "Social value accounts")
    by_name = {r.cells[0].text: r for r in table.rows}
    assert len(by_name) == len(accounts) == 4
    for account in accounts:
        row = by_name[account["partnership_name"]]
        assert row.cells[3].text == money(account["present_value_gbp"])
        assert row.cells[4].text == money(account["present_value_low_gbp"])
        assert row.cells[5].text == money(account["present_value_high_gbp"])
        assert row.cells[6].text == ratio(account["sroi_central"])
        assert row.cells[12].text == account["weakest_evidence_grade"]
    assert info.sample_data and info.basis == f"£, {accounts[0]['price_base_year']} prices"


def test_looked_after_children_in_small_numbers_are_suppressed_on_the_page(built):
    pages, _, _, lines = built
    page = pages["partnerships/leicestershire-childrens.html"]
    table = table_of(page, "Outcomes by measure and quarter")
    lac = [r for r in table.rows if r.cells[0].text.startswith("Looked-after")]
    year = [r for r in lac if r.cells[2].text == "2024-25 whole year"]
    # The year is given even though two quarters are not: 44 children, not a small count.
    assert len(year) == 1 and year[0].cells[3].text == str(int(sum(
        r["quantity"] for r in lines if r["measure_code"] == "ILL-LAC-01"
        and r["quarter_key"].startswith("2024-25"))))
    by_quarter = {r.cells[2].text: r.cells for r in lac if r not in year}
    q2 = sum(r["quantity"] for r in lines if r["measure_code"] == "ILL-LAC-01"
             and r["quarter_key"] == "2024-25-Q2")
    assert 0 < q2 < POLICY.sensitive_threshold              # the sample plants one: 4 + 5
    assert by_quarter["2024-25 Q2"][3].text == SYMBOL and by_quarter["2024-25 Q2"][3].suppressed
    assert by_quarter["2024-25 Q2"][7].text == SYMBOL      # its value, hidden with it
    assert sum(cells[3].suppressed for cells in by_quarter.values()) == 2   # and a second one
    shown = {q: cells[3].text for q, cells in by_quarter.items() if not cells[3].suppressed}
    assert len(shown) == 2 and shown == {
        q: str(int(sum(r["quantity"] for r in lines if r["measure_code"] == "ILL-LAC-01"
                       and f"{r['quarter_key'][:7]} {r['quarter_key'][8:]}" == q)))
        for q in shown}
    assert page.suppressed_cells > 0


def test_every_page_built_from_sample_data_says_so(demo_home: Path, built):
    pages, _, _, _ = built
    site = demo_home / "site"
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        assert 'class="sample-banner"' in html, path
        assert re.search(r'(src|href)="(https?:)?//', html) is None, path
        assert html.count("plotly.min.js") <= 1 and "Plotly.newPlot" not in html, path
    copies = [p for p in site.rglob("plotly*.js") if "extracts" not in p.parts]
    assert copies == [site / "assets" / "plotly.min.js"]    # one copy, beside the pages
    assert copies[0].stat().st_size > 1_000_000


def test_the_demo_run_materialised_the_dashboards_asset(demo, demo_home: Path):
    import dagster as dg

    from pipelines.launch import dagster_instance

    with dagster_instance() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey(["publish", "dashboards"]))
    assert event is not None
    metadata = event.asset_materialization.metadata
    pages = json.loads((demo_home / "site" / ".dashboards.json").read_text())
    assert metadata["pages"].value == 12 and "index.html" in pages
    assert metadata["sample_data"].value is True
    assert metadata["suppressed_cells"].value > 0
    assert metadata["extracts_linked"].value == 4            # the funder extracts ran first


def test_publishing_swaps_pages_in_and_never_touches_the_extracts(tmp_path: Path, built):
    pages, info, _, _ = built
    site = tmp_path / "site"
    (site / "extracts").mkdir(parents=True)
    (site / "extracts" / "keep.csv").write_text("funder data")
    (site / "partnerships").mkdir()
    (site / "partnerships" / "gone.html").write_text("an old page")
    (site / "stale.html").write_text("old")
    (site / ".dashboards.json").write_text(json.dumps(["stale.html", "extracts"]))
    write_site(site, list(pages.values()), info)
    assert (site / "extracts" / "keep.csv").read_text() == "funder data"
    assert not (site / "stale.html").exists()               # the last publication's, dropped
    assert not (site / "partnerships" / "gone.html").exists()
    assert (site / "partnerships" / "oldham-social-prescribing.html").exists()
    assert not [p for p in site.iterdir() if p.name.startswith((".build-", ".old-"))]
    write_site(site, list(pages.values())[:1], info)        # a smaller site: the rest goes
    assert not (site / "quality.html").exists() and (site / "index.html").exists()
    assert (site / "extracts" / "keep.csv").exists()


# --- socialvalue serve -------------------------------------------------------------------------

def test_serve_serves_the_site_folder_only(demo_home: Path):
    server = make_server(demo_home / "site", port=0)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200
            assert "Comparison of partnerships" in response.read().decode()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/../warehouse.duckdb")
    finally:
        server.shutdown()
        server.server_close()


def test_serve_says_plainly_when_nothing_is_published(tmp_path: Path):
    with pytest.raises(UserError, match="no dashboards published"):
        make_server(tmp_path / "site", port=0)


def test_the_configured_threshold_is_the_one_applied(demo_home: Path, built, tmp_path: Path):
    pages, _, _, _ = built
    default = sum(p.suppressed_cells for p in pages.values())
    (tmp_path / "publication.yaml").write_text(
        "suppression: {threshold: 20, sensitive_threshold: 30}\n")
    with read_only(demo_home / "warehouse.duckdb") as con:
        stricter, info = build_pages(con, tmp_path, demo_home / "site")
    assert sum(p.suppressed_cells for p in stricter) > default > 0
    assert "from 1 to 19" in info.policy


def test_an_empty_warehouse_publishes_a_site_that_says_so(home):
    from dashboards.site.publish import publish_site
    from warehouse.connection import writer

    with writer(home.warehouse):
        pass
    with read_only(home.warehouse) as con:
        published = publish_site(con, home.config, home.site)
    assert published.pages == ["index.html", "quality.html", "method.html", "downloads.html"]
    html = (home.site / "index.html").read_text(encoding="utf-8")
    assert "No social value accounts have been built yet" in html
    assert "sample-banner" not in html and not published.sample_data
    assert published.problems == ["The funder extracts have not been built yet."]


def test_a_partnership_without_returns_yet_has_its_page_saying_so(home):
    from pipelines.launch import run_job
    from tests.conftest import SAMPLE
    from tests.dataset_files import ingest

    ingest("partnerships", SAMPLE / "registers" / "partnerships.csv")
    ingest("partners", SAMPLE / "registers" / "partners.csv")
    outcome = run_job("build_and_publish")  # the marts build empty: no returns, no spend
    assert outcome.success, outcome.error
    pages = sorted(p.relative_to(home.site).as_posix()
                   for p in (home.site / "partnerships").glob("*.html"))
    assert pages == [f"partnerships/{p}.html" for p in (
        "croydon-community", "leicestershire-childrens", "oldham-social-prescribing",
        "plymouth-complex-needs")]
    html = (home.site / "partnerships" / "plymouth-complex-needs.html").read_text("utf-8")
    assert "Plymouth Alliance for Complex Needs" in html
    assert "No outcome returns are loaded for this partnership yet" in html
