"""Spend per council: who it pays, by supplier type, commissioning route and locality, month
by month, and how many of its payments it redacted. £ as the council paid them."""

from __future__ import annotations

import pandas as pd

from dashboards.site import figures, summaries, tables
from dashboards.site import formatting as f
from dashboards.site.coverage import coverage_section
from dashboards.site.model import Chart, Filters, Page, Section, Summary
from dashboards.site.pages import Context, council_path, partnership_path, years

AS_PAID = "£ as paid"
DIMENSIONS = {
    "supplier_class": ("by-supplier-type", "Spend by type of supplier", "supplier type"),
    "commissioning_route": ("by-route", "Spend by commissioning route", "commissioning route"),
    "locality": ("by-locality", "Spend to local and other suppliers", "locality"),
}


def build(ctx: Context, council: str) -> Page:
    w = ctx.warehouse
    name = ctx.council_name(council)
    analysis = w.spend_analysis[w.spend_analysis["council"] == council].assign(
        partnerships=lambda a: [ctx.partnerships_of(council)] * len(a))
    sections = [Section("paid", "Who is paid", [suppliers_chart(ctx, council)],
                        intro="The council's largest payees in the year. Payments to "
                              "individuals, and payees the council redacted, are never named "
                              "here: they are counted together.")]
    breakdown = []
    for dimension, (cid, title, what) in DIMENSIONS.items():
        rows = analysis[analysis["dimension"] == dimension]
        if len(rows):
            chart = category_chart(rows, cid, title, what)
            if dimension == "locality":
                chart.summaries = [locality_coverage(s, rows) for s in chart.summaries]
            breakdown.append(chart)
    sections.append(Section("breakdown", "By supplier type, route and locality", breakdown))
    coverage = coverage_section(w.vcse_coverage, council)
    if coverage:
        sections.append(coverage)
    monthly = w.monthly_spend[w.monthly_spend["council"] == council]
    if len(monthly):
        sections.append(Section("months", "Month by month", [months_chart(monthly)]))
    sections.append(Section("redactions", "Redactions", [redactions_table(ctx, council)],
                            intro="Councils may withhold a payee's name (personal data, "
                                  "commercial confidence). The payment still counts in every "
                                  "total; the name is never guessed."))
    partnerships = ", ".join(ctx.names.get(p, p) for p in ctx.partnerships_of(council))
    fy = years(analysis)
    return Page(
        path=council_path(council), title=f"Spend: {name}", nav="council",
        lede=f"{name}'s payments over £500 as published under the Local Government "
             f"Transparency Code, classified by supplier. Partnerships it leads: "
             f"{partnerships or 'none'}. All £ as paid (not restated to one price year).",
        sections=[s for s in sections if s.blocks],
        filters=Filters(years=fy, default_year=fy[-1] if fy else None))


# The columns of a council page's spend tables: how many payments, how much, and its share of
# the council's spend in the year.
PAID: list[tables.Column] = [
    ("Payments", lambda r: tables.number(r["lines"])),
    ("Amount", lambda r: tables.money(r["amount_gbp"])),
]
SHARE_OF_SPEND: tables.Column = ("Share of spend", lambda r: tables.share(r["share"]))


