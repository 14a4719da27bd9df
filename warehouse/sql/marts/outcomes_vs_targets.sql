-- marts.outcomes_vs_targets: each partner's reported outcomes against its targets, per quarter
-- and measure. For a harm (a measure with a negative proxy, e.g. tenancies lost) the target is a
-- ceiling: the target is met when the count stays at or under it.
create or replace table marts.outcomes_vs_targets as
with lines as (
    select
        partnership_id, partner_org_id, partner_name, financial_year, quarter_key, period,
        measure_code, theme, outcome, unit, quantity, target, evidence_grade,
        coalesce(is_harm, false) as is_harm
    from marts.social_value
)

select
    partnership_id,
    partner_org_id,
    partner_name,
    financial_year,
    quarter_key,
    period,
    measure_code,
    theme,
    outcome,
    unit,
    case when is_harm then 'ceiling' else 'floor' end as target_kind,
    quantity,
    target,
    quantity - target as variance,
    case when target > 0 then quantity / target end as achievement,
    case
        when target is null then 'no target'
        when is_harm and quantity <= target then 'within ceiling'
        when is_harm then 'over ceiling'
        when quantity >= target then 'met'
        else 'below target'
    end as status,
    case when target is null then null
         when is_harm then quantity <= target
         else quantity >= target end as target_met,
    evidence_grade
from lines
order by partnership_id, quarter_key, partner_org_id, measure_code
