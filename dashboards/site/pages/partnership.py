"""One page per partnership: its outcomes over time, its partners, where its money came from,
its partners' imperatives, how fresh its data is, and its funder extracts."""

from __future__ import annotations

import pandas as pd

from dashboards import disclosure
from dashboards.site import figures, people, summaries, tables, verdict
from dashboards.site import formatting as f
from dashboards.site.extracts import size
from dashboards.site.model import (
    Cards,
    Chart,
    Filters,
    Link,
    Links,
    Page,
    Prose,
    Section,
    Summary,
)
from dashboards.site.pages import Context, partnership_path, reasons_text, years
from dashboards.site.pages.comparison import card, headlines

IMPERATIVE_STATUSES = ["met", "not met", "no evidence"]


def partner_frame(ctx: Context, pid: str, plan: disclosure.Plan | None = None) -> pd.DataFrame:
    """Each partner's money received (quarters reported), value and beneficiaries (suppressed)
    and targets met, per year."""
    w = ctx.warehouse
    lines = w.lines[w.lines["partnership_id"] == pid]
    totals = people.partner_totals(lines, ctx.policy, plan) if len(lines) else pd.DataFrame()
    money = w.inputs[(w.inputs["partnership_id"] == pid) & w.inputs["in_outcome_period"]]
    money = money.pivot_table(index=["partner_org_id", "financial_year"], columns="source",
                              values="amount_base_gbp", aggfunc="sum", fill_value=0)
    money = money.rename(columns={"council spend": "council_spend_gbp",
                                  "grant": "grants_gbp"}).reset_index()
    money.columns.name = None
    for column in ("council_spend_gbp", "grants_gbp"):
        if column not in money:
            money[column] = 0.0
    targets = w.targets[(w.targets["partnership_id"] == pid)
                        & (w.targets["status"] != "no target")]
    hits = targets.assign(hit=targets["status"].isin(["met", "within ceiling"])).groupby(
        ["partner_org_id", "financial_year"]).agg(targets_met=("hit", "sum"),
                                                  targets_of=("hit", "size")).reset_index()
    if totals.empty:
        return totals
    out = totals.merge(money, on=["partner_org_id", "financial_year"], how="left").merge(
        hits, on=["partner_org_id", "financial_year"], how="left")
    for column in ("council_spend_gbp", "grants_gbp", "targets_met", "targets_of"):
        out[column] = out[column].fillna(0)
    out["inputs_gbp"] = out["council_spend_gbp"] + out["grants_gbp"]
    return out


def flows_frame(ctx: Context, pid: str, council: str | None) -> pd.DataFrame:
    """Money from each source to each partner over the quarters with outcome returns."""
    w = ctx.warehouse
    money = w.inputs[(w.inputs["partnership_id"] == pid) & w.inputs["in_outcome_period"]]
    source = money["source"].map({"council spend": ctx.council_name(council or "") +
                                  " (council spend)", "grant": "Other funders' grants"})
    out = money.assign(source=source.fillna(money["source"])).groupby(
        ["source", "partner_name"], sort=False)["amount_base_gbp"].sum().reset_index()
    out = out.rename(columns={"amount_base_gbp": "amount_gbp"})
    return out[out["amount_gbp"] > 0].sort_values(["source", "amount_gbp"],
                                                  ascending=[True, False])


def inputs_by_quarter(ctx: Context, pid: str) -> pd.DataFrame:
    money = ctx.warehouse.inputs
    money = money[(money["partnership_id"] == pid) & money["in_outcome_period"]]
    out = money.groupby(["partnership_id", "financial_year", "quarter_key", "source"])[
        "amount_base_gbp"].sum().reset_index().rename(columns={"amount_base_gbp": "value"})
    out["value_suppressed"] = False
    return out


