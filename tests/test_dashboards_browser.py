"""The published dashboards in a real browser: the system's headless Chromium, driven by
Playwright, opening the site the demo published, from disk (file://, as from a shared drive)
and from `socialvalue serve`.

Every page must load with no console error and no request outside the site, draw its charts,
show a suppressed count as suppressed, and show hostile names from the data as text.
Screenshots and load timings go to tests/artifacts/dashboards/ (git-ignored).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from basics.duck import records
from basics.settings import PROJECT_ROOT
from dashboards.site.formatting import money
from dashboards.site.publish import publish_site
from socialvalue.cli.serve import make_server
from warehouse.connection import read_only, writer
from warehouse.spend_marts import build_spend_summaries

pytestmark = pytest.mark.browser

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts" / "dashboards"
LEICESTERSHIRE = "partnerships/leicestershire-childrens.html"
# a council page: payees, supplier type, route, locality, how sure the VCSE share is, months
# A partnership page has eight charts, the tornado of its assumptions among them.
CHARTS = {"index.html": 9, LEICESTERSHIRE: 8, "councils/oldham.html": 6, "quality.html": 1}


@dataclass
class Visit:
    """A page opened in the browser, and everything it did."""

    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def outside(self, prefix: str) -> list[str]:
        return [u for u in self.requests if not u.startswith(prefix)]


def visit(browser, url: str) -> Visit:
    """Open `url` in a fresh context and wait until its charts are drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    page = context.new_page()
    seen = Visit(page)
    page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("websocket", lambda w: seen.requests.append(w.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("body[data-charts]", timeout=30_000)
    seen.seconds = time.perf_counter() - started
    assert page.get_attribute("body", "data-charts") == "ready", url
    return seen


@contextmanager
def opened(browser, url: str) -> Iterator[Visit]:
    """`visit`, the page's browser context closed when the block ends, however it ends."""
    seen = visit(browser, url)
    try:
        yield seen
    finally:
        seen.page.context.close()


def pages_of(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] != "extracts")


NAVIGATION_TIMES = """() => { const n = performance.getEntriesByType('navigation')[0];
    return {dom_content_loaded_ms: Math.round(n.domContentLoadedEventEnd),
            load_ms: Math.round(n.loadEventEnd)}; }"""


def charts_drawn(page) -> list[dict]:
    """Per chart on the page: its id, how many traces Plotly drew, and whether an SVG exists."""
    return page.eval_on_selector_all(".plot", """els => els.map(el => ({
        id: el.closest('figure').id,
        traces: (el._fullData || []).filter(t => t.visible !== false).length,
        svg: el.querySelectorAll('svg.main-svg').length}))""")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_every_page_loads_from_disk_with_no_error_no_network_and_its_charts(browser, site):
    pages = pages_of(site)
    assert "index.html" in pages and LEICESTERSHIRE in pages and len(pages) == 12
    prefix, timings = site.as_uri() + "/", {}
    for path in pages:
        with opened(browser, site.joinpath(path).as_uri()) as seen:
            assert seen.errors == [], (path, seen.errors)
            assert seen.outside(prefix) == [], (path, seen.outside(prefix))
            assert seen.page.is_visible(".sample-banner"), path
            charts = charts_drawn(seen.page)
            assert all(c["svg"] >= 1 and c["traces"] >= 1 for c in charts), (path, charts)
            if path in CHARTS:
                assert len(charts) == CHARTS[path], (path, charts)
            # plotly.js comes from the site, once, and nothing else is loaded.
            scripts = [u for u in seen.requests if u.endswith(".js")]
            assert sorted(u.rsplit("/", 1)[1] for u in scripts) == (
                ["plotly.min.js", "site.js"] if charts else ["site.js"]), (path, scripts)
            timings[path] = {"seconds_to_charts": round(seen.seconds, 3), "charts": len(charts),
                             **seen.page.evaluate(NAVIGATION_TIMES)}
            shoot(seen.page, "file-" + path.replace("/", "-").replace(".html", ".png"))
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2))


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_served_site_loads_with_no_request_outside_it(browser, served):
    for path in ("", "partnerships/oldham-social-prescribing.html", "councils/plymouth.html"):
        with opened(browser, served + path) as seen:
            assert seen.errors == [] and seen.outside(served) == [], (path, seen.errors,
                                                                      seen.outside(served))
            if path == "":
                seen.page.set_viewport_size({"width": 1280, "height": 1500})
                seen.page.screenshot(path=str(ARTIFACTS / "comparison.png"))


