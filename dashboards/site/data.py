"""What the pages read from the warehouse: one query per dataset, as frames.

Everything comes from the marts (and `meta.*` for data quality), each read as it stands: what the
pages need summed or ranked is a mart of its own (warehouse/sql/marts/), so nothing here decides
a figure. Nothing here is published as it stands either: counts of people go through
`dashboards.site.people` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from basics.duck import records
from dashboards.publication import data_versions, uses_sample_data
from dashboards.site.file_facts import refusal_reason


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params).df()


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and "
        "table_name = ?", [schema, table]).fetchall()[0][0])


def _or_empty(con, schema: str, table: str, sql: str, columns: list[str],
              params: list | None = None) -> pd.DataFrame:
    """The query's rows, or no rows when the mart has not been built yet."""
    if not has_table(con, schema, table):
        return pd.DataFrame(columns=columns)
    return frame(con, sql, params)




ACCOUNTS_SQL = """
    select * from marts.partnership_accounts order by partnership_name, financial_year"""

LINES_SQL = """
    select partnership_id, partner_org_id, partner_name, partner_role, financial_year,
           quarter_key, period, measure_code, theme, outcome, unit, quantity, beneficiaries,
           target, evidence_grade, sensitive_cohort, counts, is_harm, counted,
           excluded_reason, gross_value_gbp, net_impact_gbp, net_value_gbp, present_value_gbp,
           present_value_low_gbp, present_value_high_gbp, valuation_note
    from marts.social_value
    order by partnership_id, quarter_key, measure_code, partner_name"""

INPUTS_SQL = """
    select partnership_id, partner_org_id, partner_name, financial_year, quarter_key, source,
           items, amount_gbp, amount_base_gbp, price_base_year, in_outcome_period, grants
    from marts.partnership_inputs
    order by partnership_id, quarter_key, partner_name, source"""

TARGETS_SQL = """
    select partnership_id, partner_org_id, partner_name, financial_year, quarter_key,
           measure_code, target_kind, status, target_met
    from marts.outcomes_vs_targets"""

IMPERATIVES_SQL = """
    select partnership_id, partner_org_id, partner_name, role, financial_year, imperative_id,
           imperative_title, principle, status, reason, evidence_needed, imperatives_version
    from marts.imperative_compliance
    order by partnership_id, financial_year, partner_name, imperative_id"""

SELF_ASSESSMENT_SQL = """
    select partnership_id, period, framework, item_code, item_title, score, max_score, assessor,
           notes, framework_mean_score, item_mean_all_partnerships, partnerships_compared
    from marts.self_assessment
    order by partnership_id, period, framework desc, item_code"""

SPEND_ANALYSIS_SQL = """
    select council, financial_year, dimension, category, lines, amount_gbp, council_total_gbp,
           share
    from marts.council_spend_analysis
    order by council, financial_year, dimension, amount_gbp desc"""

# Individuals are never named on a page, whether or not the council redacted them: the mart
# counts their lines together, as it does the lines the council redacted.
SUPPLIERS_SQL = """
    select council, financial_year, supplier, supplier_class, is_local, partnership,
           commissioning_route, lines, amount_gbp, rank
    from marts.spend_suppliers where rank <= ? order by council, financial_year, rank"""

MONTHLY_SPEND_SQL = """
    select council, financial_year, month, supplier_class, lines, amount_gbp, redacted_lines,
           redacted_gbp
    from marts.spend_by_month order by council, month, supplier_class"""

# A redaction mark that holds more than redaction words (a name, say) is in the mart as plain
# "redacted".
REDACTIONS_SQL = """
    select council, financial_year, label, lines, amount_gbp
    from marts.spend_redactions order by council, financial_year, lines desc, label"""

FEEDS_SQL = """
    select dataset, scope, status, last_file, last_success_at, latest_period, due_period,
           next_deadline, on_time, rows_read, rows_quarantined, quarantine_rate,
           quarantine_reasons, files_refused, last_refusal
    from marts.feed_health order by dataset, scope"""

LAST_LOADS_SQL = """
    select dataset, coalesce(scope, 'all') as scope, count(*) as loads,
           max(finished_at) as last_load_at,
           arg_max(status, coalesce(finished_at, started_at)) as last_status,
           arg_max(file_name, coalesce(finished_at, started_at)) as last_load_file,
           count(*) filter (where status = 'refused') as refused
    from meta.loads group by all order by dataset, scope"""

# Only where a quarantined row is, which rule it broke and the amount it leaves out of the totals:
# never its values, nor the message it carries (`dashboards.site.file_facts`).
QUARANTINE_SQL = """
    select q.dataset, q.scope, q.period, q.source_file, q.source_row, f.column, f.rule, q.amount
    from meta.quarantine q, unnest(q.failures) as u(f)
    order by q.dataset, q.scope, q.source_file, q.source_row, f.rule"""

