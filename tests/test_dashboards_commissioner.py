"""The dashboards as a commissioner reads them (issue 16): each numbered finding of the issue
has a test here that opens the published demo site in headless Chromium.

1 time axes in time order; 2 evidence as shares of value by grade; 3 harms worded by direction;
4 summaries computed from the filtered data; 6 locality with its coverage; 7 no cost per
outcome on the comparison; 8 no placeholder titles, radar labels whole; 9 the verdict on the
first screen; 10 plain words; 11 freshness on every card and a banner when data is overdue;
then the phone layout, filter state in the URL and "download this view".
(Finding 5, how the theme chart's small cells are hidden, belongs to the suppression rules.)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from basics.duck import records
from dashboards.site.formatting import ratio
from tests.test_dashboards_browser import ARTIFACTS, Visit, opened, pages_of
from warehouse.connection import read_only

pytestmark = pytest.mark.browser

PLYMOUTH = "partnerships/plymouth-complex-needs.html"
PERIOD_LABEL = re.compile(r"^\d{4}-\d{2}( Q[1-4])?$")


@contextmanager
def opened_at(browser, url: str, width: int = 1280, height: int = 900) -> Iterator[Visit]:
    """The page opened (`opened`) and resized to `width` x `height`, its charts redrawn."""
    with opened(browser, url) as seen:
        if width != 1280 or height != 900:
            seen.page.set_viewport_size({"width": width, "height": height})
            # The charts redraw for the new width; the page says when they have.
            layout = "phone" if width < 600 else "wide"
            seen.page.wait_for_selector(f"body[data-layout={layout}]", timeout=30_000)
            seen.page.wait_for_timeout(200)
        yield seen


@pytest.fixture(scope="module")
def accounts(demo_home: Path) -> dict[str, dict]:
    with read_only(demo_home / "warehouse.duckdb") as con:
        return {r["partnership_id"]: r for r in records(
            con, "select * from marts.partnership_accounts")}


# 1. Every time axis in time order.

AXES = """() => [...document.querySelectorAll('.plot')].flatMap(el => {
    const layout = el._fullLayout || {};
    return Object.keys(layout).filter(k => /^[xy]axis\\d*$/.test(k))
        .filter(k => layout[k].type === 'category')
        .map(k => ({chart: el.closest('figure').id, axis: k,
                    categories: (layout[k]._categories || []).map(String)}));
})"""


def test_every_time_axis_on_every_page_is_in_time_order(browser, site):
    checked = 0
    for path in pages_of(site):
        with opened(browser, (site / path).as_uri()) as seen:
            for axis in seen.page.evaluate(AXES):
                periods = [c for c in axis["categories"] if PERIOD_LABEL.match(c)]
                if len(periods) < 2:
                    continue
                checked += 1
                assert periods == sorted(periods), (path, axis)
    # Spend by month on four councils, and quarters on the partnership and comparison pages.
    assert checked >= 12


# 2. Evidence: the share of value by grade, the weakest grade as a footnote.

@pytest.mark.parametrize("pid, strong", [("leicestershire-childrens", "50%")])
def test_evidence_is_the_share_of_value_by_grade(browser, site, accounts, pid, strong):
    account = accounts[pid]
    with opened(browser, (site / "index.html").as_uri()) as seen:
        card = seen.page.locator(f".card[data-partnership='{pid}']")
        evidence = card.locator(".evidence")
        assert f"{strong} of the value rests on grade A or B evidence" in evidence.inner_text()
        widths = evidence.evaluate("""el => Object.fromEntries(
            [...el.querySelectorAll('.evidence-bar [data-grade]')].map(s => [
                s.dataset.grade, s.getBoundingClientRect().width /
                el.querySelector('.evidence-bar').getBoundingClientRect().width]))""")
        for grade in "ABCD":
            share = float(account[f"value_share_grade_{grade.lower()}"] or 0)
            assert widths.get(grade, 0) == pytest.approx(share, abs=0.02), grade
        # The weakest grade is a footnote, not the headline of the evidence.
        footnote = evidence.locator(".footnote").inner_text()
        assert f"Weakest grade: {account['weakest_evidence_grade']}" in footnote
        headline = evidence.evaluate("""el => { const c = el.cloneNode(true);
            c.querySelectorAll('.footnote').forEach(f => f.remove()); return c.innerText; }""")
        assert "weakest" not in headline.lower()


def test_evidence_shares_that_would_give_a_count_back_say_they_are_withheld(browser, site,
                                                                            accounts):
    # Plymouth's grade shares times its value would give a withheld count of 4 back
    # (tests/test_disclosure_attack.py): the card says they are withheld, and why.
    pid = "plymouth-complex-needs"
    with opened(browser, (site / "index.html").as_uri()) as seen:
        evidence = seen.page.locator(f".card[data-partnership='{pid}'] .evidence")
        text = evidence.inner_text()
        assert "withheld to protect small numbers of people" in text
        assert evidence.locator(".evidence-bar [data-grade]").count() == 0
        assert f"Weakest grade: {accounts[pid]['weakest_evidence_grade']}" in text


# 3. A harm reads as a harm.

def test_a_broken_ceiling_reads_as_a_harm_not_a_success(browser, site):
    with opened(browser, (site / PLYMOUTH).as_uri() + "#year=2024-25") as seen:
        summary = seen.page.locator("#measures .summary").inner_text()
        sentence = next(s for s in summary.split(";") if "Tenancy lost" in s)
        assert "at or above target" not in sentence
        # Q3's 10 broke the ceiling of 6. Q2's 9 (4 + 5) is withheld: the extract hides the 4
        # and publishes the 5, so 9 on the page would give the 4 back.
        assert re.search(r"above the ceiling of 6 in 1 of 1 quarters", sentence), sentence
        rows = seen.page.locator("#measures table tbody tr", has_text="Tenancy lost")
        statuses = [rows.nth(i).locator("td").nth(4).text_content()
                    for i in range(rows.count())]
        assert sum("above the ceiling" in s for s in statuses) == 1, statuses
        assert not any("met" in s for s in statuses if "above" in s)


# 4. Text summaries follow the filters.

def visible_summaries(page) -> str:
    return page.evaluate("""() => [...document.querySelectorAll('.summary, #verdict .lead')]
        .filter(el => el.offsetParent !== null).map(el => el.innerText).join('\\n')""")


def test_summaries_are_computed_from_the_filtered_data(browser, site):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        before = visible_summaries(page)
        assert "Plymouth" in before and "four partnerships" in before
        page.locator("input[name=partnership][value=plymouth-complex-needs]").uncheck()
        page.wait_for_function("() => !document.querySelector('#verdict .lead')"
                               ".innerText.includes('Plymouth')")
        after = visible_summaries(page)
        assert "Plymouth" not in after, after
        assert "three partnerships" in after and "four partnerships" not in after
        # Each chart's summary still names the partnerships shown.
        for name in ("Leicestershire", "Croydon", "Oldham"):
            assert name in page.locator("#sroi .summary").inner_text()
        page.locator("input[name=partnership][value=plymouth-complex-needs]").check()
        page.wait_for_function("() => document.querySelector('#verdict .lead')"
                               ".innerText.includes('Plymouth')")
        assert visible_summaries(page) == before


# 6. Locality: local, not local and unknown, with coverage.

def test_locality_is_local_not_local_or_unknown_with_its_coverage(browser, site, demo_home):
    with read_only(demo_home / "warehouse.duckdb") as con:
        shares = {(r["council"], r["category"]): r["share"] for r in records(con, """
            select council, category, sum(share) as share from marts.council_spend_analysis
            where dimension = 'locality' group by all""")}
    with opened(browser, (site / "index.html").as_uri()) as seen:
        text = seen.page.locator("#spend").inner_text()
        unknown = shares[("leicestershire", "unknown")]
        assert unknown > 0.8
        assert f"locality unknown for {unknown:.0%}" in text, text
        assert not re.search(r"\d+% to local suppliers", text)
        head = seen.page.locator("#locality table thead").text_content()
        assert "Local" in head and "Not local" in head and "Unknown" in head


# 7. Cost per outcome is not on the comparison; the method says why.

def test_no_cost_per_outcome_on_the_comparison_and_the_method_says_why(browser, site):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        assert seen.page.locator("#cost-per-outcome").count() == 0
        assert "per A&E attendance" not in seen.page.inner_text("main")
    with opened(browser, (site / "method.html").as_uri()) as seen:
        text = seen.page.locator("#cost-per-outcome").inner_text()
        assert "not split between" in text and "all inputs" in text


# 8. No placeholder reaches a page; radar labels whole.

def test_no_placeholder_title_reaches_any_page(site):
    for path in pages_of(site):
        assert "title to be configured" not in (site / path).read_text(), path


@pytest.mark.parametrize("width", [1280, 390])
def test_radar_labels_are_whole_and_inside_the_chart(browser, site, width):
    with opened_at(browser, (site / "index.html").as_uri(), width) as seen:
        labels = seen.page.evaluate("""() => [...document.querySelectorAll(
            '#self-assessment-principle .angularaxistick text')].map(t => {
                const r = t.getBoundingClientRect(), p = t.closest('.plot')
                    .getBoundingClientRect();
                const lines = [...t.querySelectorAll('tspan.line')].map(l => l.textContent);
                return {text: lines.length ? lines.join(' ') : t.textContent,
                        left: r.left - p.left, right: p.right - r.right, top: r.top - p.top};
            })""")
        joined = " ".join(label["text"] for label in labels)
        assert "reasonable surplus" in joined, joined
        for label in labels:
            assert label["left"] >= -1 and label["right"] >= -1 and label["top"] >= -1, label


# 9. The verdict and its numbers on the first screen.

def test_the_first_screen_gives_the_verdict_with_its_numbers(browser, site, accounts):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        lead = page.locator("#verdict .lead")
        text = lead.inner_text()
        above = [a for a in accounts.values() if a["sroi_low"] >= 1]
        straddle = [a for a in accounts.values() if a["sroi_low"] < 1 <= a["sroi_high"]]
        short = [a for a in accounts.values() if a["sroi_high"] < 1]
        assert above and straddle and short
        assert "even on cautious assumptions" in text
        for a in above + straddle + short:
            assert a["partnership_name"] in text
            assert f"£{a['sroi_low']:.2f} to £{a['sroi_high']:.2f}" in text
        assert "straddles break-even" in text and "falls short" in text
        assert "with more or less cautious assumptions" in text
        assert "outcome returns" in text and "spend" in text   # what the figures cover
        assert lead.bounding_box()["y"] + lead.bounding_box()["height"] <= 900
        for pid, a in accounts.items():
            value = page.locator(f".card[data-partnership='{pid}'] .figure.sroi .range")
            box = value.bounding_box()
            assert box and box["y"] + box["height"] <= 900, (pid, box)
            assert f"£{a['sroi_low']:.2f} to £{a['sroi_high']:.2f}" in value.inner_text()
        # No partnership is called highest while its range overlaps another's.
        sroi = page.locator("#sroi .summary").inner_text()
        assert "highest" not in sroi and "overlap" in sroi
        page.screenshot(path=str(ARTIFACTS / "first-screen-1280.png"))


# 10. Plain words for the people who read the pages.

JARGON = ("present value", "outcome lines", "sensitivity case", "sensitivity cases")
CODE_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\bpartner\.[a-z_]+|>=|<=")


@pytest.mark.parametrize("path", ["index.html", PLYMOUTH, "quality.html"])
def test_pages_speak_plainly(browser, site, path):
    with opened(browser, (site / path).as_uri()) as seen:
        seen.page.evaluate("""() => document.querySelectorAll('details')
                             .forEach(d => d.open = true)""")
        text = seen.page.inner_text("main")
        if path == "index.html":
            lowered = text.lower()
            assert not [j for j in JARGON if j in lowered], [j for j in JARGON if j in lowered]
        found = sorted(set(CODE_NAME.findall(text)))
        assert found == [], found


# 11. Freshness on every card; a banner when data is overdue; quality sorted by severity.

def test_every_card_says_how_fresh_its_data_is_and_a_banner_says_it_is_overdue(browser, site):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        cards = page.locator(".card")
        assert cards.count() == 4
        for i in range(cards.count()):
            fresh = cards.nth(i).locator(".freshness").inner_text()
            assert "Outcome returns up to 2024-25 Q4" in fresh, fresh
            assert "6 quarters overdue" in fresh, fresh
        banner = page.locator(".overdue-banner")
        assert banner.is_visible()
        # Four spend and four outcome feeds are late; the other twelve (registers included) are not.
        assert "overdue" in banner.inner_text() and "8 of 20" in banner.inner_text()
        assert banner.evaluate("el => !!el.closest('header, main, footer, nav, [role=region]')")


def test_the_quality_table_is_sorted_by_severity_with_styled_states(browser, site):
    with opened(browser, (site / "quality.html").as_uri()) as seen:
        page = seen.page
        rows = page.locator("#feeds table tbody tr")
        states = [rows.nth(i).locator("td").nth(0).inner_text() for i in range(rows.count())]
        order = {"Overdue": 0, "Late": 1, "On time": 2}
        ranks = [min((v for k, v in order.items() if s.startswith(k)), default=3)
                 for s in states]
        assert ranks == sorted(ranks) and ranks[0] == 0, states
        badge = rows.nth(0).locator(".state")
        assert badge.evaluate("el => getComputedStyle(el).backgroundColor") not in (
            "rgba(0, 0, 0, 0)", "transparent")
        impact = page.locator("#quarantine table", has_text="What is missing")
        text = impact.inner_text()
        assert "Plymouth Alliance for Complex Needs" in text   # a return row held back
        assert "£" in text


# The phone: 390 px wide.

PHONE_PAGES = ["index.html", PLYMOUTH, "councils/plymouth.html", "quality.html"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_the_phone_layout_works(browser, site, path):
    with opened_at(browser, (site / path).as_uri(), 390, 844) as seen:
        page = seen.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        plots = page.evaluate("""() => [...document.querySelectorAll('.plot')].map(el => ({
            id: el.closest('figure').id, width: el._fullLayout ? el._fullLayout._size.w : 0,
            legend: el._fullLayout && el._fullLayout.showlegend ?
                    el._fullLayout.legend.y : null,
            ylabels: [...el.querySelectorAll('.ytick text')].map(t =>
                t.getBoundingClientRect().left - el.getBoundingClientRect().left)}))""")
        for plot in plots:
            if plot["id"].startswith("self-assessment") or plot["id"] in ("flows",
                                                                           "imperative-matrix"):
                continue
            assert plot["width"] >= 250, plot
            assert all(x >= -1 for x in plot["ylabels"]), plot
            if plot["legend"] is not None:
                assert plot["legend"] < 0, plot      # legends below the plot
        # Wide tables scroll, and say so.
        for wrap in page.locator(".table-wrap").all():
            if wrap.evaluate("el => el.scrollWidth > el.clientWidth + 1"):
                wrap.evaluate("el => el.closest('details') && (el.closest('details').open = true)")
                assert wrap.locator("xpath=..").locator(".scroll-hint").count() >= 1
        page.screenshot(path=str(ARTIFACTS / ("phone-" + path.replace("/", "-")
                                              .replace(".html", ".png"))), full_page=True)


def test_labels_sit_above_the_bars_on_a_phone(browser, site):
    with opened_at(browser, (site / "index.html").as_uri(), 390, 844) as seen:
        labels = seen.page.evaluate("""() => { const el = document.querySelector(
            '#sroi .plot'); return [...el.querySelectorAll('.annotation-text')]
            .map(t => t.textContent); }""")
        assert any("Plymouth" in t for t in labels), labels


def test_the_menu_opens_within_the_phone_screen(browser, site):
    with opened_at(browser, (site / "index.html").as_uri(), 390, 844) as seen:
        menu = seen.page.locator("details.nav-menu", has_text="Council spend")
        menu.locator("summary").click()
        box = menu.locator("ul").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


# Filter state in the URL, and "download this view".

def test_the_filters_live_in_the_url_and_the_view_downloads(browser, site, accounts):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        page.locator("input[name=partnership][value=plymouth-complex-needs]").uncheck()
        page.wait_for_function("() => location.hash.includes('plymouth') || "
                               "location.search.includes('plymouth')")
        url = page.url
    with opened(browser, url) as seen:
        page = seen.page
        assert not page.locator("input[name=partnership][value=plymouth-complex-needs]"
                                ).is_checked()
        assert not page.locator(".card[data-partnership='plymouth-complex-needs']").is_visible()
        link = page.locator("a#download-view")
        assert "3" in link.inner_text() or "this view" in link.inner_text()
        with page.expect_download() as info:
            link.click()
        body = Path(info.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))
        assert sorted(r["Partnership"] for r in rows) == sorted(
            a["partnership_name"] for p, a in accounts.items() if p != "plymouth-complex-needs")
        oldham = next(r for r in rows if r["Partnership"].startswith("Oldham"))
        assert oldham["SROI, central"] == ratio(accounts["oldham-social-prescribing"][
            "sroi_central"])


# The README's pictures of the comparison page, taken afresh by every run of the tests.

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 1900)])
def test_the_readme_screenshots_show_the_comparison_as_published(browser, site, width, height):
    with opened_at(browser, (site / "index.html").as_uri(), width, height) as seen:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"comparison-{width}.png"
        seen.page.screenshot(path=str(target))
        png = target.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == width
        assert int.from_bytes(png[20:24], "big") == height


# The page's script tells every filtered summary exactly as the Python that published it.

def told_in_python(site: Path, chosen: set[str] | None) -> list[str]:
    import html
    import json

    from dashboards.site.sentences import Count, Item, Items, Plural, Sentence, render

    def part(p):
        if isinstance(p, str):
            return p
        kind = p["type"]
        if kind == "items":
            return Items(p["key"], [Item(**i) for i in p["items"]], p["sep"], p["last"],
                         p["hidden"])
        if kind == "count":
            return Count(p["key"], p["capital"])
        return Plural(p["key"], [part(x) for x in p["one"]], [part(x) for x in p["many"]])

    out = []
    page = (site / "index.html").read_text()
    for data in re.findall(r'data-sentences="([^"]*)"', page):
        sentences = [Sentence([part(p) for p in s["parts"]], s["needs"], s["otherwise"])
                     for s in json.loads(html.unescape(data))]
        out.append(render(sentences, chosen))
    return out


def test_the_script_re_tells_each_summary_as_python_does(browser, site, accounts):
    with opened(browser, (site / "index.html").as_uri()) as seen:
        page = seen.page
        script = "() => [...document.querySelectorAll('p[data-sentences]')].map(p => p.textContent)"
        assert page.evaluate(script) == told_in_python(site, None)
        page.locator("input[name=partnership][value=plymouth-complex-needs]").uncheck()
        page.locator("input[name=partnership][value=croydon-community]").uncheck()
        page.wait_for_function("() => !document.querySelector('#verdict .lead')"
                               ".innerText.includes('Croydon')")
        chosen = set(accounts) - {"plymouth-complex-needs", "croydon-community"}
        assert page.evaluate(script) == told_in_python(site, chosen)
