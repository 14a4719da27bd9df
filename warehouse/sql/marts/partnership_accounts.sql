-- marts.partnership_accounts: the headline social value account of each partnership and
-- financial year, over the quarters it reported outcomes for: inputs in those quarters, gross and
-- net value, present value with its low-high range, SROI, cost per beneficiary, the evidence
-- behind the value and how many imperatives its partners meet. All £ in one price year.
create or replace table marts.partnership_accounts as
with value as (
    select
        partnership_id,
        financial_year,
        min(period_start) as period_start,
        max(period_end) as period_end,
        count(distinct quarter_key) as quarters_reported,
        string_agg(distinct right(quarter_key, 2), ', ' order by right(quarter_key, 2))
            as quarters,
        any_value(price_base_year) as price_base_year,
        count(*) as outcome_lines,
        count(*) filter (where valuation_note is not null) as lines_not_valued,
        count(*) filter (where valuation_note is null and not counted) as lines_overlapping,
        sum(gross_value_gbp) filter (where counted) as gross_value_gbp,
        sum(net_impact_gbp) filter (where counted) as net_impact_gbp,
        sum(net_value_gbp) filter (where counted) as net_value_gbp,
        sum(present_value_gbp) filter (where counted) as present_value_gbp,
        sum(present_value_low_gbp) filter (where counted) as present_value_low_gbp,
        sum(present_value_high_gbp) filter (where counted) as present_value_high_gbp,
        coalesce(sum(present_value_gbp) filter (where counted and is_harm), 0)
            as harm_present_value_gbp,
        coalesce(sum(present_value_gbp) filter (where valuation_note is null and not counted), 0)
            as overlap_excluded_present_value_gbp,
        sum(beneficiaries) filter (where counted and not is_harm) as beneficiaries,
        max(evidence_grade) filter (where counted) as weakest_evidence_grade,
        sum(abs(present_value_gbp)) filter (where counted) as weight,
        sum(abs(present_value_gbp)) filter (where counted and evidence_grade = 'A') as weight_a,
        sum(abs(present_value_gbp)) filter (where counted and evidence_grade = 'B') as weight_b,
        sum(abs(present_value_gbp)) filter (where counted and evidence_grade = 'C') as weight_c,
        sum(abs(present_value_gbp)) filter (where counted and evidence_grade = 'D') as weight_d
    from marts.social_value
    group by all
),

inputs as (
    select
        partnership_id,
        financial_year,
        sum(amount_base_gbp) as inputs_gbp,
        sum(amount_gbp) as inputs_nominal_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'council spend'), 0)
            as council_spend_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'grant'), 0) as grants_gbp,
        sum(amount_not_uprated_gbp) as inputs_not_uprated_gbp,
        any_value(price_base_year) as price_base_year
    from marts.partnership_inputs
    where in_outcome_period
    group by all
),

imperatives as (
    select
        partnership_id,
        financial_year,
        count(*) as imperatives_assessed,
        count(*) filter (where status = 'met') as imperatives_met,
        count(*) filter (where status = 'not_met') as imperatives_not_met,
        count(*) filter (where status = 'no_evidence') as imperatives_no_evidence,
        count(distinct partner_org_id) as partners_assessed,
        count(distinct partner_org_id)
            - count(distinct partner_org_id) filter (where status <> 'met')
            as partners_meeting_all,
        any_value(imperatives_version) as imperatives_version
    from marts.imperative_compliance
    group by all
),

assumptions as (
    select sensitivity_description from marts.valuation_assumptions
)

select
    v.partnership_id,
    pt.name as partnership_name,
    pt.lead_council,
    pt.commissioning_route,
    v.financial_year,
    v.financial_year || ' (' || v.quarters || ')' as period,
    v.period_start,
    v.period_end,
    v.quarters_reported,
    'GBP' as currency,
    v.price_base_year,
    coalesce(i.inputs_gbp, 0)::decimal(18, 2) as inputs_gbp,
    coalesce(i.inputs_nominal_gbp, 0)::decimal(18, 2) as inputs_nominal_gbp,
    coalesce(i.council_spend_gbp, 0)::decimal(18, 2) as council_spend_gbp,
    coalesce(i.grants_gbp, 0)::decimal(18, 2) as grants_gbp,
    coalesce(i.inputs_not_uprated_gbp, 0)::decimal(18, 2) as inputs_not_uprated_gbp,
    v.gross_value_gbp,
    v.net_impact_gbp,
    v.net_value_gbp,
    v.present_value_gbp,
    v.present_value_low_gbp,
    v.present_value_high_gbp,
    v.harm_present_value_gbp,
    v.overlap_excluded_present_value_gbp,
    case when i.inputs_gbp > 0 then v.present_value_low_gbp / i.inputs_gbp end as sroi_low,
    case when i.inputs_gbp > 0 then v.present_value_gbp / i.inputs_gbp end as sroi_central,
    case when i.inputs_gbp > 0 then v.present_value_high_gbp / i.inputs_gbp end as sroi_high,
    v.beneficiaries,
    case when v.beneficiaries > 0 and i.inputs_gbp > 0
         then round(i.inputs_gbp / v.beneficiaries, 2) end as cost_per_beneficiary_gbp,
    v.weakest_evidence_grade,
    coalesce(v.weight_a / nullif(v.weight, 0), 0) as value_share_grade_a,
    coalesce(v.weight_b / nullif(v.weight, 0), 0) as value_share_grade_b,
    coalesce(v.weight_c / nullif(v.weight, 0), 0) as value_share_grade_c,
    coalesce(v.weight_d / nullif(v.weight, 0), 0) as value_share_grade_d,
    v.outcome_lines,
    v.lines_not_valued,
    v.lines_overlapping,
    coalesce(m.imperatives_assessed, 0) as imperatives_assessed,
    coalesce(m.imperatives_met, 0) as imperatives_met,
    coalesce(m.imperatives_not_met, 0) as imperatives_not_met,
    coalesce(m.imperatives_no_evidence, 0) as imperatives_no_evidence,
    coalesce(m.partners_assessed, 0) as partners_assessed,
    coalesce(m.partners_meeting_all, 0) as partners_meeting_all,
    m.imperatives_version,
    a.sensitivity_description as sensitivity
from value v
cross join assumptions a
left join inputs i using (partnership_id, financial_year)
left join imperatives m using (partnership_id, financial_year)
left join staging.partnerships pt using (partnership_id)
order by v.partnership_id, v.financial_year
