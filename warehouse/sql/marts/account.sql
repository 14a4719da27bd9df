-- The social value account of each partnership for each period in `_account_periods`
-- (partnership_id, period_kind, period_label, account_start, account_end: a financial year, the
-- whole life to date, or a range a user names): the outcomes reported for quarters in the period
-- and every input in it, whether or not outcomes were reported in its quarter (investment before
-- the first outcome counts in the period it was made). Gross and net value, present value with
-- its low-high range, SROI, cost per beneficiary, the evidence behind the value and how many
-- imperatives its partners meet (in the latest financial year of the period assessed). All £ in
-- one price year. warehouse/accounts/marts.py builds marts.partnership_accounts (each financial
-- year) and marts.partnership_whole_life from it; `socialvalue accounts --from --to` any range.
with value as (
    select
        ap.partnership_id,
        ap.period_label,
        min(period_start) as period_start,
        max(period_end) as period_end,
        count(distinct quarter_key) as quarters_reported,
        string_agg(distinct case when ap.period_kind = 'financial year'
                                 then right(quarter_key, 2) else left(quarter_key, 7) || ' '
                                      || right(quarter_key, 2) end, ', '
                   order by case when ap.period_kind = 'financial year'
                                 then right(quarter_key, 2) else left(quarter_key, 7) || ' '
                                      || right(quarter_key, 2) end) as quarters,
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
    from _account_periods ap
    join marts.social_value sv on sv.partnership_id = ap.partnership_id
        and sv.period_start between ap.account_start and ap.account_end
    group by all
),

inputs as (
    select
        ap.partnership_id,
        ap.period_label,
        min(quarter_start) as first_input_quarter,
        sum(amount_base_gbp) as inputs_gbp,
        sum(amount_gbp) as inputs_nominal_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'council spend'), 0)
            as council_spend_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'grant'), 0) as grants_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'money'), 0) as other_money_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'in-kind'), 0) as in_kind_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'staff time'), 0)
            as staff_time_gbp,
        coalesce(sum(amount_base_gbp) filter (where source = 'volunteer time'), 0)
            as volunteer_time_gbp,
        coalesce(sum(amount_base_gbp) filter (where not in_outcome_period), 0)
            as inputs_outside_outcome_quarters_gbp,
        sum(amount_not_uprated_gbp) as inputs_not_uprated_gbp,
        any_value(price_base_year) as price_base_year
    from _account_periods ap
    join marts.partnership_inputs pi on pi.partnership_id = ap.partnership_id
        and pi.quarter_start between ap.account_start and ap.account_end
    group by all
),

