"""The comparison page (the site's front page): the verdict first, in words and numbers, then
every partnership side by side."""

from __future__ import annotations

import pandas as pd

from dashboards.site import figures, people, summaries, tables, verdict
from dashboards.site import formatting as f
from dashboards.site.model import (
    Card,
    Cards,
    Chart,
    Evidence,
    Figure,
    Filters,
    Link,
    Links,
    Page,
    Section,
    Summary,
)
from dashboards.site.pages import Context, council_path, partnership_path, years

TARGET_STATUSES = ["met", "within ceiling", "below target", "over ceiling", "no target"]
IMPERATIVE_STATUSES = ["met", "not met", "no evidence"]
MET = ("met", "within ceiling")
GRADES = {"A": "independently verified", "B": "administrative records",
          "C": "the partner's own survey", "D": "anecdotal"}
LOCALITY = {"local": "Local", "not local": "Not local", "unknown": "Unknown"}


def sensitive_years(lines: pd.DataFrame) -> pd.DataFrame:
    """Whether each partnership-year reports any sensitive cohort (its totals of people then
    take the stricter threshold)."""
    if lines.empty:
        return pd.DataFrame(columns=["partnership_id", "financial_year", "sensitive_cohort"])
    return (lines.groupby(["partnership_id", "financial_year"])["sensitive_cohort"].any()
            .reset_index())


def _other_inputs(r: dict) -> str:
    """The inputs register's part of a card's inputs, when there is one."""
    other = sum(float(r.get(k) or 0) for k in ("other_money_gbp", "in_kind_gbp",
                                                  "staff_time_gbp", "volunteer_time_gbp"))
    return f", other inputs {f.money(other)}" if other else ""


def headlines(ctx: Context) -> pd.DataFrame:
    """The accounts with people counts suppressed, one row per partnership-year."""
    w = ctx.warehouse
    if w.accounts.empty:
        return w.accounts
    return people.headline(w.accounts, sensitive_years(w.lines), ctx.policy)


def target_status(targets: pd.DataFrame, names: dict[str, str]) -> tuple[pd.DataFrame,
                                                                          pd.DataFrame]:
    """(long: partnership-year-status with n and share of results; wide: one row per
    partnership-year with a column per status, results with a target `of`, and share met)."""
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
    """Per partnership and quarter: results meeting their target (or within a ceiling) of the
    results with a target."""
    with_target = targets[targets["status"] != "no target"].assign(
        hit=lambda t: t["status"].isin(MET))
    out = with_target.groupby(["partnership_id", "financial_year", "quarter_key"]).agg(
        n=("hit", "sum"), of=("hit", "size")).reset_index()
    out["share"] = out["n"] / out["of"]
    return out.sort_values(["partnership_id", "quarter_key"])


def council_shares(ctx: Context) -> pd.DataFrame:
    """Per council-year: total spend and the £ and share to VCSE organisations and to its
    partnerships' members, and its spend by supplier locality: local, not local, unknown (no
    postcode to place the supplier)."""
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
        amounts = {"vcse": pick("supplier_class", "vcse"),
                   "partnership": pick("partnership",
                                       lambda c: c != "not a partnership member")}
        amounts |= {key.replace(" ", "_"): pick("locality", key) for key in LOCALITY}
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


def evidence(r: dict) -> Evidence:
    """The share of the value resting on each grade, and the weakest grade as a footnote."""
    weakest = r.get("weakest_evidence_grade")
    if r.get("value_share_grade_a_suppressed"):
        return Evidence(
            shares={}, grades=GRADES,
            footnote=f"Weakest grade: {weakest} ({GRADES.get(weakest, '')})."
            if isinstance(weakest, str) and weakest else "No graded evidence.",
            headline="The share of the value on each grade of evidence is withheld to protect "
                     "small numbers of people: with the other figures published it would let "
                     "a count too small to publish be worked out.")
    shares = {g: float(r.get(f"value_share_grade_{g.lower()}") or 0) for g in GRADES}
    footnote = (f"Weakest grade: {weakest} ({GRADES.get(weakest, '')}), "
                f"{f.share(shares.get(weakest, 0), 0)} of the value."
                if isinstance(weakest, str) and weakest else "No graded evidence.")
    return Evidence(
        shares=shares, footnote=footnote, grades=GRADES,
        headline=f"{f.share(shares['A'] + shares['B'], 0)} of the value rests on grade A or B "
                 "evidence (independently verified or administrative records).")


