"""Reading an extract's tables from the warehouse marts, for one selection.

Each query reads one mart (or staging table) as it stands, filtered to the selection's
partnerships, financial years and funder; the rows come back in a stable order so the same data
always gives the same files. Nothing here hides or changes a figure: suppression and formula
safety come after (`suppression.py`, `safety.py`).
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from basics.duck import records
from dashboards.extracts.dictionary import BY_NAME, Table, dictionary_rows
from dashboards.extracts.spec import BadSpec, Spec
from dashboards.publication import data_versions

# Licences under which catalogue proxy values may be re-published. Anything else (e.g. the
# National TOMs' or HACT's non-commercial, no-derivatives terms) keeps its proxies out.
OPEN_LICENCES = frozenset({"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "OGL-UK-3.0", "ODC-BY-1.0",
                           "ODBL-1.0", "PDDL-1.0"})

SELECTED = "list_contains($partnerships::varchar[], partnership_id)"
IN_YEARS = "(len($years::varchar[]) = 0 or list_contains($years::varchar[], financial_year))"

QUERIES: dict[str, str] = {
    "accounts": f"""
        select * from marts.partnership_accounts where {SELECTED} and {IN_YEARS}
        order by partnership_id, financial_year""",
    "social_value": f"""
        select * from marts.social_value where {SELECTED} and {IN_YEARS}
        order by partnership_id, quarter_key, partner_org_id, measure_code""",
    "outcomes_vs_targets": f"""
        select * from marts.outcomes_vs_targets where {SELECTED} and {IN_YEARS}
        order by partnership_id, quarter_key, partner_org_id, measure_code""",
    "cost_per_outcome": f"""
        select * from marts.cost_per_outcome_cohorts where {SELECTED} and {IN_YEARS}
        order by partnership_id, financial_year, measure_code""",
    "inputs": f"""
        select * from marts.partnership_inputs where {SELECTED} and {IN_YEARS}
        order by partnership_id, quarter_key, partner_org_id, source""",
    "council_payments": f"""
        select * from marts.council_payments where {SELECTED} and {IN_YEARS}
        order by partnership_id, payment_date, council, source_file, source_row""",
    # a grant counts in the years its planned period (else its award date) overlaps
    "grants": """
        select * from marts.partnership_grants
        where list_contains($partnerships::varchar[], partnership_id)
          and ($funder::varchar is null or funder_org_id = $funder::varchar)
          and (len($years::varchar[]) = 0 or exists (
                select 1 from unnest($years::varchar[]) y(fy)
                where coalesce(planned_start, award_date)
                          <= make_date(left(y.fy, 4)::int + 1, 3, 31)
                  and coalesce(planned_end, award_date)
                          >= make_date(left(y.fy, 4)::int, 4, 1)))
        order by partnership_id, grant_id""",
    "imperative_compliance": f"""
        select * exclude (imperatives_file, living_wage_file), evidence::varchar as evidence
        from marts.imperative_compliance where {SELECTED} and {IN_YEARS}
        order by partnership_id, partner_org_id, financial_year, imperative_id""",
    "partners": f"""
        select * from staging.partners where {SELECTED} order by partnership_id, org_id""",
    # the proxy value is the measure's, the same in each partnership and year that reported it
    "measures": f"""
        select distinct framework, edition, code, theme, outcome, unit, proxy_value_gbp,
               price_year, proxy_value_base_gbp, price_base_year, deadweight, displacement,
               attribution, drop_off, benefit_years, discount_schedule, overlaps_with,
               sensitive_cohort, counts, source, licence
        from marts.partnership_measures where {SELECTED} and {IN_YEARS}
        order by framework, edition, code""",
}


def check_selection(con: duckdb.DuckDBPyConnection, spec: Spec) -> None:
    """Refuse a selection the warehouse cannot answer, naming what it does hold."""
    known = [r["partnership_id"] for r in records(
        con, "select partnership_id from staging.partnerships order by 1")]
    missing = [p for p in spec.partnerships if p not in known]
    if missing:
        raise BadSpec(f"no partnership {', '.join(map(repr, missing))} in the warehouse; known: "
                      f"{', '.join(known) or 'none'}")
    years = [r["financial_year"] for r in records(con, """
        select distinct financial_year from marts.partnership_accounts
        where list_contains($partnerships::varchar[], partnership_id) order by 1""",
        _bind(SELECTED, _params(spec)))]
    absent = [y for y in spec.financial_years if y not in years]
    if absent:
        raise BadSpec(f"no accounts for {', '.join(absent)}; the selection has "
                      f"{', '.join(years) or 'no years yet'}")


def read_tables(con: duckdb.DuckDBPyConnection, spec: Spec) -> dict[str, pd.DataFrame]:
    """Every table of the extract, as the warehouse holds it now (before suppression)."""
    params = _params(spec)
    frames = {name: con.execute(sql, _bind(sql, params)).df() for name, sql in QUERIES.items()}
    frames["measures"]["proxy_withheld"] = ~frames["measures"]["licence"].str.upper().isin(
        OPEN_LICENCES)
    for column in ("proxy_value_gbp", "proxy_value_base_gbp"):
        frames["measures"][column] = frames["measures"][column].mask(
            frames["measures"]["proxy_withheld"])
    frames["data_versions"] = versions_frame(con, spec)
    frames["data_dictionary"] = pd.DataFrame(dictionary_rows(base_year(con)))
    return frames


def versions_frame(con: duckdb.DuckDBPyConnection, spec: Spec) -> pd.DataFrame:
    """The files behind the selection: its partnerships' outcome returns, its lead councils'
    spend, and the registers, catalogues, price index, evidence and grants every account uses."""
    councils = {r["lead_council"] for r in records(
        con, "select lead_council from staging.partnerships where list_contains($p, "
             "partnership_id)", {"p": list(spec.partnerships)})}

    def relevant(v: dict) -> bool:
        if v["dataset"] == "outcomes":
            return v["scope"] in spec.partnerships
        if v["dataset"] == "spend":
            return v["scope"] in councils
        if v["dataset"] == "grants" and spec.funder:
            return v["scope"] == spec.funder
        return True

    rows = [{"dataset": v["dataset"], "scope": v["scope"], "periods": ", ".join(v["periods"]),
             "file_name": v["file_name"], "file_sha256": v["file_hash"], "load_id": v["load_id"],
             "loaded_at": v["loaded_at"], "sample_data": v["sample_data"]}
            for v in data_versions(con) if relevant(v)]
    return pd.DataFrame(rows, columns=BY_NAME["data_versions"].names)


def base_year(con: duckdb.DuckDBPyConnection) -> int | None:
    rows = records(con, "select price_base_year from marts.valuation_assumptions")
    return rows[0]["price_base_year"] if rows else None


def assumptions(con: duckdb.DuckDBPyConnection) -> dict:
    """The valuation choices in force (price base year, discounting, sensitivity factors)."""
    rows = records(con, "select * exclude (built_at) from marts.valuation_assumptions")
    return rows[0] if rows else {}


def grant_objects(grants: pd.DataFrame) -> list[dict]:
    """The selection's grants as the 360Giving objects their funders published, one per grant
    (a partner in two selected partnerships still received each grant once)."""
    unique = grants.drop_duplicates("grant_id").sort_values("grant_id")
    return [json.loads(text) for text in unique["grant_json"]]


def conform(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """`frame` with exactly the table's columns, in its order, each of its declared type (dates
    as dates, counts as nullable integers, text as strings)."""
    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        values = frame[column.name] if column.name in frame else pd.Series(pd.NA,
                                                                           index=frame.index)
        out[column.name] = _typed(values, column.type)
    return out.reset_index(drop=True)


def _typed(values: pd.Series, type_: str) -> pd.Series:
    if type_ == "integer":
        return pd.to_numeric(values, errors="coerce").round().astype("Int64")
    if type_ == "number":
        return pd.to_numeric(values, errors="coerce").astype("Float64")
    if type_ == "boolean":
        return values.astype("boolean")
    if type_ == "date":
        return pd.to_datetime(values, errors="coerce").dt.date.astype("object").where(
            values.notna(), None)
    if type_ == "datetime":
        # The warehouse records load times in UTC without a zone.
        return pd.to_datetime(values, errors="coerce", utc=True)
    return values.astype("string")


def _bind(sql: str, params: dict) -> dict:
    """The parameters `sql` names (DuckDB refuses any it does not use)."""
    return {k: v for k, v in params.items() if f"${k}" in sql}


def _params(spec: Spec) -> dict:
    return {"partnerships": list(spec.partnerships), "years": list(spec.financial_years),
            "funder": spec.funder}