def test_a_suppressed_count_shows_as_suppressed(browser, site):
    # The year whose returns hold the small counts, whatever year the page opens on.
    with opened(browser, (site / LEICESTERSHIRE).as_uri() + "#year=2024-25") as seen:
        page = seen.page
        row = page.locator("#measures table tbody tr", has_text="Looked-after").filter(
            has_text="2024-25 Q2")
        reported = row.locator("td").nth(2)          # Outcome is the row header; then unit, ...
        assert reported.text_content() == "c"
        assert "suppressed" in reported.get_attribute("class")
        assert "suppressed" in reported.locator("abbr").get_attribute("title")
        assert "repeating-linear-gradient" in reported.evaluate(
            "el => getComputedStyle(el).backgroundImage")
        # Q3 (9 + 3 looked-after children, each hidden in the extract) is shown as its sum,
        # 12: it fixes neither line, and the year less it leaves Q1, Q2 and Q4 unsplit.
        shown = page.locator("#measures table tbody tr", has_text="Looked-after").filter(
            has_text="2024-25 Q3").locator("td").nth(2)
        assert shown.text_content().isdigit() and "suppressed" not in (
            shown.get_attribute("class") or "")
        # In the chart, a "c" stands where the bar would be.
        marks = page.eval_on_selector_all("#measures .plot .textpoint text",
                                          "els => els.map(e => e.textContent)")
        assert "c" in marks
        page.locator("#measures details.table-view summary").click()
        shoot(page, "suppressed-cell.png")


def test_the_comparison_shows_the_marts_figures(browser, site, demo_home):
    with read_only(demo_home / "warehouse.duckdb") as con:
        accounts = records(con, "select partnership_name, present_value_gbp, "
                                "present_value_low_gbp, sroi_central "
                                "from marts.partnership_accounts")
    with opened(browser, (site / "index.html").as_uri()) as seen:
        table = seen.page.locator("#headlines table")
        for account in accounts:
            row = table.locator("tbody tr", has_text=account["partnership_name"])
            cells = row.locator("td")
            assert cells.nth(2).text_content() == money(account["present_value_gbp"])
            assert cells.nth(3).text_content() == money(account["present_value_low_gbp"])
            assert cells.nth(5).text_content() == f"{account['sroi_central']:.2f} : 1"
        drawn = seen.page.evaluate(
            "() => document.querySelector('#present-value .plot').data[0].x")
        assert sorted(drawn) == pytest.approx(sorted(a["present_value_gbp"] for a in accounts))


def test_the_partnership_filter_hides_a_partnership_everywhere(browser, site):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        points = "() => document.querySelector('#present-value .plot').data[0].x.length"
        assert page.evaluate(points) == 4
        plymouth = page.locator("input[name=partnership][value=plymouth-complex-needs]")
        plymouth.uncheck()
        page.wait_for_function(f"({points})() === 3")
        assert not page.locator(".card", has_text="Plymouth Alliance").is_visible()
        assert not page.locator("#headlines table tbody tr",
                                has_text="Plymouth Alliance").is_visible()
        assert page.locator(".card", has_text="Oldham Social").is_visible()
        assert "3 of 4 partnerships" in page.locator(".filter-status").text_content()
        plymouth.check()
        page.wait_for_function(f"({points})() === 4")


def test_the_keyboard_reaches_the_content_and_the_table_views(browser, site):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
        summary = page.locator("#sroi details.table-view summary")
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator("#sroi details.table-view").get_attribute("open") is not None
        assert page.locator("#sroi details.table-view table").is_visible()


EVIL_PARTNERSHIP = 'Oldham <script>alert("partnership")</script> Partnership'
EVIL_PARTNER = '"><img src=x onerror=alert(1)>Age UK</td></tr></table><b>bold</b>'
EVIL_FILE = "<svg onload=alert(3)>.csv"


