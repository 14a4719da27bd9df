"""Spend marts: each loaded payment line classed by supplier type, locality and partnership.

`marts.councils` holds the councils' profiles; `marts.spend_classified` holds one row per current
spend line with its supplier class, whether the supplier is local, and the partner (and the
partnership of that council) it was paid to, each with the evidence for the judgement. An exact
repeat of an earlier line of the same file is loaded and flagged, but counted once here.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from sources.spend.profiles import CouncilProfile
from warehouse.classification import is_local_sql, legal_form_sql, name_rules_sql
from warehouse.duck import literal, records
from warehouse.individuals import INDIVIDUAL_EXPENSES, judge_payees


def build_councils(con: duckdb.DuckDBPyConnection, profiles: list[CouncilProfile]) -> int:
    frame = pd.DataFrame([{
        "council": p.slug, "name": p.name, "org_id": p.org_id,
        "local_postcode_areas": list(p.local_postcode_areas), "london": p.london,
        "cadence": p.cadence, "publication_lag_days": p.publication_lag_days,
    } for p in profiles])
    con.register("_profiles", frame)
    con.execute("create or replace table marts.councils as select * from _profiles")
    con.unregister("_profiles")
    return len(frame)


def _name_key(expr: str) -> str:
    """A supplier name reduced for matching: lower case, '&' as 'and', punctuation as spaces."""
    return (f"trim(regexp_replace(replace(lower({expr}), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))")


def spend_classified_sql() -> str:
    """The mart's SQL; reads `_payees` (`judge_payees` of every beneficiary name)."""
    name_class, name_evidence = name_rules_sql("l.beneficiary")
    kind = "lower(concat_ws(' ', l.expense_type, l.service, l.purpose))"
    pays_individuals = f"regexp_matches({kind}, {literal(INDIVIDUAL_EXPENSES.pattern)})"
    paid_as = f"regexp_extract({kind}, {literal(INDIVIDUAL_EXPENSES.pattern)})"
    local = is_local_sql("coalesce(l.postcode, b.registered_postcode)", "l.local_postcode_areas")
    return f"""
create or replace table marts.spend_classified as
with lines as (
    select s.*, c.org_id as council_org_id, c.local_postcode_areas,
           {_name_key('s.beneficiary')} as name_key,
           lpad(s.company_number, 8, '0') as company_key
    from staging.council_spend s
    left join marts.councils c using (council)
    where s.duplicate_of_row is null
),
partners as (
    select p.*, pt.lead_council,
           case when starts_with(p.org_id, 'GB-CHC-') then substr(p.org_id, 8) end as charity_key,
           case when starts_with(p.org_id, 'GB-COH-') then substr(p.org_id, 8) end as company_key,
           {_name_key('p.name')} as name_key
    from staging.partners p
    left join staging.partnerships pt using (partnership_id)
    where p.role <> 'council'
),
candidates as (
    select l.load_id, l.source_row, p.*, 1 as strength, 'org id' as matched_by
        from lines l join partners p on l.org_id = p.org_id
    union all
    select l.load_id, l.source_row, p.*, 2, 'charity number'
        from lines l join partners p on l.charity_number = p.charity_key
    union all
    select l.load_id, l.source_row, p.*, 3, 'company number'
        from lines l join partners p on l.company_key = p.company_key
    union all
    select l.load_id, l.source_row, p.*, 4, 'name'
        from lines l join partners p on l.name_key = p.name_key and l.name_key <> ''
),
best as (
    select c.*, c.lead_council = l.council as same_council
    from candidates c join lines l using (load_id, source_row)
    qualify row_number() over (partition by c.load_id, c.source_row
                               order by c.strength, same_council desc, c.partnership_id) = 1
)
select
    l.council, l.council_org_id, l.period_key, l.month, l.payment_date, l.amount,
    l.beneficiary, l.is_redacted,
    case
        when l.is_redacted then 'individual_or_redacted'
        when b.org_id is not null then {legal_form_sql('b.legal_form')}
        when l.charity_number is not null then 'vcse'
        when p.person_evidence is not null then 'individual_or_redacted'
        when p.organisation_mark is null and {pays_individuals} then 'individual_or_redacted'
        else coalesce({name_class}, 'other')
    end as supplier_class,
    case
        when l.is_redacted then 'beneficiary redacted as published ("' || l.redaction_label || '")'
        when b.org_id is not null then 'partner register: ' || b.org_id || ', ' || b.legal_form
            || ' (matched by ' || b.matched_by || ')'
        when l.charity_number is not null then 'charity number ' || l.charity_number
            || ' in the spend file'
        when p.person_evidence is not null then 'an individual: ' || p.person_evidence
        when p.organisation_mark is null and {pays_individuals} then
            'an individual: a payment of a kind made to individuals (' || {paid_as}
            || ') to a payee whose name shows no organisation'
        else coalesce({name_evidence}, 'no voluntary-sector or public-body mark in the name')
    end as class_evidence,
    case when l.is_redacted then null
         else {local}
    end as is_local,
    case
        when l.is_redacted then 'redacted: not located'
        when coalesce(l.postcode, b.registered_postcode) is null then 'no postcode known'
        else 'postcode ' || coalesce(l.postcode, b.registered_postcode)
            || case when l.postcode is not null then ' in the spend file'
                    else ' in the partner register' end
            || '; local areas ' || array_to_string(l.local_postcode_areas, ', ')
    end as locality_evidence,
    b.org_id as partner_org_id,
    case when b.same_council then b.partnership_id end as partnership_id,
    case when b.org_id is not null then 'matched by ' || b.matched_by end as match_evidence,
    l.expense_type, l.department, l.transaction_ref, l.source_file, l.source_row, l.load_id
from lines l
left join best b using (load_id, source_row)
left join _payees p on p.beneficiary = l.beneficiary
"""


def build_spend_classified(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rebuild marts.spend_classified; returns lines and amounts per council and class."""
    names = [name for (name,) in con.execute(
        "select distinct beneficiary from staging.council_spend where beneficiary is not null"
    ).fetchall()]
    con.register("_payees", judge_payees(names))
    try:
        con.execute(spend_classified_sql())
    finally:
        con.unregister("_payees")
    return records(con, """
        select council, supplier_class, count(*) as lines, sum(amount) as amount_gbp
        from marts.spend_classified group by all order by council, supplier_class""")
