"""The comparison page (the site's front page): every partnership side by side."""

from __future__ import annotations

import pandas as pd

from dashboards.site import figures, people, summaries, tables
from dashboards.site import formatting as f
from dashboards.site.model import Card, Cards, Chart, Figure, Filters, Link, Links, Page, Section
from dashboards.site.pages import Context, council_path, partnership_path, years

TARGET_STATUSES = ["met", "within ceiling", "below target", "over ceiling", "no target"]
IMPERATIVE_STATUSES = ["met", "not met", "no evidence"]
MET = ("met", "within ceiling")


def sensitive_years(lines: pd.DataFrame) -> pd.DataFrame:
    """Whether each partnership-year reports any sensitive cohort (its totals of people then
    take the stricter threshold)."""
    if lines.empty:
        return pd.DataFrame(columns=["partnership_id", "financial_year", "sensitive_cohort"])
    return (lines.groupby(["partnership_id", "financial_year"])["sensitive_cohort"].any()
            .reset_index())


def headlines(ctx: Context) -> pd.DataFrame:
    """The accounts with people counts suppressed, one row per partnership-year."""
    w = ctx.warehouse
    if w.accounts.empty:
        return w.accounts
    return people.headline(w.accounts, sensitive_years(w.lines), ctx.policy)


def target_status(targets: pd.DataFrame, names: dict[str, str]) -> tuple[pd.DataFrame,
                                                                          pd.DataFrame]:
    """(long: partnership-year-status with n and share of lines; wide: one row per
    partnership-year with a column per status, lines with a target `of`, and share met)."""
    counts = (targets.groupby(["partnership_id", "financial_year", "status"]).size()
              .rename("n").reset_index())
    wide = counts.pivot_table(index=["partnership_id", "financial_year"], columns="status",
                              values="n", fill_value=0).reset_index()
    wide.columns.name = None
    for status in TARGET_STATUSES:
        if status not in wide:
            wide[status] = 0
    wide["of"] = wide[[s for s in TARGET_STATUSES if s != "no target"]].sum(axis=1)
    wide["n_met"] = wide[list(MET)].sum(axis=1)
    wide["share_met"] = (wide["n_met"] / wide["of"].replace(0, pd.NA)).astype("Float64")
    wide["partnership_name"] = wide["partnership_id"].map(names)
    long = counts.assign(
        share=counts["n"] / counts.groupby(["partnership_id", "financial_year"])["n"]
        .transform("sum"), partnership_name=counts["partnership_id"].map(names))
    # Horizontal bars are drawn from the bottom up: reverse order puts A at the top.
    long = long.sort_values(["partnership_name", "financial_year"], ascending=[False, True])
    return long, wide.sort_values(["partnership_name", "financial_year"])


def targets_by_quarter(targets: pd.DataFrame) -> pd.DataFrame:
    """Per partnership and quarter: lines meeting their target (or within a ceiling) of the
    lines with a target."""
    with_target = targets[targets["status"] != "no target"].assign(
        hit=lambda t: t["status"].isin(MET))
    out = with_target.groupby(["partnership_id", "financial_year", "quarter_key"]).agg(
        n=("hit", "sum"), of=("hit", "size")).reset_index()
    out["share"] = out["n"] / out["of"]
    return out.sort_values(["partnership_id", "quarter_key"])


def council_shares(ctx: Context) -> pd.DataFrame:
    """Per council-year: total spend and the £ and share to VCSE organisations, to local
    suppliers and to its partnerships' members."""
    spend = ctx.warehouse.spend_analysis
    if spend.empty:
        return pd.DataFrame()
    rows = []
    for (council, year), one in spend.groupby(["council", "financial_year"], sort=True):
        def pick(dimension: str, wanted, one=one) -> float:
            part = one[one["dimension"] == dimension]
            chosen = part["category"].map(wanted) if callable(wanted) else \
                part["category"] == wanted
            return float(part.loc[chosen, "amount_gbp"].sum())
        total = float(one["council_total_gbp"].iloc[0])
        amounts = {"vcse": pick("supplier_class", "vcse"), "local": pick("locality", "local"),
                   "partnership": pick("partnership",
                                       lambda c: c != "not a partnership member")}
        rows.append({"council": council, "council_name": ctx.council_name(council),
                     "financial_year": year, "council_total_gbp": total,
                     "matched_gbp": _matched(ctx, council, year),
                     "partnerships": ctx.partnerships_of(council),
                     "href": council_path(council),
                     **{f"{k}_gbp": v for k, v in amounts.items()},
                     **{k: v / total if total else None for k, v in amounts.items()}})
    return pd.DataFrame(rows)


