"""marts.imperative_compliance: the imperatives configuration applied to the partners' evidence."""

from __future__ import annotations

import duckdb

from basics.duck import records
from schemas.imperatives import Context, ImperativeSet, LivingWage, evaluate, evidence_frame
from warehouse.marts import mart_sql, require, with_macros

STAGING = ("staging.imperative_evidence", "staging.partners", "staging.outcome_returns")


def build_imperative_compliance(con: duckdb.DuckDBPyConnection, imperatives: ImperativeSet,
                                living_wage: LivingWage) -> list[dict]:
    """Rebuild marts.imperative_compliance; returns the count of each status per imperative."""
    require(con, *STAGING)
    periods = with_macros(con).execute(mart_sql("assessment_periods")).df()
    evidence = con.execute(
        "select partnership_id, partner_org_id, period_start, period_end, evidence_field, value,"
        " unit, source_document from staging.imperative_evidence").df()
    partners = con.execute(
        "select partnership_id, org_id, name, role, legal_form, vcse, asset_lock,"
        " registered_postcode from staging.partners").df()
    table = evaluate(imperatives, evidence_frame(evidence, partners, periods),
                     Context(living_wage))
    con.register("_compliance", table)
    try:
        con.execute(mart_sql("imperative_compliance"))
    finally:
        con.unregister("_compliance")
    return records(con, """
        select imperative_id, status, count(*) as partners
        from marts.imperative_compliance group by all order by imperative_id, status""")
