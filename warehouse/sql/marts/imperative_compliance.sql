-- marts.imperative_compliance: for each partner (of the roles an imperative applies to), financial
-- year and imperative: met, not_met or no_evidence, the reason in words, the evidence used (JSON:
-- value, unit, source document per field) and which imperatives file decided it. Written from
-- the evaluated rows `_compliance` (schemas/imperatives.py) with the types stated here.
create or replace table marts.imperative_compliance as
select
    partnership_id::varchar as partnership_id,
    partner_org_id::varchar as partner_org_id,
    partner_name::varchar as partner_name,
    role::varchar as role,
    financial_year::varchar as financial_year,
    period_start::date as period_start,
    period_end::date as period_end,
    imperative_id::varchar as imperative_id,
    imperative_title::varchar as imperative_title,
    principle::varchar as principle,
    status::varchar as status,
    reason::varchar as reason,
    evidence::json as evidence,
    rule::varchar as rule,
    evidence_needed::varchar as evidence_needed,
    imperatives_version::varchar as imperatives_version,
    imperatives_file::varchar as imperatives_file,
    imperatives_sha256::varchar as imperatives_sha256,
    living_wage_file::varchar as living_wage_file
from _compliance
order by partnership_id, financial_year, partner_org_id, imperative_id
