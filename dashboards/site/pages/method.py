"""The Method page: the formulas (docs/method.md), the proxy values' sources and licences, the
assumptions in force, the suppression rules, and the data versions the site was built from."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from dashboards.publication import SAMPLE_NOTICE
from dashboards.site import formatting as f
from dashboards.site import tables
from dashboards.site.model import Page, Prose, Section
from dashboards.site.pages import Context

# A proxy value under a non-commercial or no-derivatives licence (National TOMs, HACT) is the
# user's to use, not ours to republish: its source and licence are shown, the value is not.
RESTRICTED = re.compile(r"\b(nc|nd)\b|non-?commercial|no-?deriv|proprietary|all rights",
                        re.IGNORECASE)
ASSUMPTION_LABELS = {
    "price_base_year": "Price base year", "price_index_years": "Price index years",
    "price_index_source": "Price index source", "catalogue": "Catalogue edition used",
    "discounting": "Discounting", "benefit_timing": "Benefit timing",
    "valuation_settings": "Valuation settings (convention, discount rate, start, duration)",
    "inputs_treatment": "Inputs and the period", "sensitivity_description": "Sensitivity cases",
    "scenarios": "Named scenarios", "assumptions_source": "Assumptions from",
    "built_at": "Accounts built",
}


def render_markdown(text: str) -> tuple[str, Markup]:
    """The method's title and its body as HTML: raw HTML in the Markdown is escaped, headings
    moved one level down to sit under the page's own."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    title = ""
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        title = tokens[1].content
        tokens = tokens[3:]
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    # A code block wider than the screen scrolls: it must take the keyboard's focus to be read.
    html = md.renderer.render(tokens, md.options, {}).replace("<pre>", '<pre tabindex="0">')
    return title, Markup(html)


def build(ctx: Context, method: Path) -> Page:
    w = ctx.warehouse
    if method.exists():
        title, body = render_markdown(method.read_text(encoding="utf-8"))
        prose = Prose(html=body)
    else:
        title, prose = "The method", Prose([f"The method text ({method.name}) was not found."])
    sections = [
        Section("method", title or "The method", [prose]),
        Section("proxies", "Proxy values: sources and licences", [proxies_table(ctx)],
                intro="Each measure's financial proxy, the year its £ are in, and the "
                      "catalogue it came from, under its licence."),
        Section("assumptions", "Assumptions in force", [assumptions_table(ctx)]),
        Section("cost-per-outcome", "Why cost per outcome is not compared", [Prose([
            "A partnership's inputs (council payments and grants) pay for all its outcomes "
            "together: they are not split between outcomes in any record the councils or "
            "partners publish. Dividing all inputs by the quantity of one outcome (all inputs "
            "over the A&E attendances avoided, say) charges that outcome with the whole cost "
            "of every outcome, so it overstates each one's cost and cannot be added up or "
            "compared between partnerships.",
            "The comparison therefore shows what the inputs buy in total (social value for "
            "every £1 put in) and the cost per person benefiting (all inputs over all people "
            "reported). The funder extracts keep the per-outcome figure as 'all inputs per unit "
            "of each outcome', with its basis stated, for readers who apportion inputs "
            "themselves."])]),
        Section("self-assessment-items", "Principles and correctives", [
            items_table(ctx)], intro="The titles the self-assessment charts use. E3M's nine "
            "principles are given in short. Of the five correctives only the fifth's wording "
            "could be verified; the others are named by number until a council gives their "
            "titles in config/self_assessment.yaml."),
        Section("small-numbers", "Small numbers", [Prose([
            ctx.policy.describe(),
            "A £ figure is a count in disguise (a measure's value is its count times a proxy "
            "and rates published on this page), so it is hidden with the count it comes from. "
            "Which outcome lines are hidden is decided once, for these pages and the funder "
            "extracts together: the published totals (each account's social value, cautious "
            "and generous, and its people; each measure's year) are treated as equations in "
            "the hidden counts, and lines are hidden beside a small one until no hidden count "
            "can be solved for. A quarter, theme or partner figure is shown only where the "
            "figures already published fix it; a theme's quarter that cannot be shown in full "
            "shows the part from outcomes that can, and the page says how much of the year is "
            "not placed in a quarter. A suppressed figure is shown as c, never as 0; a true "
            "zero is shown as 0."])]),
        Section("versions", "Data versions", [versions_table(ctx)],
                intro="Every file whose rows are in the warehouse, as published on this site."),
    ]
    if w.sample_data:
        sections.append(Section("sample", "Sample data", [Prose([SAMPLE_NOTICE])]))
    return Page(path="method.html", title="Method", nav="method",
                lede="How the figures on these pages are made, what they assume, and where "
                     "their numbers come from.", sections=sections)


