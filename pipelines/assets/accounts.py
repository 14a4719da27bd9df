"""The social value accounts: what each partnership's outcomes are worth, what went into it, and
whether its partners meet the social value imperatives. Method: docs/method.md."""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from basics.duck import records
from pipelines.resources import Warehouse
from schemas.imperatives import BadImperatives, load_imperatives, load_living_wage
from warehouse.accounts import marts
from warehouse.accounts.assumptions import BadAssumptions, load_assumptions
from warehouse.accounts.compliance import build_imperative_compliance
from warehouse.accounts.marts import InconsistentAccounts
from warehouse.accounts.social_value import build_social_value
from warehouse.marts import MissingInput

PARTNERSHIPS = dg.AssetKey(["staging", "partnerships"])
PARTNERS = dg.AssetKey(["staging", "partners"])
OUTCOME_RETURNS = dg.AssetKey(["staging", "outcome_returns"])
MEASURE_CATALOGUE = dg.AssetKey(["staging", "measure_catalogue"])
PRICE_INDEX = dg.AssetKey(["staging", "price_index"])
IMPERATIVE_EVIDENCE = dg.AssetKey(["staging", "imperative_evidence"])
SELF_ASSESSMENTS = dg.AssetKey(["staging", "self_assessments"])
GRANTS = dg.AssetKey(["staging", "grants"])
INPUTS = dg.AssetKey(["staging", "inputs"])
SPEND_CLASSIFIED = dg.AssetKey(["marts", "spend_classified"])

ACCOUNTS = {"group_name": "accounts", "kinds": {"duckdb"}, "pool": "warehouse"}


@contextmanager
def _told_plainly() -> Iterator[None]:
    """Problems an analyst can fix (missing data, a bad configuration) as one clear failure."""
    try:
        yield
    except (MissingInput, BadAssumptions, BadImperatives, InconsistentAccounts) as err:
        raise dg.Failure(description=str(err)) from err


@dg.asset(key=["marts", "social_value"], deps=[OUTCOME_RETURNS, MEASURE_CATALOGUE, PRICE_INDEX,
                                              PARTNERS], **ACCOUNTS)
def social_value(warehouse: Warehouse) -> dg.MaterializeResult:
    """Every outcome a partner reported, per quarter and measure, valued in one price year: gross
    (quantity x proxy), net of deadweight, displacement and attribution, over the benefit years
    with drop-off, and discounted to present value, with low and high cases. A measure that
    overlaps another reported for the same partner and quarter is flagged and not counted. The
    choices behind the values are in marts.valuation_assumptions; each measure valued, as the
    catalogue states it, in marts.partnership_measures."""
    with _told_plainly(), warehouse.writer() as con:
        totals = build_social_value(con, load_assumptions(warehouse.paths().config))
    base = totals["price_base_year"]
    return dg.MaterializeResult(metadata={
        "lines": totals["lines"],
        "lines_not_valued": totals["lines_not_valued"],
        "lines_not_counted_as_overlaps": totals["lines_overlapping"],
        f"present_value_gbp_{base}_prices": float(totals["present_value_gbp"]),
        "price_base_year": base,
    })


@dg.asset(key=["marts", "partnership_inputs"], deps=[SPEND_CLASSIFIED, GRANTS, INPUTS, PARTNERS,
                                                    PARTNERSHIPS, PRICE_INDEX, OUTCOME_RETURNS],
          **ACCOUNTS)
def partnership_inputs(warehouse: Warehouse) -> dg.MaterializeResult:
    """What went into each partnership, per partner, quarter and source: its lead council's
    payments to the partners, other funders' grants to them (spread over the grant's planned
    dates) and the inputs register's money, in-kind support and staff and volunteers' time, as
    paid and in the base price year, in every quarter (whether or not outcomes were reported)."""
    with _told_plainly(), warehouse.writer() as con:
        rows = marts.build_partnership_inputs(con, load_assumptions(warehouse.paths().config))
        totals = records(con, """
            select source, sum(amount_gbp) as amount_gbp from marts.partnership_inputs
            group by all order by source""")
    return dg.MaterializeResult(metadata={"rows": rows} | {
        f"{t['source'].replace(' ', '_').replace('-', '_')}_gbp": float(t["amount_gbp"])
        for t in totals})


@dg.asset(key=["marts", "imperative_compliance"], deps=[IMPERATIVE_EVIDENCE, PARTNERS,
                                                       OUTCOME_RETURNS], **ACCOUNTS)
def imperative_compliance(warehouse: Warehouse) -> dg.MaterializeResult:
    """For each partner, financial year and social value imperative: met, not met (with the
    failing evidence) or no evidence, under the imperatives file in force (a council's own
    config/imperatives.yaml, else the shipped default), whose version is recorded."""
    config = warehouse.paths().config
    with _told_plainly():
        imperatives = load_imperatives(config)
        with warehouse.writer() as con:
            counts = build_imperative_compliance(con, imperatives, load_living_wage(config))
    by_status: dict[str, int] = {}
    for c in counts:
        by_status[c["status"]] = by_status.get(c["status"], 0) + c["partners"]
    return dg.MaterializeResult(metadata={
        "imperatives_version": imperatives.version,
        "imperatives_file": imperatives.source_file,
        **{f"assessments_{status}": n for status, n in sorted(by_status.items())},
        "by_imperative": dg.MetadataValue.md(_table(
            ["imperative", "status", "partners"],
            [[c["imperative_id"], c["status"], c["partners"]] for c in counts])),
    })