def suppliers_chart(ctx: Context, council: str) -> Chart:
    rows = ctx.warehouse.suppliers
    rows = rows[rows["council"] == council].copy()
    totals = ctx.warehouse.spend_analysis
    totals = totals[(totals["council"] == council)].drop_duplicates("financial_year").set_index(
        "financial_year")["council_total_gbp"]
    rows["share"] = rows["amount_gbp"] / rows["financial_year"].map(totals)
    rows["partnerships"] = [[] for _ in range(len(rows))]
    top = rows.groupby("financial_year", group_keys=False).head(10)
    table = tables.build(f"Largest payees ({AS_PAID})", [
        ("Rank", lambda r: tables.number(r["rank"])),
        ("Payee", lambda r: tables.text(r["supplier"], header=True)),
        ("Supplier type", lambda r: tables.text(f.humanise(r["supplier_class"]))),
        ("Local", lambda r: tables.text({True: "yes", False: "no"}.get(r["is_local"],
                                                                        "unknown"))),
        ("Partnership", lambda r: tables.text(r["partnership"]) if f.blank(r["partnership"])
         else tables.text(r["partnership"], href=_partnership_href(ctx, r["partnership"]))),
        ("Route", lambda r: tables.text(r["commissioning_route"] if not f.blank(
            r["commissioning_route"]) else "outside a partnership")),
        *PAID, SHARE_OF_SPEND,
    ], tables.records(rows), partnership=None)
    return Chart(
        id="payees", title=f"The ten largest payees ({AS_PAID})",
        figure=figures.to_json(figures.category_bars(
            top.rename(columns={"supplier": "category"}), axis_title=AS_PAID, words=False)),
        table=table, summaries=summaries.bars(rows, "supplier", "largest payees", words=False),
        alt="Horizontal bars: the council's ten largest payees in the year, with each one's "
            "share of its spend.", unit=AS_PAID)


def locality_coverage(summary: Summary, rows: pd.DataFrame) -> Summary:
    """A locality summary that says first how much of the spend has a locality at all."""
    year = rows[rows["financial_year"] == summary.year] if summary.year else rows
    unknown = float(year.loc[year["category"] == "unknown", "share"].sum())
    return Summary(f"Locality is known for {f.share(1 - unknown, 0)} of the spend (unknown for "
                   f"{f.share(unknown, 0)}: no postcode, and no register places the supplier). "
                   + summary.text, summary.year)


def _partnership_href(ctx: Context, partnership_name: str) -> str | None:
    for pid, name in ctx.names.items():
        if name == partnership_name:
            return partnership_path(pid)
    return None


def category_chart(rows: pd.DataFrame, cid: str, title: str, what: str) -> Chart:
    table = tables.build(f"{title} ({AS_PAID})", [
        (what.capitalize(), lambda r: tables.text(f.humanise(r["category"]), header=True)),
        ("Year", lambda r: tables.text(r["financial_year"])),
        *PAID, SHARE_OF_SPEND,
    ], tables.records(rows), partnership=None)
    return Chart(
        id=cid, title=f"{title} ({AS_PAID})",
        figure=figures.to_json(figures.category_bars(rows, axis_title=AS_PAID)), table=table,
        summaries=summaries.bars(rows, "category", f"spend by {what}"),
        alt=f"Horizontal bars: the council's spend by {what}, with each bar's share.",
        unit=AS_PAID)


def months_chart(monthly: pd.DataFrame) -> Chart:
    table = tables.build(f"Spend by month and supplier type ({AS_PAID})", [
        ("Month", lambda r: tables.text(pd.Timestamp(r["month"]).strftime("%Y-%m"),
                                        header=True)),
        ("Supplier type", lambda r: tables.text(f.humanise(r["supplier_class"]))),
        *PAID,
        ("Redacted payments", lambda r: tables.number(r["redacted_lines"])),
        ("Redacted amount", lambda r: tables.money(r["redacted_gbp"])),
    ], tables.records(monthly), partnership=None)
    return Chart(
        id="by-month", title=f"Spend by month and supplier type ({AS_PAID})",
        figure=figures.to_json(figures.stacked_months(monthly, AS_PAID)), table=table,
        summaries=summaries.months(monthly),
        alt="Stacked bars: the council's spend each month, by type of supplier.", unit=AS_PAID)


def redactions_table(ctx: Context, council: str):
    rows = ctx.warehouse.redactions
    rows = rows[rows["council"] == council]
    table = tables.build(f"Payments with the payee redacted, by the council's label ({AS_PAID})", [
        ("Label used by the council", lambda r: tables.text(r["label"], header=True)),
        ("Year", lambda r: tables.text(r["financial_year"])),
        *PAID,
    ], tables.records(rows), partnership=None)
    total = int(rows["lines"].sum()) if len(rows) else 0
    table.notes.append(f"{total} payments redacted in all, "
                       f"{f.money(rows['amount_gbp'].sum() if len(rows) else 0)}."
                       if total else "No payments were redacted.")
    return table