def freshness(ctx: Context, pid: str, council: str | None) -> pd.DataFrame:
    """The feeds this partnership's figures depend on: its outcome returns, its lead council's
    spend, and the registers and reference data."""
    feeds = ctx.warehouse.feeds
    if feeds.empty:
        return feeds
    own = (feeds["scope"] == pid) | ((feeds["dataset"] == "spend") & (feeds["scope"] == council))
    shared = ~feeds["dataset"].isin(["spend", "outcomes"])
    out = feeds[own | shared].copy()
    out["reasons_text"] = out["quarantine_reasons"].map(reasons_text)
    return out.sort_values(["dataset"], key=lambda s: s.map(
        {"outcomes": 0, "spend": 1}).fillna(2), kind="stable")


def build(ctx: Context, pid: str) -> Page:
    w = ctx.warehouse
    name = ctx.names.get(pid, pid)
    register = w.partnerships[w.partnerships["partnership_id"] == pid]
    info = register.iloc[0].to_dict() if len(register) else {}
    council = info.get("lead_council")
    heads = headlines(ctx)
    heads = heads[heads["partnership_id"] == pid] if len(heads) else heads
    lines = w.lines[w.lines["partnership_id"] == pid]
    basis = ctx.basis
    sections = []
    if not len(heads) and not len(lines):
        sections.append(Section("headline", "The account", [Prose([
            "No outcome returns are loaded for this partnership yet, so it has no social value "
            "account: the money paid to its partners, their imperatives and the feeds behind "
            "this page are below. Its account appears once its partners' returns are loaded."])]))
    if len(heads):
        sections.append(Section("headline", "The account", [
            Cards([card(r, ctx, None) for r in tables.records(heads)], wide=True),
            tables.accounts(heads, basis, lambda _: None)]))
    periods = periods_frame(ctx, pid)
    if len(periods):
        sections.append(Section("periods", "Whole life to date and each year", [
            periods_table(periods, basis)], intro="The account for the partnership's whole "
            "life to date, then for each financial year. Every input dated in a period counts "
            "in it, whether or not outcomes were reported then: money put in before the first "
            "outcome shows in its own year, with no outcomes, and in the whole life."))
    spread = tornado_frame(ctx, pid)
    if len(spread):
        sections.append(Section("sensitivity", "Which assumption moves the SROI most", [
            Prose([TORNADO_WITHHELD]) if spread["withheld"].any()
            else tornado_chart(spread, basis)]))
    # One disclosure plan for every figure about people on the page (and in the extract).
    plan = disclosure.plan(lines, ctx.policy) if len(lines) else None
    if plan is not None:
        cells = people.measure_quarters(lines, ctx.policy, plan)
        sections.append(Section("outcomes", "Outcomes by measure and theme over time",
                                [measures_chart(cells, people.measure_years(
                                    lines, ctx.policy, plan), basis),
                                 themes_chart(lines, plan, basis)]))
    partners = partner_frame(ctx, pid, plan)
    if len(partners):
        sections.append(Section("partners", "Partners' contributions",
                                [partners_chart(partners, basis)]))
    flows = flows_frame(ctx, pid, council)
    sections.append(Section("money", "Spend flows: where the money came from", [
        flows_chart(flows, basis), inputs_chart(ctx, pid, basis)]))
    sections.append(Section("imperatives", "Social value imperatives per partner",
                            imperative_blocks(ctx, pid)))
    sections.append(Section("self-assessment", "Self-assessment against the principles",
                            self_assessment_blocks(ctx, pid)))
    sections.append(Section("freshness", "Data freshness", [tables.feeds(
        freshness(ctx, pid, council), "The feeds behind this page")],
        intro="When each dataset behind this page last arrived, what is due next, and how "
              "much of it was held back in quarantine."))
    sections.append(Section("downloads", "Funder extracts", [downloads(ctx, pid)]))
    description = info.get("description")
    lede = (f"{description} " if isinstance(description, str) and description else "") + (
        f"Lead council: {ctx.council_name(council or '')}; route: "
        f"{info.get('commissioning_route', 'not recorded')}. All figures are in {basis}.")
    fy = years(heads if len(heads) else lines)
    return Page(path=partnership_path(pid), title=name, nav="partnership", lede=lede,
                verdict=[Summary(one_line(r), r["financial_year"])
                         for r in tables.records(heads)] if len(heads) else [],
                sections=[s for s in sections if s.blocks],
                filters=Filters(years=fy, default_year=fy[-1] if fy else None))


