"""The SQL-built accounts marts: each one's inputs, and building it."""

from __future__ import annotations

import duckdb

from warehouse.accounts.assumptions import Assumptions, price_index
from warehouse.accounts.sql import build_mart, require
from warehouse.duck import scalar

NEEDS = {
    "partnership_inputs": ("marts.spend_classified", "staging.grants", "staging.partners",
                           "staging.partnerships", "staging.price_index",
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
    """Rebuild marts.<name> from its SQL file; returns its row count."""
    require(con, *NEEDS[name])
    if name == "partnership_accounts":
        _check_price_years(con)
    return build_mart(con, name)


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
