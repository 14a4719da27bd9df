"""The SQL-built accounts marts: each one's inputs, and building it."""

from __future__ import annotations

import datetime as dt

import duckdb

from basics.duck import records, scalar, table_exists, transaction
from warehouse.accounts.assumptions import Assumptions, price_index
from warehouse.marts import BUILT_WITH, build_mart, mart_sql, require, with_macros

NEEDS = {
    "partnership_inputs": ("marts.spend_classified", "staging.grants", "staging.inputs",
                           "staging.partners", "staging.partnerships", "staging.price_index",
                           "staging.outcome_returns"),
    "outcomes_vs_targets": ("marts.social_value",),
    "cost_per_outcome": ("marts.social_value", "marts.partnership_inputs"),
    "partnership_accounts": ("marts.social_value", "marts.partnership_inputs",
                             "marts.imperative_compliance", "marts.valuation_assumptions",
                             "staging.partnerships"),
    "self_assessment": ("staging.self_assessments",),
    "council_spend_analysis": ("marts.spend_classified", "staging.partnerships"),
}


class InconsistentAccounts(RuntimeError):
    """Marts built under different assumptions would be combined: rebuild them together."""


def build(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Rebuild marts.<name> from its SQL file (and the marts built with it); returns its row
    count."""
    require(con, *NEEDS[name])
    if name == "partnership_accounts":
        return build_accounts(con)
    rows = build_mart(con, name)
    for follower in BUILT_WITH.get(name, ()):
        build_mart(con, follower)
    return rows


def build_accounts(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild marts.partnership_accounts (each partnership's account for each financial year in
    which it reported outcomes or received inputs), marts.partnership_whole_life (its whole life
    to date) and marts.scenario_accounts (both periods' SROI in each named scenario and tornado
    move); returns the yearly rows."""
    require(con, *NEEDS["partnership_accounts"])
    _check_price_years(con)
    with_macros(con)
    con.execute("create or replace temp table _account_periods as " + mart_sql("account_periods"))
    try:
        with transaction(con):
            for table, kind in (("partnership_accounts", "financial year"),
                                ("partnership_whole_life", "whole life")):
                con.execute(f"create or replace table marts.{table} as select * from ("
                            f"{mart_sql('account')}) where period_kind = ?", [kind])
            # marts.scenario_lines is built with marts.social_value (absent in a warehouse
            # built before scenarios: then no scenario is reported until it is rebuilt)
            if table_exists(con, "marts.scenario_lines"):
                con.execute("create or replace table marts.scenario_accounts as "
                            + mart_sql("scenario_accounts"))
    finally:
        con.execute("drop table if exists _account_periods")
    return scalar(con, "select count(*) from marts.partnership_accounts")


class BadPeriod(ValueError):
    """A period asked for that the accounts cannot be drawn up for; the message says why."""


def accounts_for_range(con: duckdb.DuckDBPyConnection, first_month: str, last_month: str,
                       partnership: str | None = None) -> list[dict]:
    """Each partnership's account from the first day of `first_month` to the last of
    `last_month` (YYYY-MM), from the built marts. Outcomes are reported by quarter, so the range
    must start and end on quarters' edges (April, July, October, January ... June, September,
    December, March)."""
    start, end = _month(first_month, "--from"), _month(last_month, "--to")
    if end < start:
        raise BadPeriod(f"--to {last_month} is before --from {first_month}")
    if start.month % 3 != 1 or end.month % 3 != 0:
        raise BadPeriod(f"{first_month} to {last_month} splits a quarter: outcomes are reported "
                        "by financial-year quarter, so start on April, July, October or January "
                        "and end on June, September, December or March")
    require(con, "marts.social_value", "marts.partnership_inputs",
            "marts.imperative_compliance", "marts.valuation_assumptions")
    last_day = (dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
                - dt.timedelta(days=1))
    label = f"{first_month} to {last_month}"
    with_macros(con)
    con.execute("""
        create or replace temp table _account_periods as
        select partnership_id, 'range' as period_kind, ? as period_label,
               ?::date as account_start, ?::date as account_end
        from staging.partnerships where ?::varchar is null or partnership_id = ?""",
                [label, start, last_day, partnership, partnership])
    try:
        rows = records(con, mart_sql("account"))
        scenarios = records(con, mart_sql("scenario_accounts")) \
            if table_exists(con, "marts.scenario_lines") else []
    finally:
        con.execute("drop table if exists _account_periods")
    return _with_scenarios(rows, scenarios)


def with_scenarios(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> list[dict]:
    """Built accounts' rows, each with `scenarios`: its SROI in each named scenario."""
    scenarios = records(con, "select * from marts.scenario_accounts") \
        if table_exists(con, "marts.scenario_accounts") else []
    return _with_scenarios(rows, scenarios)


def _with_scenarios(rows: list[dict], scenarios: list[dict]) -> list[dict]:
    named: dict[tuple, list[dict]] = {}
    for sc in scenarios:
        if sc["kind"] == "scenario":
            named.setdefault((sc["partnership_id"], sc["period_label"]), []).append({
                "name": sc["assumption"], "changes": sc["description"],
                "present_value_gbp": sc["present_value_gbp"], "sroi": sc["sroi"]})
    return [{**r, "scenarios": named.get((r["partnership_id"], r["period_label"]), [])}
            for r in rows]


def _month(text: str, option: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise BadPeriod(f"{option} {text!r} is not a month: write it as YYYY-MM "
                        "(2017-10)") from None


def build_partnership_inputs(con: duckdb.DuckDBPyConnection, assumptions: Assumptions) -> int:
    require(con, *NEEDS["partnership_inputs"])
    return build_mart(con, "partnership_inputs",
                      {"base_year": assumptions.base_year(price_index(con))})


def _check_price_years(con: duckdb.DuckDBPyConnection) -> None:
    years = scalar(con, """
        select list(distinct price_base_year order by price_base_year) from (
            select price_base_year from marts.social_value
            union all select price_base_year from marts.partnership_inputs
            union all select price_base_year from marts.valuation_assumptions)""")
    if years and len(years) > 1:
        raise InconsistentAccounts(
            f"social value and inputs are in different price years {years}: rebuild "
            "marts.social_value and marts.partnership_inputs together (job build_accounts)")