@dg.asset(key=["marts", "outcomes_vs_targets"], deps=[social_value], **ACCOUNTS)
def outcomes_vs_targets(warehouse: Warehouse) -> dg.MaterializeResult:
    """Each partner's outcomes against its targets per quarter and measure (for harms, the
    target is a ceiling)."""
    with _told_plainly(), warehouse.writer() as con:
        rows = marts.build(con, "outcomes_vs_targets")
        status = records(con, "select status, count(*) as n from marts.outcomes_vs_targets "
                              "group by all order by status")
    return dg.MaterializeResult(metadata={"rows": rows} | {
        f"lines_{s['status'].replace(' ', '_')}": s["n"] for s in status})


@dg.asset(key=["marts", "cost_per_outcome"], deps=[social_value, partnership_inputs], **ACCOUNTS)
def cost_per_outcome(warehouse: Warehouse) -> dg.MaterializeResult:
    """For each partnership, year and measure: the partnership's inputs over the quantity of that
    measure (every measure carries the whole cost: not to be added across measures); with
    whether the measure counts a sensitive cohort, for the funder extracts, in
    marts.cost_per_outcome_cohorts."""
    with _told_plainly(), warehouse.writer() as con:
        rows = marts.build(con, "cost_per_outcome")
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(key=["marts", "partnership_accounts"],
          deps=[social_value, partnership_inputs, imperative_compliance, PARTNERSHIPS],
          **ACCOUNTS)
def partnership_accounts(warehouse: Warehouse) -> dg.MaterializeResult:
    """The headline account of each partnership for each financial year (and, in
    marts.partnership_whole_life, its whole life to date): inputs in the period, gross and net
    value, present value with its low-high range, SROI (low, central, high), cost per
    beneficiary, the evidence grades behind the value, and how many imperatives its partners
    meet."""
    with _told_plainly(), warehouse.writer() as con:
        rows = marts.build(con, "partnership_accounts")
        heads = records(con, """
            select partnership_id, period, price_base_year, inputs_gbp, present_value_gbp,
                   sroi_low, sroi_central, sroi_high, weakest_evidence_grade,
                   imperatives_met, imperatives_assessed
            from marts.partnership_accounts order by partnership_id, financial_year""")
    return dg.MaterializeResult(metadata={
        "partnerships": len({h["partnership_id"] for h in heads}),
        "rows": rows,
        "headlines": dg.MetadataValue.md(_table(
            ["partnership", "period", "price year", "inputs (£)", "present value (£)",
             "SROI low / central / high", "weakest grade", "imperatives met"],
            [[h["partnership_id"], h["period"], h["price_base_year"], f"{h['inputs_gbp']:,.0f}",
              f"{h['present_value_gbp']:,.0f}", _ratios(h), h["weakest_evidence_grade"],
              f"{h['imperatives_met']} of {h['imperatives_assessed']}"] for h in heads])),
    })


@dg.asset(key=["marts", "self_assessment"], deps=[SELF_ASSESSMENTS], **ACCOUNTS)
def self_assessment(warehouse: Warehouse) -> dg.MaterializeResult:
    """Each partnership's own scores (0-5) against the nine principles and five correctives,
    beside its framework mean and every partnership's mean for the same item."""
    with _told_plainly(), warehouse.writer() as con:
        rows = marts.build(con, "self_assessment")
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(key=["marts", "council_spend_analysis"], deps=[SPEND_CLASSIFIED, PARTNERSHIPS],
          **ACCOUNTS)
def council_spend_analysis(warehouse: Warehouse) -> dg.MaterializeResult:
    """Where each council's spend went, per financial year, as shares of its total: by supplier
    class, locality, partnership membership and commissioning route."""
    with _told_plainly(), warehouse.writer() as con:
        rows = marts.build(con, "council_spend_analysis")
        vcse = records(con, """
            select council, financial_year, share from marts.council_spend_analysis
            where dimension = 'supplier_class' and category = 'vcse'
            order by council, financial_year""")
    return dg.MaterializeResult(metadata={
        "rows": rows,
        "vcse_share": dg.MetadataValue.md(_table(
            ["council", "year", "share of spend to VCSE"],
            [[v["council"], v["financial_year"], f"{v['share']:.1%}"] for v in vcse])),
    })


def _ratios(h: dict) -> str:
    if h["sroi_central"] is None:
        return "no inputs"
    return f"{h['sroi_low']:.2f} / {h['sroi_central']:.2f} / {h['sroi_high']:.2f}"


def _table(headings: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