TORNADO_WITHHELD = (
    "How far each assumption moves the SROI is withheld for this partnership, to protect small "
    "numbers of people. Each move values the same outcomes again with other factors, so each is "
    "one more sum of the counts behind them; with the figures published, these sums would let a "
    "count too small to publish be worked out.")


def periods_frame(ctx: Context, pid: str) -> pd.DataFrame:
    """The whole life to date, then each financial year, with each period's named scenarios in
    words ("name: SROI; ..."). £ and ratios only: no count of people."""
    w = ctx.warehouse
    parts = [frame[frame["partnership_id"] == pid] for frame in (w.whole_life, w.accounts)
             if len(frame)]
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    named = w.scenarios[(w.scenarios["partnership_id"] == pid)
                        & (w.scenarios["kind"] == "scenario")] if len(w.scenarios) else None
    out["scenarios_text"] = [
        "; ".join(f"{s['assumption']}: {_scenario_sroi(s)}" for s in tables.records(
            named[named["period_label"] == label])) if named is not None else ""
        for label in out["period_label"]]
    return out


def _sroi(value) -> str:
    return "no inputs" if value is None or pd.isna(value) else f"{float(value):.2f} : 1"


def _scenario_sroi(s: dict) -> str:
    return "withheld to protect small numbers of people" if s.get("withheld") else _sroi(
        s["sroi"])


def _flag(r: dict, column: str) -> bool:
    return bool(r.get(f"{column}_suppressed", False))


def periods_table(periods: pd.DataFrame, basis: str):
    return tables.build(f"The account by period ({basis})", [
        ("Period", lambda r: tables.text(r["period"], header=True)),
        ("Inputs", lambda r: tables.money(r["inputs_gbp"])),
        ("of which in quarters without outcomes",
         lambda r: tables.money(r["inputs_outside_outcome_quarters_gbp"])),
        ("Social value (present value)", lambda r: tables.money(
            r["present_value_gbp"], _flag(r, "present_value_gbp"))),
        ("Cautious to generous", lambda r: tables.withheld() if _flag(
            r, "present_value_low_gbp") else tables.text(
            f"{f.money(r['present_value_low_gbp'])} to {f.money(r['present_value_high_gbp'])}")),
        ("SROI", lambda r: tables.ratio(r["sroi_central"], _flag(r, "sroi_central"))),
        ("SROI cautious to generous", lambda r: tables.withheld() if _flag(
            r, "sroi_low") else tables.text(
            f"{_sroi(r['sroi_low'])} to {_sroi(r['sroi_high'])}")),
        ("Named scenarios", lambda r: tables.text(r["scenarios_text"] or "none stated")),
    ], tables.records(periods), year=None, notes=tables.withheld_notes(periods))


def tornado_frame(ctx: Context, pid: str) -> pd.DataFrame:
    """The whole life's SROI with each assumption moved alone (low and high of its two moves),
    and in each named scenario; or, where the disclosure plan withholds any of them (or the
    central SROI), one row `withheld`."""
    s = ctx.warehouse.scenarios
    if s.empty:
        return s
    s = s[(s["partnership_id"] == pid) & (s["period_kind"] == "whole life")]
    withheld = bool(s.get("withheld", pd.Series(dtype=bool)).any()
                    or s.get("central_withheld", pd.Series(dtype=bool)).any())
    if withheld:
        # Withheld, and the section says so: not one move is drawn.
        return pd.DataFrame({"withheld": [True]})
    s = s[s["sroi"].notna()]
    if s.empty:
        return s
    moves = s[s["kind"] == "tornado"].groupby("assumption", sort=False).agg(
        low=("sroi", "min"), high=("sroi", "max"),
        variants=("variant", lambda v: " / ".join(v))).reset_index()
    moves["label"] = moves["assumption"] + " (" + moves["variants"] + ")"
    moves["kind"] = "tornado"
    named = s[s["kind"] == "scenario"].assign(label=lambda t: t["assumption"],
                                             low=lambda t: t["sroi"], high=lambda t: t["sroi"])
    out = pd.concat([moves[["label", "low", "high", "kind"]],
                     named[["label", "low", "high", "kind", "description"]]],
                    ignore_index=True)
    out["central"] = float(s["sroi_central"].iloc[0])
    out["withheld"] = False
    return out


