"""axe-core (the npm package, installed by scripts/ensure-axe, which `make test` runs) in the
published site: no serious or critical violation on any page, on a desktop (1280 px) or a
phone (390 px) screen. Run with the charts drawn and every table view open, so the whole page
is checked, not only what shows before a click."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from basics.settings import PROJECT_ROOT
from tests.test_dashboards_browser import ARTIFACTS, pages_of

pytestmark = pytest.mark.browser

AXE = PROJECT_ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_script() -> Path:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run scripts/ensure-axe (make test does)",
                    pytrace=False)
    return AXE


def violations(browser, url: str, width: int) -> list[dict]:
    # axe is injected as a script of its own: the pages' Content-Security-Policy (scripts only
    # from the site) is bypassed for the test's context alone.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("body[data-charts]", timeout=30_000)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        page.wait_for_timeout(300)
        page.add_script_tag(path=str(axe_script()))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"] if v["impact"] in SERIOUS]
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_axe_violation_on_any_page(browser, site, width):
    found = {}
    for path in pages_of(site):
        problems = violations(browser, (site / path).as_uri(), width)
        if problems:
            found[path] = problems
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{width}.json").write_text(json.dumps(found, indent=2))
    assert found == {}, json.dumps(found, indent=2)


def test_ids_are_unique_on_every_page(site):
    import re
    for path in pages_of(site):
        ids = re.findall(r'\sid="([^"]+)"', (site / path).read_text())
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