def feed_of(ctx: Context, dataset: str, scope) -> dict | None:
    feeds = ctx.warehouse.feeds
    if feeds.empty:
        return None
    rows = feeds[(feeds["dataset"] == dataset) & (feeds["scope"] == scope)]
    return rows.iloc[0].to_dict() if len(rows) else None


def freshness(ctx: Context, pid: str, council) -> tuple[list[str], bool]:
    """How fresh a partnership's figures are: its outcome returns and its lead council's spend,
    each up to which period and how overdue."""
    outcomes, spend = feed_of(ctx, "outcomes", pid), feed_of(ctx, "spend", council)
    lines = [verdict.freshness_line(outcomes, "Outcome returns"),
             verdict.freshness_line(spend, "Council spend")]
    overdue = any(feed and feed.get("status") != "ok" for feed in (outcomes, spend))
    return lines, overdue


def card(r: dict, ctx: Context, href: str | None) -> Card:
    """A partnership-year's verdict and headline figures: the return on each £1 with its range,
    the social value with its range, what went in, the evidence, the imperatives, freshness."""
    outcome = verdict.verdict(r["sroi_low"], r["sroi_high"], bool(r.get("value_withheld")))
    fresh, overdue = freshness(ctx, r["partnership_id"], r["lead_council"])
    return Card(
        title=r["partnership_name"], href=href, partnership=r["partnership_id"],
        year=r["financial_year"], verdict=outcome, verdict_text=verdict.SHORT[outcome],
        subtitle=f"{r['period']} · {ctx.council_name(r['lead_council'])} · "
                 f"{r['commissioning_route']}",
        figures=[
            Figure("Social value for every £1 put in", "withheld", "",
                   "to protect small numbers of people", kind="sroi")
            if outcome == verdict.WITHHELD else
            Figure("Social value for every £1 put in",
                   f"£{float(r['sroi_central']):.2f}" if not f.blank(r["sroi_central"])
                   else "no inputs",
                   verdict.pounds_per_pound(r["sroi_low"], r["sroi_high"]), kind="sroi"),
            Figure(f"Social value ({f.price_basis(r['price_base_year'])})", "withheld", "",
                   "with the other figures published it would let a count too small to "
                   "publish be worked out", kind="social-value")
            if outcome == verdict.WITHHELD else
            Figure(f"Social value ({f.price_basis(r['price_base_year'])})",
                   f.money_short(r["present_value_gbp"]),
                   f"{f.money_short(r['present_value_low_gbp'])} to "
                   f"{f.money_short(r['present_value_high_gbp'])}", kind="social-value"),
            Figure("Put in: council spend, grants and other inputs",
                   f.money_short(r["inputs_gbp"]), "",
                   f"council spend {f.money(r['council_spend_gbp'])}, grants "
                   f"{f.money(r['grants_gbp'])}" + _other_inputs(r), kind="inputs"),
            Figure("Imperatives met", f"{r['imperatives_met']} of {r['imperatives_assessed']}",
                   "", f"{r['partners_meeting_all']} of {r['partners_assessed']} partners "
                       "meet every imperative", kind="imperatives"),
        ],
        evidence=evidence(r), freshness=fresh, overdue=overdue)