def tornado_chart(spread: pd.DataFrame, basis: str) -> Chart:
    central = float(spread["central"].iloc[0])
    moves = spread[spread["kind"] == "tornado"].assign(width=lambda t: t["high"] - t["low"])
    widest = moves.sort_values("width").iloc[-1] if len(moves) else None
    said = [Summary(
        f"Over its whole life to date the central SROI is {central:.2f} : 1. Moved alone, "
        f"{widest['label']} moves it most: from {widest['low']:.2f} to {widest['high']:.2f}."
        if widest is not None else f"The central SROI is {central:.2f} : 1.")]
    said += [Summary(f"Scenario {r['label']} ({r['description']}): {r['low']:.2f} : 1.")
             for r in tables.records(spread[spread["kind"] == "scenario"])]
    return Chart(
        id="tornado", title="How far each assumption moves the SROI, whole life to date",
        figure=figures.to_json(figures.tornado(spread, central)),
        table=tables.build("SROI with one assumption moved, and in each named scenario", [
            ("Assumption or scenario", lambda r: tables.text(r["label"], header=True)),
            ("Lower SROI", lambda r: tables.ratio(r["low"])),
            ("Higher SROI", lambda r: tables.ratio(r["high"])),
            ("Central SROI", lambda r: tables.ratio(r["central"])),
        ], tables.records(spread), partnership=None, year=None),
        summaries=said,
        alt="Tornado chart: a horizontal bar per assumption from the SROI with that "
            "assumption moved one way to the SROI with it moved the other, widest first; the "
            "central SROI as a dashed line; named scenarios as diamonds.", unit="SROI")


def one_line(r: dict) -> str:
    """The partnership's verdict for a year in a sentence, with its numbers."""
    outcome = verdict.verdict(r["sroi_low"], r["sroi_high"], bool(r.get("value_withheld")))
    if outcome == verdict.WITHHELD:
        return (f"In {r['financial_year']}, {r['partnership_name']} had "
                f"{f.money(r['inputs_gbp'])} of council spend, grants and other inputs; "
                f"{verdict.WITHHELD_WORDS}.")
    says = {verdict.ABOVE: "returned more in social value than it cost, even on cautious "
                           "assumptions",
            verdict.STRADDLES: "straddles break-even: more than it cost on generous "
                               "assumptions, less on cautious ones",
            verdict.BELOW: "fell short: less social value than it cost, even on generous "
                           "assumptions",
            verdict.UNKNOWN: "has no inputs recorded, so no return can be worked out"}[outcome]
    return (f"In {r['financial_year']}, {r['partnership_name']} {says}: "
            f"{verdict.pounds_per_pound(r['sroi_low'], r['sroi_high'])} for every £1 put in "
            f"(central estimate £{float(r['sroi_central'] or 0):.2f}), on "
            f"{f.money(r['inputs_gbp'])} of council spend, grants and other inputs. "
            f"{verdict.RANGE_MEANING}")


def measures_chart(cells: pd.DataFrame, years: pd.DataFrame, basis: str) -> Chart:
    return Chart(
        id="measures", title="Outcomes reported against target, by measure and quarter",
        figure=figures.to_json(figures.measures_over_time(cells)),
        table=tables.measure_quarters(cells, basis, years),
        summaries=summaries.measures(cells, years),
        alt="Small bar charts, one per measure: the quantity reported each quarter, with its "
            "target marked; a c stands for a suppressed figure.", unit="units of each measure")


