-- Each period's present value and SROI (central inputs) in each named scenario and tornado move
-- (marts.scenario_lines), beside the central SROI, for the periods in `_account_periods`.
with inputs as (
    select ap.partnership_id, ap.period_label, sum(pi.amount_base_gbp) as inputs_gbp
    from _account_periods ap
    join marts.partnership_inputs pi on pi.partnership_id = ap.partnership_id
        and pi.quarter_start between ap.account_start and ap.account_end
    group by all
),

central as (
    select ap.partnership_id, ap.period_label, sum(sv.present_value_gbp) as present_value_gbp
    from _account_periods ap
    join marts.social_value sv on sv.partnership_id = ap.partnership_id
        and sv.period_start between ap.account_start and ap.account_end and sv.counted
    group by all
),

moved as (
    select ap.partnership_id, ap.period_kind, ap.period_label, sl.kind, sl.assumption,
           sl.variant, any_value(sl.description) as description,
           sum(sl.present_value_gbp) as present_value_gbp
    from _account_periods ap
    join marts.scenario_lines sl on sl.partnership_id = ap.partnership_id
        and sl.period_start between ap.account_start and ap.account_end
    group by all
)

select
    m.partnership_id,
    m.period_kind,
    m.period_label,
    m.kind,
    m.assumption,
    m.variant,
    m.description,
    m.present_value_gbp,
    c.present_value_gbp as central_present_value_gbp,
    i.inputs_gbp::decimal(18, 2) as inputs_gbp,
    case when i.inputs_gbp > 0 then m.present_value_gbp / i.inputs_gbp end as sroi,
    case when i.inputs_gbp > 0 then c.present_value_gbp / i.inputs_gbp end as sroi_central
from moved m
left join central c using (partnership_id, period_label)
left join inputs i using (partnership_id, period_label)
order by m.partnership_id, m.period_label, m.kind, m.assumption, m.variant