def build(ctx: Context) -> Page:
    heads = headlines(ctx)
    w = ctx.warehouse
    if heads.empty:
        return Page(path="index.html", title="Comparison of partnerships", nav="comparison",
                    lede="No social value accounts have been built yet.", sections=[],
                    notes=["Load outcome returns and run the build_accounts job."])
    basis = ctx.basis
    cover = verdict.coverage(heads, w.lines, w.monthly_spend)
    order = heads.assign(rank=heads.apply(lambda r: {"above": 0, "straddles": 1, "below": 2}
                                          .get(verdict.verdict(r["sroi_low"], r["sroi_high"],
                                                               bool(r.get("value_withheld"))),
                                               3), axis=1))
    order = order.sort_values(["rank", "sroi_central"], ascending=[True, False])
    fy = years(heads)
    lead = [Summary.told(verdict.lead(heads, cover, y), y) for y in fy]
    shares = council_shares(ctx)
    spend = [council_chart(shares), locality_chart(shares)] if not w.spend_analysis.empty \
        else []
    sections = [
        Section("headlines", "Each partnership at a glance", [
            Cards([card(r, ctx, partnership_path(r["partnership_id"]))
                   for r in tables.records(order)]),
            tables.accounts(heads, basis, partnership_path)]),
        Section("value", "Social value and the return on each £1", [value_chart(heads, basis),
                                                                   sroi_chart(heads)],
                intro="Every estimate is a range: from cautious assumptions (more of the change "
                      "would have happened anyway, more of it is owed to others, benefits fade "
                      "faster) to generous ones. The central estimate sits between."),
        Section("targets", "Targets against results", target_charts(ctx)),
        Section("spend", "Councils' spend: VCSE organisations and local suppliers", spend),
        Section("imperatives", "Social value imperatives", [imperatives_chart(heads)]),
        Section("self-assessment", "Self-assessment against the principles",
                radar_charts(ctx)),
        Section("extracts", "Funder extracts", [extract_links(ctx)]),
    ]
    ids = [p for p in ctx.partnership_ids if p in set(heads["partnership_id"])]
    return Page(
        path="index.html", title="Comparison of partnerships", nav="comparison",
        lede=f"All £ figures are {basis} unless marked £ as paid. Cost per outcome is not "
             "compared here: see the Method page.",
        verdict=lead, contents_after=1, download_view=True,
        sections=[s for s in sections if s.blocks],
        filters=Filters(years=fy, partnerships=[(p, ctx.names.get(p, p)) for p in ids],
                        default_year=fy[-1] if fy else None))


def value_chart(heads: pd.DataFrame, basis: str) -> Chart:
    cols = ("present_value_gbp", "present_value_low_gbp", "present_value_high_gbp")
    return Chart(
        id="present-value", title=f"Social value, with its range ({basis})",
        figure=figures.to_json(figures.value_ranges(
            shown(heads), *cols, axis_title=f"social value ({basis})")),
        table=tables.ranges(heads, f"Social value ({basis})", cols, as_money=True),
        summaries=summaries.ranges(shown(heads), cols, "social value", f.money, basis)
        + withheld_summaries(heads),
        alt="Dot plot of each partnership's social value, with a bar from its value on "
            "cautious assumptions to its value on generous ones.", unit=basis)


def shown(heads: pd.DataFrame) -> pd.DataFrame:
    """The accounts whose social value is published (the charts draw only these)."""
    if "value_withheld" not in heads:
        return heads
    return heads[~heads["value_withheld"].fillna(False).astype(bool)]


def withheld_summaries(heads: pd.DataFrame) -> list[Summary]:
    """What a chart leaves out, and why, per year."""
    if "value_withheld" not in heads:
        return []
    gone = heads[heads["value_withheld"].fillna(False).astype(bool)]
    return [Summary(f"{r['partnership_name']}'s social value for {r['financial_year']} is "
                    "not drawn: it is withheld to protect small numbers of people.",
                    r["financial_year"]) for r in tables.records(gone)]


def sroi_chart(heads: pd.DataFrame) -> Chart:
    cols = ("sroi_central", "sroi_low", "sroi_high")
    return Chart(
        id="sroi", title="Social value for every £1 put in (SROI), with its range",
        figure=figures.to_json(figures.value_ranges(
            shown(heads), *cols, axis_title="£ of social value for every £1 put in",
            money_axis=False, reference=1.0)),
        table=tables.ranges(heads, "Social value for every £1 put in (SROI)", cols,
                            as_money=False),
        summaries=summaries.ranges(shown(heads), cols, "social value for every £1 put in",
                                   summaries.pounds, "£ of value for every £1")
        + withheld_summaries(heads),
        alt="Dot plot of each partnership's social value for every £1 put in, with a bar from "
            "its cautious to its generous case; a dashed line marks £1, where value equals "
            "what was put in.", unit="ratio")