def themes_chart(lines: pd.DataFrame, plan: disclosure.Plan, basis: str) -> Chart:
    """Social value by theme and quarter. A quarter's total that would give a small count back
    is drawn as the part of it from published outcomes (hatched, "part withheld"); the year's
    total per theme, and how much is withheld, are in the table and the summary."""
    themes = people.quarter_totals(lines, plan, ["theme"])
    account = people.year_totals(lines, plan, [], themes)
    years = pd.concat([people.year_totals(lines, plan, ["theme"], themes),
                       account.assign(theme=tables.ALL_THEMES)], ignore_index=True)
    frame = themes.rename(columns={"present_value_gbp": "value"}).assign(
        value_suppressed=False)
    return Chart(
        id="themes", title=f"Social value by theme and quarter ({basis})",
        figure=figures.to_json(figures.stacked_values(frame, "theme",
                                                      axis_title=f"social value ({basis})")),
        table=tables.theme_quarters(themes, years, basis),
        summaries=summaries.themes(frame, years, account, basis),
        alt="Stacked bars: the social value of the outcomes counted each quarter, by theme; "
            "harms below zero; a hatched bar is the part of a quarter that can be shown "
            "without revealing a small count of people.", unit=basis)


def partners_chart(partners: pd.DataFrame, basis: str) -> Chart:
    return Chart(
        id="partners-chart", title=f"What each partner received and the value of its outcomes "
                             f"({basis})",
        figure=figures.to_json(figures.partner_contributions(partners, basis)),
        table=tables.partners(partners, basis), summaries=summaries.partners(partners, basis),
        alt="Paired horizontal bars for each partner: the money it received, and the social "
            "value of its outcomes with its cautious-generous range.", unit=basis)


def flows_chart(flows: pd.DataFrame, basis: str) -> Chart:
    return Chart(
        id="flows", title=f"Money from each source to each partner ({basis})",
        figure=figures.to_json(figures.money_flows(flows)), table=tables.flows(flows, basis),
        summaries=summaries.flows(flows, basis),
        alt="Flow diagram: money from the lead council and other funders to each partner.",
        unit=basis)


def inputs_chart(ctx: Context, pid: str, basis: str) -> Chart:
    quarters = inputs_by_quarter(ctx, pid)
    money = ctx.warehouse.inputs
    return Chart(
        id="inputs", title=f"Inputs by quarter: council spend, grants and the inputs register "
                           f"({basis})",
        figure=figures.to_json(figures.stacked_values(quarters, "source",
                                                      axis_title=f"inputs ({basis})")),
        table=tables.inputs(money[money["partnership_id"] == pid], basis),
        summaries=summaries.stacked(quarters, "source", "inputs", basis),
        alt="Stacked bars: the partnership's inputs each quarter, council spend, grants, money, "
            "in-kind support and time from the inputs register.",
        unit=basis)


def imperative_blocks(ctx: Context, pid: str) -> list:
    rows = ctx.warehouse.imperatives
    rows = rows[rows["partnership_id"] == pid].assign(
        status=lambda r: r["status"].str.replace("_", " "))
    if rows.empty:
        return []
    latest = rows["financial_year"].max()
    shown = rows[rows["financial_year"] == latest]
    version = rows["imperatives_version"].dropna()
    return [Chart(
        id="imperative-matrix", title=f"Imperatives met by each partner ({latest})",
        figure=figures.to_json(figures.status_matrix(shown, IMPERATIVE_STATUSES)),
        table=tables.imperatives(rows), summaries=summaries.matrix(rows),
        alt="Grid of partners against imperatives; each cell says met, not met or no "
            "evidence.", unit="status")] + ([Prose([
                f"Imperatives version {version.iloc[0]}; how each is checked is on the "
                "Method page."])] if len(version) else [])


def self_assessment_blocks(ctx: Context, pid: str) -> list:
    scores = ctx.titled_scores()
    rows = scores[scores["partnership_id"] == pid]
    if rows.empty:
        return []
    return [Chart(
        id="self-assessment-radar", title="Self-assessment against the principles and correctives, "
                                    "beside the mean of all partnerships (scores 0-5)",
        figure=figures.to_json(figures.radar(rows, ctx.names, ctx.palette, mean=True)),
        table=tables.scores(rows, ctx.names, "Self-assessed scores"),
        summaries=summaries.radar(rows, ctx.names, "principles and correctives") or
        [Summary("No self-assessment.")],
        alt="Radar chart: the partnership's own scores, 0 to 5, against each principle and "
            "corrective, with the mean of all partnerships dashed.", unit="score 0-5")]