@pytest.fixture(scope="module")
def hostile_site(demo_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo whose partnership, partner, payee and file names are hostile, with
    the site published again from it."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    shutil.copytree(demo_home, home)
    pid = "oldham-social-prescribing"
    with writer(home / "warehouse.duckdb") as con:
        con.execute("update staging.partnerships set name = ? where partnership_id = ?",
                    [EVIL_PARTNERSHIP, pid])
        con.execute("update marts.partnership_accounts set partnership_name = ? "
                    "where partnership_id = ?", [EVIL_PARTNERSHIP, pid])
        for table in ("social_value", "partnership_inputs", "imperative_compliance",
                      "outcomes_vs_targets"):
            con.execute(f"update marts.{table} set partner_name = ? "
                        "where partner_name = 'Age UK Oldham'", [EVIL_PARTNER])
        con.execute("update marts.spend_classified set beneficiary = ? where council = 'oldham' "
                    "and beneficiary = 'Illustrative Integrated Care Board'", [EVIL_PARTNER])
        con.execute("update meta.quarantine set source_file = ? where scope = 'oldham'",
                    [EVIL_FILE])
        con.execute("update marts.feed_health set last_file = ? where scope = 'oldham'",
                    [EVIL_FILE])
        build_spend_summaries(con)  # what the pages show of the spend, from the above
    with read_only(home / "warehouse.duckdb") as con:
        publish_site(con, home / "config", home / "site")
    return home / "site"


@pytest.mark.parametrize("path, shown", [
    ("index.html", [EVIL_PARTNERSHIP]),
    ("partnerships/oldham-social-prescribing.html", [EVIL_PARTNERSHIP, EVIL_PARTNER]),
    ("councils/oldham.html", [EVIL_PARTNER]),
    ("quality.html", [EVIL_FILE]),
])
def test_hostile_names_in_the_data_appear_as_text(browser, hostile_site, path, shown):
    with opened(browser, (hostile_site / path).as_uri()) as seen:
        page = seen.page
        assert seen.dialogs == [] and seen.errors == [], (seen.dialogs, seen.errors)
        assert seen.outside(hostile_site.as_uri() + "/") == []
        assert page.evaluate("document.querySelectorAll('img, svg[onload], [onerror]').length"
                             ) == 0
        assert page.evaluate("""document.querySelectorAll(
            'script:not([src]):not([type="application/json"])').length""") == 0
        body = page.evaluate("""() => { const copy = document.body.cloneNode(true);
            copy.querySelectorAll('script').forEach(s => s.remove());
            return copy.textContent; }""")
        for text in shown:
            assert text in body, text
        if path != "quality.html":
            # Plotly draws labels as SVG text: the names must read there as typed too.
            svg = page.evaluate("""[...document.querySelectorAll('.plot svg text')]
                                   .map(t => t.textContent).join('\\n')""")
            assert any(t[:40] in svg for t in shown), path
        shoot(page, "hostile-" + path.replace("/", "-").replace(".html", ".png"))


@pytest.fixture(scope="module")
def two_years_site(demo_home: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> tuple[Path, dict[str, list[float]]]:
    """A copy of the demo with a second, earlier year of accounts (half the value), published."""
    home = tmp_path_factory.mktemp("two-years") / "home"
    shutil.copytree(demo_home, home)
    with writer(home / "warehouse.duckdb") as con:
        con.execute("""insert into marts.partnership_accounts
            select * replace ('2023-24' as financial_year, '2023-24 (Q1, Q2, Q3, Q4)' as period,
                              present_value_gbp / 2 as present_value_gbp,
                              present_value_low_gbp / 2 as present_value_low_gbp,
                              present_value_high_gbp / 2 as present_value_high_gbp)
            from marts.partnership_accounts""")
    with read_only(home / "warehouse.duckdb") as con:
        publish_site(con, home / "config", home / "site")
        values = {r["financial_year"]: sorted(v for v in r["values"]) for r in records(con, """
            select financial_year, list(present_value_gbp) as values
            from marts.partnership_accounts group by all""")}
    return home / "site", values


def test_the_period_filter_shows_one_year_or_all(browser, two_years_site):
    site, values = two_years_site
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        year = page.locator("select#filter-year")
        assert year.evaluate("s => [...s.options].map(o => o.value)") == [
            "all", "2023-24", "2024-25"]
        assert year.input_value() == "2024-25"          # the latest year first
        points = "() => document.querySelector('#present-value .plot').data[0].x"
        assert sorted(page.evaluate(points)) == pytest.approx(values["2024-25"])
        assert page.locator(".card[data-year='2023-24']").first.is_hidden()
        year.select_option("2023-24")
        page.wait_for_function(f"({points})().length === 4 && "
                               f"Math.max(...({points})()) < {max(values['2024-25'])}")
        assert sorted(page.evaluate(points)) == pytest.approx(values["2023-24"])
        assert page.locator(".card[data-year='2024-25']").first.is_hidden()
        assert page.locator(".card[data-year='2023-24']").first.is_visible()
        assert page.locator("#present-value .summary p[data-year='2023-24']").is_visible()
        year.select_option("all")
        page.wait_for_function(f"({points})().length === 8")
        assert seen.errors == []