def items_table(ctx: Context):
    scores = ctx.titled_scores()
    items = scores.drop_duplicates("item_code").sort_values(
        ["framework", "item_code"], ascending=[False, True]) if len(scores) else scores
    return tables.build("Principles and correctives scored", [
        ("Item", lambda r: tables.text(r["item_code"], header=True)),
        ("Framework", lambda r: tables.text(r["framework"])),
        ("Title shown", lambda r: tables.text(r["item_title"])),
    ], tables.records(items), partnership=None, year=None)


def proxies_table(ctx: Context):
    def proxy(r: dict):
        if RESTRICTED.search(str(r["licence"] or "")):
            return tables.text("not republished (licence)")
        return tables.money(r["proxy_value_gbp"]) if float(r["proxy_value_gbp"]).is_integer() \
            else tables.text(f"£{float(r['proxy_value_gbp']):,.2f}")

    def counts_said(r: dict) -> str:
        # What suppression treats the quantity as, and the catalogue's own word when it was
        # blank or not understood (then the measure is treated as counting people).
        declared = r.get("counts_declared")
        if f.blank(declared):
            return f"{r['counts']} (not declared)" if r["counts"] == "people" else r["counts"]
        if str(declared).strip().lower() != r["counts"]:
            return f"{r['counts']} (declared: {declared})"
        return r["counts"]

    return tables.build("Measure catalogue: proxies, rates, sources and licences", [
        ("Code", lambda r: tables.text(r["code"], header=True)),
        ("Outcome", lambda r: tables.text(r["outcome"])),
        ("Theme", lambda r: tables.text(f.humanise(r["theme"]))),
        ("Unit", lambda r: tables.text(r["unit"])),
        ("Proxy per unit", proxy),
        ("Price year", lambda r: tables.text(r["price_year"])),
        ("Deadweight", lambda r: tables.share(r["deadweight"])),
        ("Displacement", lambda r: tables.share(r["displacement"])),
        ("Attribution", lambda r: tables.share(r["attribution"])),
        ("Drop-off", lambda r: tables.share(r["drop_off"])),
        ("Benefit years", lambda r: tables.number(r["benefit_years"])),
        ("Discounting", lambda r: tables.text(r["discount_schedule"])),
        ("Sensitive cohort", lambda r: tables.text("yes" if r["sensitive_cohort"] else "no")),
        ("Counts (for suppression)", lambda r: tables.text(counts_said(r))),
        ("Catalogue", lambda r: tables.text(f"{r['framework']} {r['edition']}")),
        ("Source", lambda r: tables.text(r["source"])),
        ("Licence", lambda r: tables.text(r["licence"])),
    ], tables.records(ctx.warehouse.catalogue), partnership=None, year=None)


def assumptions_table(ctx: Context):
    about = ctx.warehouse.assumptions
    rows = [{"item": label, "value": about.get(key) or ("none" if key == "scenarios" else None)}
            for key, label in ASSUMPTION_LABELS.items() if key in about]
    imperatives = ctx.warehouse.imperatives.get("imperatives_version")
    if imperatives is not None and len(imperatives.dropna()):
        rows.append({"item": "Social value imperatives version",
                     "value": ", ".join(sorted(set(imperatives.dropna())))})
    return tables.build("Assumptions recorded with the accounts", [
        ("Assumption", lambda r: tables.text(r["item"], header=True)),
        ("In force", lambda r: tables.text(f.when(r["value"]) if r["item"] == "Accounts built"
                                           else r["value"])),
    ], rows, partnership=None, year=None)


def versions_table(ctx: Context):
    return tables.build("Files in the warehouse", [
        ("Dataset", lambda r: tables.text(f.humanise(r["dataset"]), header=True)),
        ("Scope", lambda r: tables.text(r["scope"])),
        ("Periods", lambda r: tables.text(", ".join(map(str, r["periods"] or [])))),
        ("File", lambda r: tables.text(r["file_name"])),
        ("SHA-256", lambda r: tables.text(str(r["file_hash"])[:12] + "…",
                                          title=str(r["file_hash"]))),
        ("Loaded", lambda r: tables.text(f.when(r["loaded_at"]))),
        ("Sample data", lambda r: tables.text("yes" if r["sample_data"] else "no")),
    ], ctx.warehouse.versions, partnership=None, year=None)
