"""The datasets the warehouse holds, and where each one's loaded rows live in staging."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Staged:
    table: str
    scope_column: str | None = None
    amount_column: str | None = None


STAGED = {
    "spend": Staged("staging.council_spend", "council", "amount"),
    "outcomes": Staged("staging.outcome_returns", "partnership_id"),
    "partnerships": Staged("staging.partnerships", amount_column="contract_value_gbp"),
    "partners": Staged("staging.partners"),
    "measure_catalogue": Staged("staging.measure_catalogue", "catalogue"),
    "price_index": Staged("staging.price_index"),
    "imperative_evidence": Staged("staging.imperative_evidence"),
    "self_assessments": Staged("staging.self_assessments"),
    "grants": Staged("staging.grants", "publisher", "amount_awarded"),
    "inputs": Staged("staging.inputs", amount_column="amount_gbp"),
    "charities_ew": Staged("staging.register_charities_ew"),
    "charities_scotland": Staged("staging.register_charities_scotland"),
    "charities_ni": Staged("staging.register_charities_ni"),
    "companies": Staged("staging.register_companies", "part"),
    "mutuals": Staged("staging.register_mutuals"),
    "housing_providers": Staged("staging.register_housing_providers"),
}


def loaded_totals_sql() -> str:
    """One SELECT over every staging table: dataset, scope, rows and amount loaded."""
    parts = []
    for dataset, staged in STAGED.items():
        scope = staged.scope_column or "'all'"
        amount = f"sum({staged.amount_column})" if staged.amount_column else "null::decimal(18,2)"
        parts.append(f"select '{dataset}' as dataset, {scope} as scope, count(*) as rows_loaded,"
                     f" {amount} as amount_loaded from {staged.table} group by all")
    return " union all ".join(parts)
