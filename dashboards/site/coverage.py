"""How sure a council's VCSE share is: its spend by how each payee's type was found.

A council page's section, from `marts.vcse_coverage`: the spend matched to a register (the charity,
company, mutuals and housing registers, or the partners register), the spend classed from words
in the payee's name, the spend that is unknown (on no register, no telling word) and the
redacted spend, each with the part of it that went to VCSE organisations; and, in words, the
coverage: "£X of £Y matched to a register". No payee is named here.
"""

from __future__ import annotations

import pandas as pd

from dashboards.site import figures, tables
from dashboards.site import formatting as f
from dashboards.site.model import Chart, Section, Summary

AS_PAID = "£ as paid"
BASES = {
    "matched": "Matched to a register",
    "inferred": "Inferred from words in the name",
    "unknown": "Unknown: on no register loaded, no telling word",
    "redacted": "Redacted by the council",
}
INTRO = ("Whether a payee is a voluntary, community or social enterprise (VCSE) organisation is "
         "decided, where possible, by the registers: the charity registers, Companies House, "
         "the Mutuals Public Register, the list of registered providers of social housing and "
         "the partners register. Where no register has the payee, the type is inferred from "
         "words in its name (such as 'trust' or 'CIC'), which is less sure. The coverage says "
         "how much of the council's spend rests on a register.")


def coverage_phrase(row: dict) -> str:
    """"£X of £Y matched to a register (z%)": the words published beside every VCSE share."""
    return (f"{f.money(row['matched_gbp'])} of {f.money(row['total_gbp'])} matched to a "
            f"register ({f.share(_ratio(row['matched_gbp'], row['total_gbp']))})")


def coverage_section(coverage: pd.DataFrame, council: str) -> Section | None:
    """The council page's section on how sure its VCSE share is (None before the mart)."""
    rows = coverage[coverage["council"] == council] if len(coverage) else coverage
    if not len(rows):
        return None
    return Section("vcse-coverage", "How sure the VCSE share is", [_chart(rows)], intro=INTRO)


def _ratio(part, whole) -> float | None:
    return float(part) / float(whole) if not f.blank(whole) and float(whole) else None


def _long(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per year and basis: amount, share of the year's spend, and the VCSE part."""
    out = []
    for r in tables.records(rows):
        for basis, label in BASES.items():
            amount = r[f"{basis}_gbp"]
            out.append({"financial_year": r["financial_year"], "basis": basis,
                        "category": label, "amount_gbp": float(amount),
                        "share": _ratio(amount, r["total_gbp"]),
                        "vcse_gbp": r.get(f"vcse_{basis}_gbp"),
                        "partnerships": []})
    return pd.DataFrame(out)


def _chart(rows: pd.DataFrame) -> Chart:
    long = _long(rows)
    table = tables.build(f"Spend by how the supplier type was found ({AS_PAID})", [
        ("How the supplier type was found", lambda r: tables.text(r["category"], header=True)),
        ("Year", lambda r: tables.text(r["financial_year"])),
        ("Amount", lambda r: tables.money(r["amount_gbp"])),
        ("Share of spend", lambda r: tables.share(r["share"])),
        ("Of which to VCSE organisations", lambda r: tables.money(r["vcse_gbp"])
         if r["basis"] in ("matched", "inferred") else tables.text("—")),
    ], tables.records(long), partnership=None,
        notes=[f"{r['financial_year']}: VCSE share {f.share(_ratio(r['vcse_gbp'], r['total_gbp']))}"
               f" ({f.money(r['vcse_gbp'])} of {f.money(r['total_gbp'])}); "
               f"{coverage_phrase(r)}." for r in tables.records(rows)])
    return Chart(
        id="by-basis", title=f"Spend by how the supplier type was found ({AS_PAID})",
        figure=figures.to_json(figures.category_bars(long, axis_title=AS_PAID, words=False)),
        table=table, summaries=_summaries(rows),
        alt="Horizontal bars: the council's spend matched to a register, inferred from words "
            "in payees' names, unknown and redacted, with each bar's share.", unit=AS_PAID)


def _summaries(rows: pd.DataFrame) -> list[Summary]:
    out = []
    for r in tables.records(rows):
        out.append(Summary(
            f"{r['financial_year']}: {f.share(_ratio(r['vcse_gbp'], r['total_gbp']))} of the "
            f"council's spend went to VCSE organisations ({f.money(r['vcse_gbp'])}): "
            f"{f.money(r['vcse_matched_gbp'])} to organisations matched to a register and "
            f"{f.money(r['vcse_inferred_gbp'])} to organisations inferred from their names. "
            f"Of all its spend, {coverage_phrase(r)}; "
            f"{f.money(r['unknown_gbp'])} is unknown and {f.money(r['redacted_gbp'])} redacted "
            f"({AS_PAID}).", year=r["financial_year"]))
    return out