def _matched(ctx: Context, council: str, year: str) -> float | None:
    """£ of the council-year's spend matched to a register: the VCSE share's coverage."""
    cov = ctx.warehouse.vcse_coverage
    if not len(cov):
        return None
    row = cov[(cov["council"] == council) & (cov["financial_year"] == year)]
    return float(row["matched_gbp"].iloc[0]) if len(row) else None


def imperative_status(heads: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(long, wide) counts of partner-imperative assessments by status per partnership-year."""
    wide = heads[["partnership_id", "partnership_name", "financial_year", "imperatives_met",
                  "imperatives_not_met", "imperatives_no_evidence", "imperatives_assessed"]]
    wide = wide.rename(columns={"imperatives_met": "met", "imperatives_not_met": "not met",
                                "imperatives_no_evidence": "no evidence",
                                "imperatives_assessed": "of"})
    wide = wide.assign(n_met=wide["met"],
                       share_met=(wide["met"] / wide["of"].replace(0, pd.NA)).astype("Float64"))
    long = wide.melt(id_vars=["partnership_id", "partnership_name", "financial_year", "of"],
                     value_vars=IMPERATIVE_STATUSES, var_name="status", value_name="n")
    long["share"] = long["n"] / long["of"].replace(0, pd.NA)
    long = long.sort_values(["partnership_name", "financial_year"], ascending=[False, True])
    return long, wide


def card(r: dict, ctx: Context, href: str | None) -> Card:
    """A partnership-year's headline: present value and SROI, each with its range and the
    evidence behind it; the money that went in; the imperatives."""
    grades = ", ".join(f"{g} {f.share(r[f'value_share_grade_{g.lower()}'], 0)}" for g in "ABCD")
    evidence = f"weakest evidence grade {r['weakest_evidence_grade'] or 'none'} ({grades})"
    return Card(
        title=r["partnership_name"], href=href, partnership=r["partnership_id"],
        year=r["financial_year"],
        subtitle=f"{r['period']} · {f.price_basis(r['price_base_year'])} · "
                 f"{ctx.council_name(r['lead_council'])} · {r['commissioning_route']}",
        figures=[
            Figure("Present value of social value", f.money_short(r["present_value_gbp"]),
                   f"range {f.money_short(r['present_value_low_gbp'])} to "
                   f"{f.money_short(r['present_value_high_gbp'])}", evidence),
            Figure("SROI (£ of value per £1 of inputs)", f.ratio(r["sroi_central"]),
                   f"range {f.ratio(r['sroi_low'])} to {f.ratio(r['sroi_high'])}", evidence),
            Figure("Inputs (money paid in)", f.money_short(r["inputs_gbp"]), "",
                   f"council spend {f.money(r['council_spend_gbp'])}, grants "
                   f"{f.money(r['grants_gbp'])}"),
            Figure("Imperatives met", f"{r['imperatives_met']} of {r['imperatives_assessed']}",
                   "", f"{r['partners_meeting_all']} of {r['partners_assessed']} partners "
                       "meet every imperative"),
        ])


def build(ctx: Context) -> Page:
    heads = headlines(ctx)
    w = ctx.warehouse
    if heads.empty:
        return Page(path="index.html", title="Comparison of partnerships", nav="comparison",
                    lede="No social value accounts have been built yet.", sections=[],
                    notes=["Load outcome returns and run the build_accounts job."])
    basis = ctx.basis
    sections = [
        Section("headlines", "Headline accounts", [
            Cards([card(r, ctx, partnership_path(r["partnership_id"]))
                   for r in tables.records(heads)]),
            tables.accounts(heads, basis, partnership_path)],
            intro="Each partnership's social value over the quarters it reported, what went in, "
                  "and how sure we can be: every estimate with its low and high case and the "
                  "weakest evidence behind it."),
        Section("value", "Social value and SROI", [value_chart(heads, basis),
                                                  sroi_chart(heads)]),
        Section("costs", "Cost per outcome", [cost_chart(ctx)]),
        Section("targets", "Targets against actuals", target_charts(ctx)),
        Section("spend", "Spend to VCSE organisations and local suppliers",
                [council_chart(ctx)] if not w.spend_analysis.empty else []),
        Section("imperatives", "Social value imperatives", [imperatives_chart(heads)]),
        Section("self-assessment", "Self-assessment against the principles",
                radar_charts(ctx)),
        Section("extracts", "Funder extracts", [extract_links(ctx)]),
    ]
    ids = [p for p in ctx.partnership_ids if p in set(heads["partnership_id"])]
    fy = years(heads)
    return Page(
        path="index.html", title="Comparison of partnerships", nav="comparison",
        lede=f"How the partnerships compare, and whether they deliver. All figures are in "
             f"{basis} unless marked £ as paid.",
        sections=[s for s in sections if s.blocks],
        filters=Filters(years=fy, partnerships=[(p, ctx.names.get(p, p)) for p in ids],
                        default_year=fy[-1] if fy else None))


def value_chart(heads: pd.DataFrame, basis: str) -> Chart:
    cols = ("present_value_gbp", "present_value_low_gbp", "present_value_high_gbp")
    return Chart(
        id="present-value", title=f"Present value of social value, with its range ({basis})",
        figure=figures.to_json(figures.value_ranges(
            heads, *cols, axis_title=f"present value ({basis})")),
        table=tables.ranges(heads, f"Present value ({basis})", cols, as_money=True),
        summaries=summaries.ranges(heads, cols, "present value", f.money, basis),
        alt="Dot plot of each partnership's present value of social value, with a bar from its "
            "low to its high sensitivity case.", unit=basis)


def sroi_chart(heads: pd.DataFrame) -> Chart:
    cols = ("sroi_central", "sroi_low", "sroi_high")
    return Chart(
        id="sroi", title="Social return on investment (SROI), with its range",
        figure=figures.to_json(figures.value_ranges(
            heads, *cols, axis_title="£ of social value per £1 of inputs", money_axis=False,
            reference=1.0)),
        table=tables.ranges(heads, "SROI ratio (present value / inputs)", cols, as_money=False),
        summaries=summaries.ranges(heads, cols, "SROI", f.ratio, "ratios of £ to £"),
        alt="Dot plot of each partnership's SROI ratio with a bar from its low to its high "
            "case; a dashed line marks 1 : 1, where value equals inputs.", unit="ratio")


def cost_chart(ctx: Context) -> Chart:
    w = ctx.warehouse
    sensitive = (w.lines.groupby("measure_code").agg(
        sensitive_cohort=("sensitive_cohort", "any"), counts=("counts", "first")).reset_index()
        if len(w.lines) else pd.DataFrame(columns=["measure_code", "sensitive_cohort", "counts"]))
    costs = people.cost_per_outcome(w.costs, sensitive, ctx.policy)
    return Chart(
        id="cost-per-outcome", title=f"Cost per outcome ({ctx.basis})",
        figure=figures.to_json(figures.cost_per_outcome(costs, ctx.names, ctx.palette)),
        table=tables.costs(costs, ctx.names, ctx.basis),
        summaries=summaries.costs(costs, ctx.names, ctx.basis),
        alt="Bar chart, log scale: the cost of one unit of each outcome for each partnership.",
        unit=ctx.basis)


def target_charts(ctx: Context) -> list[Chart]:
    targets = ctx.warehouse.targets
    if targets.empty:
        return []
    long, wide = target_status(targets, ctx.names)
    quarters = targets_by_quarter(targets)
    return [
        Chart(id="targets", title="Outcome lines meeting their targets",
              figure=figures.to_json(figures.status_shares(
                  long, TARGET_STATUSES, axis_title="share of partners' outcome lines")),
              table=tables.status_counts(wide, TARGET_STATUSES, "Outcome lines by status "
                                         "against target (a line: one partner, measure and "
                                         "quarter)", "Lines with a target"),
              summaries=summaries.status_shares(wide, "outcome lines meeting their target"),
              alt="Stacked bars: for each partnership, the share of outcome lines that met "
                  "their target, fell below it, or (for harms) stayed within or went over "
                  "their ceiling.", unit="share of lines"),
        Chart(id="targets-over-time", title="Targets met, quarter by quarter",
              figure=figures.to_json(figures.shares_over_time(
                  quarters, ctx.names, ctx.palette, axis_title="share of lines meeting target")),
              table=tables.shares_by_quarter(quarters, ctx.names, "Outcome lines meeting their "
                                             "target, by quarter"),
              summaries=summaries.shares_over_time(quarters, ctx.names,
                                                   "share of lines meeting their target"),
              alt="Line chart: each partnership's share of outcome lines meeting their target, "
                  "by quarter.", unit="share of lines"),
    ]


def council_chart(ctx: Context) -> Chart:
    frame = council_shares(ctx)
    measures = {"vcse": "to VCSE organisations", "local": "to local suppliers",
                "partnership": "to its partnerships"}
    return Chart(
        id="council-spend", title="Lead councils' spend to VCSE organisations and local "
                                  "suppliers (£ as paid)",
        figure=figures.to_json(figures.council_shares(frame, measures)),
        table=tables.council_shares(frame, "Lead councils' spend over £500 by destination "
                                           "(£ as paid)"),
        summaries=summaries.council_shares(frame),
        alt="Grouped bars: for each lead council, the share of its spend that went to VCSE "
            "organisations, to local suppliers and to its partnerships.", unit="£ as paid")


def imperatives_chart(heads: pd.DataFrame) -> Chart:
    long, wide = imperative_status(heads)
    return Chart(
        id="imperatives", title="Partners meeting the social value imperatives",
        figure=figures.to_json(figures.status_shares(
            long, IMPERATIVE_STATUSES, axis_title="share of partner-imperative assessments")),
        table=tables.status_counts(wide, IMPERATIVE_STATUSES, "Partner-imperative "
                                   "assessments by status", "Assessed"),
        summaries=summaries.status_shares(wide, "imperative assessments met"),
        alt="Stacked bars: for each partnership, the share of its partners' imperative "
            "assessments that are met, not met, or without evidence.", unit="share")


def radar_charts(ctx: Context) -> list[Chart]:
    scores = ctx.warehouse.self_assessment
    out = []
    for framework, title in (("principle", "nine key principles"),
                             ("corrective", "five fundamental correctives")):
        rows = scores[scores["framework"] == framework]
        if rows.empty:
            continue
        out.append(Chart(
            id=f"self-assessment-{framework}",
            title=f"Self-assessment against the {title} (scores 0-5)",
            figure=figures.to_json(figures.radar(rows, ctx.names, ctx.palette)),
            table=tables.scores(rows, ctx.names, f"Self-assessed scores against the {title}"),
            summaries=summaries.radar(rows, ctx.names, title),
            alt=f"Radar chart: each partnership's own score, 0 to 5, against each of the "
                f"{title}.", unit="score 0-5"))
    return out


def extract_links(ctx: Context) -> Links:
    links = []
    for pid in ctx.partnership_ids:
        extract = ctx.extracts.get(pid)
        if extract and extract.zip_href:
            links.append(Link(f"{ctx.names.get(pid, pid)}: all files (zip)", extract.zip_href,
                              f"{len(extract.files)} files"))
        elif extract and extract.files:
            links.append(Link(ctx.names.get(pid, pid), partnership_path(pid) + "#downloads",
                              f"{len(extract.files)} files"))
    return Links(intro="Impact extracts for funders and social investors (CSV, spreadsheet, "
                       "Parquet, data package), one set per partnership; every file is listed on "
                       "the Downloads page.", links=links,
                 empty=ctx.extracts.problem or "No extracts are listed yet.")