def target_charts(ctx: Context) -> list[Chart]:
    targets = ctx.warehouse.targets
    if targets.empty:
        return []
    long, wide = target_status(targets, ctx.names)
    quarters = targets_by_quarter(targets)
    what = "partners' quarterly results meeting their target or staying within their ceiling"
    return [
        Chart(id="targets-status", title="Partners' quarterly results against their targets",
              figure=figures.to_json(figures.status_shares(
                  long, TARGET_STATUSES, axis_title="share of partners' quarterly results")),
              table=tables.status_counts(wide, TARGET_STATUSES, "Partners' quarterly results "
                                         "by status against target (one result: one partner, "
                                         "measure and quarter)", "Results with a target"),
              summaries=summaries.status_shares(wide, what),
              alt="Stacked bars: for each partnership, the share of its partners' quarterly "
                  "results that met their target, fell below it, or (for harms) stayed within "
                  "or went over their ceiling.", unit="share of results"),
        Chart(id="targets-over-time", title="Targets met, quarter by quarter",
              figure=figures.to_json(figures.shares_over_time(
                  quarters, ctx.names, ctx.palette, axis_title="share meeting target")),
              table=tables.shares_by_quarter(quarters, ctx.names, "Partners' results meeting "
                                             "their target, by quarter"),
              summaries=summaries.shares_over_time(quarters, ctx.names, what),
              alt="Line chart: each partnership's share of results meeting their target, "
                  "by quarter.", unit="share of results"),
    ]


def council_chart(frame: pd.DataFrame) -> Chart:
    measures = {"vcse": "to VCSE organisations", "partnership": "to its partnerships"}
    return Chart(
        id="council-spend", title="Lead councils' spend to VCSE organisations and to their "
                                  "partnerships (£ as paid)",
        figure=figures.to_json(figures.council_shares(frame, measures)),
        table=tables.council_shares(frame, "Lead councils' spend over £500 to VCSE "
                                           "organisations and their partnerships (£ as paid)"),
        summaries=summaries.council_shares(frame),
        alt="Grouped bars: for each lead council, the share of its spend that went to VCSE "
            "organisations and to its partnerships.", unit="£ as paid")


def locality_chart(frame: pd.DataFrame) -> Chart:
    return Chart(
        id="locality", title="Lead councils' spend by supplier locality: local, not local or "
                             "unknown (£ as paid)",
        figure=figures.to_json(figures.locality_shares(frame, LOCALITY)),
        table=tables.locality(frame, "Lead councils' spend over £500 by supplier locality "
                                     "(£ as paid)"),
        summaries=summaries.locality(frame),
        alt="Stacked bars: for each lead council, the share of its spend with local suppliers, "
            "with suppliers that are not local, and with suppliers whose locality is unknown.",
        unit="£ as paid")


def imperatives_chart(heads: pd.DataFrame) -> Chart:
    long, wide = imperative_status(heads)
    return Chart(
        id="imperatives-status", title="Partners meeting the social value imperatives",
        figure=figures.to_json(figures.status_shares(
            long, IMPERATIVE_STATUSES, axis_title="share of partner-imperative assessments")),
        table=tables.status_counts(wide, IMPERATIVE_STATUSES, "Partner-imperative "
                                   "assessments by status", "Assessed"),
        summaries=summaries.status_shares(wide, "imperative assessments met"),
        alt="Stacked bars: for each partnership, the share of its partners' imperative "
            "assessments that are met, not met, or without evidence.", unit="share")


def radar_charts(ctx: Context) -> list[Chart]:
    scores = ctx.titled_scores()
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
            links.append(Link(f"{ctx.names.get(pid, pid)}: every table in one zip",
                              extract.zip_href, "spreadsheet, CSV, Parquet, data package"))
        elif extract and extract.files:
            links.append(Link(ctx.names.get(pid, pid), partnership_path(pid) + "#downloads",
                              f"{len(extract.files)} files"))
    return Links(intro="Impact extracts for funders and social investors: every figure behind "
                       "these pages for one partnership, as a spreadsheet and as data files. "
                       "The Downloads page describes each file.", links=links,
                 empty=ctx.extracts.problem or "No extracts are listed yet.")