TABLE_WORDS = {
    "accounts": ("The account", "the headline figures: inputs, social value and SROI with "
                 "their ranges, evidence, imperatives"),
    "social_value": ("Social value by outcome", "every partner's outcome each quarter, how it "
                     "was valued and what the account counts"),
    "outcomes_vs_targets": ("Outcomes against targets", "each result against its target or, "
                            "for a harm, its ceiling"),
    "cost_per_outcome": ("All inputs per unit of each outcome", "not a unit cost: inputs are "
                         "not split between outcomes"),
    "inputs": ("Money put in", "council payments and grants to the partners, by quarter"),
    "council_payments": ("Council payments to the partners", "each payment over £500"),
    "grants": ("Grants to the partners", "other funders' grants"),
    "imperative_compliance": ("Social value imperatives", "each partner against each "
                              "imperative, with the reason"),
    "partners": ("Partners", "who the partners are"),
    "measures": ("Measures and proxies", "the measures used, their proxy values and sources"),
    "impact_map": ("Impact map", "each outcome in Social Value UK's impact map layout"),
    "data_versions": ("Data versions", "every file the figures come from"),
    "data_dictionary": ("Data dictionary", "every column's meaning, unit and code name"),
}
FORMAT_WORDS = {"csv": "CSV", "parquet": "Parquet", "xlsx": "XLSX",
                "json": "JSON", "yaml": "YAML", "md": "Text (Markdown)", "zip": "Zip"}
OTHER_FILES = {"README.md": ("Read me first", "what each file is"),
               ".xlsx": ("Spreadsheet", "every table as a sheet, with a readme sheet first"),
               "datapackage.json": ("Data package", "Frictionless Data Package: each table's "
                                    "schema, for loading into other systems"),
               "grants-360giving.json": ("Grants as 360Giving", "the partners' grants in the "
                                         "360Giving Data Standard"),
               "method.md": ("Method note", "how the figures are made"),
               "extract.yaml": ("Extract specification", "rebuilds this extract: "
                                "socialvalue extract --spec extract.yaml")}


def _other(name: str) -> tuple[str, str] | None:
    for end, words in OTHER_FILES.items():
        if name.endswith(end):
            return words
    return None


def downloads(ctx: Context, pid: str) -> Links:
    """The partnership's extract, grouped as a funder looks for it: everything in one zip, the
    spreadsheet, then each table (CSV and Parquet together) with what it holds."""
    extract = ctx.extracts.get(pid)
    links = []
    if extract:
        if extract.zip_href:
            links.append(Link("Everything in one zip", extract.zip_href,
                              f"every file below, with a README · {size(extract.zip_bytes)}"))
        order = list(OTHER_FILES)
        others = [(f, _other(f.name)) for f in extract.files if not f.table]
        for file, words in sorted(others, key=lambda x: (x[1] is None, next(
                (i for i, end in enumerate(order) if x[0].name.endswith(end)), 99))):
            title, what = words or (file.name, file.format)
            links.append(Link(f"{title} ({FORMAT_WORDS.get(file.format, file.format)})",
                              file.href, f"{what} · {size(file.bytes)}"))
        by_table: dict[str, list] = {}
        for file in extract.files:
            if file.table:
                by_table.setdefault(file.table, []).append(file)
        tables_order = list(TABLE_WORDS)
        for table, files in sorted(by_table.items(), key=lambda x: tables_order.index(x[0])
                                   if x[0] in tables_order else 99):
            title, what = TABLE_WORDS.get(table, (table.replace("_", " ").capitalize(), ""))
            for file in sorted(files, key=lambda x: x.format):
                links.append(Link(f"{title} ({FORMAT_WORDS.get(file.format, file.format)})",
                                  file.href, " · ".join(x for x in (what, size(file.bytes))
                                                        if x)))
    return Links(intro="The impact extract for funders and social investors: the same figures, "
                       "suppressed the same way. The zip holds every file; the spreadsheet "
                       "every table; CSV and Parquet one table each.", links=links,
                 empty=ctx.extracts.problem or "No extract is listed for this partnership yet.")
