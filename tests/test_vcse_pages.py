"""The demo's pages show how sure each VCSE share is: every council page breaks its spend down by
how the supplier type was found (matched to a register, inferred from names, unknown, redacted),
and the comparison page puts the spend matched to a register beside each council's VCSE share.
Expected figures are summed here from marts.spend_classified, not read from the coverage mart."""

from __future__ import annotations

from pathlib import Path

import pytest

from basics.duck import records
from dashboards.site.coverage import BASES
from dashboards.site.formatting import money
from dashboards.site.publish import build_pages
from warehouse.connection import read_only


@pytest.fixture(scope="module")
def pages_and_spend(demo_home: Path):
    with read_only(demo_home / "warehouse.duckdb") as con:
        pages, _ = build_pages(con, demo_home / "config", demo_home / "site")
        spend = records(con, "select council, class_basis, supplier_class, "
                             "sum(amount)::double as amount from marts.spend_classified "
                             "group by all")
        names = dict(con.execute("select name, council from marts.councils").fetchall())
    return {p.path: p for p in pages}, spend, names


def test_each_council_page_shows_matched_inferred_and_unknown_shares(pages_and_spend, demo_home):
    pages, spend, _ = pages_and_spend
    councils = sorted({r["council"] for r in spend})
    assert councils == ["croydon", "leicestershire", "oldham", "plymouth"]
    for council in councils:
        page = pages[f"councils/{council}.html"]
        [chart] = [c for s in page.sections if s.id == "vcse-coverage" for c in s.blocks]
        shown = {r.cells[0].text: r.cells for r in chart.table.rows}
        assert list(shown) == list(BASES.values())
        mine = [r for r in spend if r["council"] == council]
        for basis, label in BASES.items():
            amount = sum(r["amount"] for r in mine if r["class_basis"] == basis)
            assert shown[label][2].text == money(amount), (council, basis)
        vcse_matched = sum(r["amount"] for r in mine
                           if r["class_basis"] == "matched" and r["supplier_class"] == "vcse")
        assert shown[BASES["matched"]][4].text == money(vcse_matched)
        total = sum(r["amount"] for r in mine)
        matched = sum(r["amount"] for r in mine if r["class_basis"] == "matched")
        assert any(f"{money(matched)} of {money(total)} matched to a register" in note
                   for note in chart.table.notes)
        html = (demo_home / "site" / f"councils/{council}.html").read_text(encoding="utf-8")
        assert "How sure the VCSE share is" in html
    croydon = [r for r in spend if r["council"] == "croydon"]
    for basis in ("matched", "inferred", "unknown"):   # the sample has each kind
        assert sum(r["amount"] for r in croydon if r["class_basis"] == basis) > 0, basis


def test_the_comparison_shows_each_vcse_share_with_its_coverage(pages_and_spend):
    pages, spend, names = pages_and_spend
    [table] = [t for t in pages["index.html"].tables
               if t.caption.startswith("Lead councils' spend over £500 to VCSE")]
    column = table.columns.index("Spend matched to a register")
    for row in table.rows:
        council = names[row.cells[0].text]
        mine = [r for r in spend if r["council"] == council]
        matched = sum(r["amount"] for r in mine if r["class_basis"] == "matched")
        total = sum(r["amount"] for r in mine)
        assert row.cells[column].text == f"{money(matched)} of {money(total)}"