REFUSED_SQL = """
    select dataset, coalesce(scope, 'all') as scope, file_name, message, started_at
    from meta.loads where status = 'refused' order by started_at desc"""

CATALOGUE_SQL = """
    select framework, edition, code, theme, outcome, unit, proxy_value_gbp, price_year, source,
           licence, deadweight, displacement, attribution, drop_off, benefit_years,
           discount_schedule, sensitive_cohort, counts, counts_declared
    from staging.measure_catalogue order by framework, edition, code"""

PARTNERS_SQL = """
    select partnership_id, org_id as partner_org_id, name as partner_name, role, legal_form,
           vcse, asset_lock
    from staging.partners order by partnership_id, name"""

PARTNERSHIPS_SQL = """
    select partnership_id, name, lead_council, commissioning_route, start_date, end_date,
           contract_value_gbp, contract_value_note, description, source
    from staging.partnerships order by name"""


@dataclass
class Warehouse:
    """Everything the site is built from, read in one go under one read-only connection."""

    accounts: pd.DataFrame
    lines: pd.DataFrame
    inputs: pd.DataFrame
    costs: pd.DataFrame
    targets: pd.DataFrame
    imperatives: pd.DataFrame
    self_assessment: pd.DataFrame
    partnerships: pd.DataFrame
    partners: pd.DataFrame
    councils: pd.DataFrame
    spend_analysis: pd.DataFrame
    suppliers: pd.DataFrame
    monthly_spend: pd.DataFrame
    redactions: pd.DataFrame
    feeds: pd.DataFrame
    last_loads: pd.DataFrame
    quarantine: pd.DataFrame
    refused: pd.DataFrame
    catalogue: pd.DataFrame
    assumptions: dict
    versions: list[dict] = field(default_factory=list)
    sample_data: bool = False
    # each council-year's spend by how its supplier type was found (dashboards/site/coverage.py)
    vcse_coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    # each partnership's whole life to date, and each period's SROI in the named scenarios and
    # the one-at-a-time tornado moves
    whole_life: pd.DataFrame = field(default_factory=pd.DataFrame)
    scenarios: pd.DataFrame = field(default_factory=pd.DataFrame)


def _without_messages(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """`rows` with each refusal message replaced by the kind of refusal it reports: a message
    may quote the file, and nothing from inside a file reaches a page."""
    if column in rows:
        rows = rows.assign(**{column: rows[column].map(refusal_reason)})
    return rows


def read_warehouse(con: duckdb.DuckDBPyConnection, top_suppliers: int = 25) -> Warehouse:
    """Read every mart the pages need."""
    def mart(table: str, sql: str, columns: list[str] | None = None,
             params: list | None = None) -> pd.DataFrame:
        return _or_empty(con, "marts", table, sql, columns or [], params)

    assumptions = records(con, "select * from marts.valuation_assumptions") if has_table(
        con, "marts", "valuation_assumptions") else []
    return Warehouse(
        accounts=mart("partnership_accounts", ACCOUNTS_SQL),
        lines=mart("social_value", LINES_SQL),
        inputs=mart("partnership_inputs", INPUTS_SQL),
        costs=mart("cost_per_outcome", "select * from marts.cost_per_outcome "
                   "order by partnership_id, financial_year, measure_code"),
        targets=mart("outcomes_vs_targets", TARGETS_SQL),
        imperatives=mart("imperative_compliance", IMPERATIVES_SQL),
        self_assessment=mart("self_assessment", SELF_ASSESSMENT_SQL),
        partnerships=frame(con, PARTNERSHIPS_SQL),
        partners=frame(con, PARTNERS_SQL),
        councils=mart("councils", "select council, name, org_id from marts.councils "
                      "order by name"),
        spend_analysis=mart("council_spend_analysis", SPEND_ANALYSIS_SQL),
        suppliers=mart("spend_suppliers", SUPPLIERS_SQL, params=[int(top_suppliers)]),
        monthly_spend=mart("spend_by_month", MONTHLY_SPEND_SQL),
        redactions=mart("spend_redactions", REDACTIONS_SQL),
        feeds=_without_messages(mart("feed_health", FEEDS_SQL), "last_refusal"),
        last_loads=frame(con, LAST_LOADS_SQL),
        quarantine=frame(con, QUARANTINE_SQL),
        refused=_without_messages(frame(con, REFUSED_SQL), "message"),
        catalogue=frame(con, CATALOGUE_SQL),
        assumptions=assumptions[0] if assumptions else {},
        versions=data_versions(con),
        sample_data=uses_sample_data(con),
        vcse_coverage=mart("vcse_coverage", "select * from marts.vcse_coverage "
                           "order by council, financial_year"),
        whole_life=mart("partnership_whole_life", "select * from marts.partnership_whole_life "
                        "order by partnership_id"),
        scenarios=mart("scenario_accounts", "select * from marts.scenario_accounts "
                       "order by partnership_id, period_label, kind, assumption, variant"),
    )
