"""marts.social_value: every outcome line valued in one price year, with the overlap guard applied;
marts.valuation_assumptions, the choices behind it; and marts.partnership_measures, the catalogue
measures valued."""

from __future__ import annotations

import duckdb
import pandas as pd

from basics.duck import records, transaction
from warehouse.accounts.assumptions import (
    Assumptions,
    BadAssumptions,
    apply_settings,
    price_index,
)
from warehouse.accounts.scenarios import scenario_lines
from warehouse.accounts.valuation import guard_overlaps, value_lines
from warehouse.marts import build_mart, mart_sql, require, with_macros

STAGING = ("staging.outcome_returns", "staging.measure_catalogue", "staging.price_index",
           "staging.partners")
GUARD_KEYS = ["partnership_id", "partner_org_id", "quarter_key"]


def build_social_value(con: duckdb.DuckDBPyConnection, assumptions: Assumptions) -> dict:
    """Rebuild marts.social_value and marts.valuation_assumptions; returns totals."""
    require(con, *STAGING)
    index = price_index(con)
    base = assumptions.base_year(index)
    lines = with_macros(con).execute(mart_sql("outcome_lines"), {
        "framework": assumptions.catalogue_framework,
        "edition": assumptions.catalogue_edition}).df()
    if base is None and not lines.empty:
        raise BadAssumptions("the price index is empty: load one before valuing outcomes")
    lines = apply_settings(lines, assumptions)
    try:
        valued = counted_lines(value_lines(lines, index, base, assumptions.sensitivity))
        scenarios = scenario_lines(lines, valued["counted"], index, base, assumptions)
    except ValueError as err:  # a setting no line can be valued with (a rate of 1, say)
        raise BadAssumptions(f"{assumptions.source}: {err}") from err
    valued["price_base_year"] = base
    s = assumptions.sensitivity
    con.register("_valued_lines", valued)
    con.register("_scenario_lines", scenarios)
    try:
        with transaction(con):  # the values and the assumptions behind them, together
            con.execute(mart_sql("social_value"))
            con.execute(mart_sql("scenario_lines"))
            build_mart(con, "valuation_assumptions", {
                "base_year": base, "framework": assumptions.catalogue_framework,
                "edition": assumptions.catalogue_edition, "worse": s.worse, "better": s.better,
                "cap": s.cap, "sensitivity": s.describe(), "source": assumptions.source,
                "settings": assumptions.settings_in_force(),
                "scenarios": "; ".join(f"{sc.name}: {sc.describe()}"
                                       for sc in assumptions.scenarios) or None})
            build_mart(con, "partnership_measures")  # the measures valued, for the extracts
    finally:
        con.unregister("_valued_lines")
        con.unregister("_scenario_lines")
    return records(con, """
        select count(*) as lines,
               count(*) filter (where valuation_note is not null) as lines_not_valued,
               count(*) filter (where valuation_note is null and not counted) as lines_overlapping,
               coalesce(sum(present_value_gbp) filter (where counted), 0) as present_value_gbp,
               any_value(price_base_year) as price_base_year
        from marts.social_value""")[0]


def counted_lines(valued: pd.DataFrame) -> pd.DataFrame:
    """The overlap guard, and lines that could not be valued left out of every total."""
    out = guard_overlaps(valued, GUARD_KEYS)
    unvalued = out["present_value_gbp"].isna()
    out.loc[unvalued, "counted"] = False
    out["excluded_reason"] = out["excluded_reason"].where(~unvalued, out["valuation_note"])
    return out