imperatives_by_year as (
    select
        partnership_id,
        financial_year,
        make_date(left(financial_year, 4)::integer, 4, 1) as year_start,
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

-- partners are assessed per financial year: a longer period shows its latest year assessed
imperatives as (
    select ap.partnership_id, ap.period_label, y.* exclude (partnership_id)
    from _account_periods ap
    join imperatives_by_year y on y.partnership_id = ap.partnership_id
        and y.year_start between date_trunc('month', ap.account_start) - interval 11 month
                             and ap.account_end
    qualify row_number() over (partition by ap.partnership_id, ap.period_label
                               order by y.year_start desc) = 1
),

assumptions as (
    select sensitivity_description, price_base_year from marts.valuation_assumptions
)

select
    ap.partnership_id,
    pt.name as partnership_name,
    pt.lead_council,
    pt.commissioning_route,
    ap.period_kind,
    ap.period_label,
    case when ap.period_kind = 'financial year' then ap.period_label end as financial_year,
    ap.period_label || coalesce(' (' || v.quarters || ')', ' (no outcomes reported)')
        as period,
    ap.account_start,
    ap.account_end,
    v.period_start,
    v.period_end,
    coalesce(v.quarters_reported, 0) as quarters_reported,
    i.first_input_quarter,
    'GBP' as currency,
    coalesce(v.price_base_year, i.price_base_year, a.price_base_year) as price_base_year,
    coalesce(i.inputs_gbp, 0)::decimal(18, 2) as inputs_gbp,
    coalesce(i.inputs_nominal_gbp, 0)::decimal(18, 2) as inputs_nominal_gbp,
    coalesce(i.council_spend_gbp, 0)::decimal(18, 2) as council_spend_gbp,
    coalesce(i.grants_gbp, 0)::decimal(18, 2) as grants_gbp,
    coalesce(i.other_money_gbp, 0)::decimal(18, 2) as other_money_gbp,
    coalesce(i.in_kind_gbp, 0)::decimal(18, 2) as in_kind_gbp,
    coalesce(i.staff_time_gbp, 0)::decimal(18, 2) as staff_time_gbp,
    coalesce(i.volunteer_time_gbp, 0)::decimal(18, 2) as volunteer_time_gbp,
    coalesce(i.inputs_outside_outcome_quarters_gbp, 0)::decimal(18, 2)
        as inputs_outside_outcome_quarters_gbp,
    coalesce(i.inputs_not_uprated_gbp, 0)::decimal(18, 2) as inputs_not_uprated_gbp,
    coalesce(v.gross_value_gbp, 0) as gross_value_gbp,
    coalesce(v.net_impact_gbp, 0) as net_impact_gbp,
    coalesce(v.net_value_gbp, 0) as net_value_gbp,
    coalesce(v.present_value_gbp, 0) as present_value_gbp,
    coalesce(v.present_value_low_gbp, 0) as present_value_low_gbp,
    coalesce(v.present_value_high_gbp, 0) as present_value_high_gbp,
    coalesce(v.harm_present_value_gbp, 0) as harm_present_value_gbp,
    coalesce(v.overlap_excluded_present_value_gbp, 0) as overlap_excluded_present_value_gbp,
    case when i.inputs_gbp > 0 then coalesce(v.present_value_low_gbp, 0) / i.inputs_gbp end
        as sroi_low,
    case when i.inputs_gbp > 0 then coalesce(v.present_value_gbp, 0) / i.inputs_gbp end
        as sroi_central,
    case when i.inputs_gbp > 0 then coalesce(v.present_value_high_gbp, 0) / i.inputs_gbp end
        as sroi_high,
    v.beneficiaries,
    case when v.beneficiaries > 0 and i.inputs_gbp > 0
         then round(i.inputs_gbp / v.beneficiaries, 2) end as cost_per_beneficiary_gbp,
    v.weakest_evidence_grade,
    coalesce(v.weight_a / nullif(v.weight, 0), 0) as value_share_grade_a,
    coalesce(v.weight_b / nullif(v.weight, 0), 0) as value_share_grade_b,
    coalesce(v.weight_c / nullif(v.weight, 0), 0) as value_share_grade_c,
    coalesce(v.weight_d / nullif(v.weight, 0), 0) as value_share_grade_d,
    coalesce(v.outcome_lines, 0) as outcome_lines,
    coalesce(v.lines_not_valued, 0) as lines_not_valued,
    coalesce(v.lines_overlapping, 0) as lines_overlapping,
    coalesce(m.imperatives_assessed, 0) as imperatives_assessed,
    coalesce(m.imperatives_met, 0) as imperatives_met,
    coalesce(m.imperatives_not_met, 0) as imperatives_not_met,
    coalesce(m.imperatives_no_evidence, 0) as imperatives_no_evidence,
    coalesce(m.partners_assessed, 0) as partners_assessed,
    coalesce(m.partners_meeting_all, 0) as partners_meeting_all,
    m.imperatives_version,
    a.sensitivity_description as sensitivity
from _account_periods ap
cross join assumptions a
left join value v using (partnership_id, period_label)
left join inputs i using (partnership_id, period_label)
left join imperatives m using (partnership_id, period_label)
left join staging.partnerships pt using (partnership_id)
where v.partnership_id is not null or i.partnership_id is not null
order by ap.partnership_id, ap.account_start, ap.account_end
