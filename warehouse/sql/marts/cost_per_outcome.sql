-- marts.cost_per_outcome: for each partnership, year and measure, all the partnership's inputs
-- for the quarters it reported over the quantity of that measure. Every measure carries the
-- whole cost (this is not an allocation of cost between measures), so the figures of different
-- measures must not be added up. No cost per outcome is given for harms.
create or replace table marts.cost_per_outcome as
with inputs as (
    select partnership_id, financial_year, sum(amount_base_gbp) as inputs_gbp
    from marts.partnership_inputs
    where in_outcome_period
    group by all
),

outcomes as (
    select
        partnership_id, financial_year, measure_code, theme, outcome, unit,
        bool_or(coalesce(is_harm, false)) as is_harm,
        sum(quantity) as quantity,
        sum(beneficiaries) as beneficiaries,
        count(distinct quarter_key) as quarters,
        any_value(price_base_year) as price_base_year
    from marts.social_value
    group by all
)

select
    o.partnership_id,
    o.financial_year,
    o.measure_code,
    o.theme,
    o.outcome,
    o.unit,
    o.quarters,
    o.quantity,
    o.beneficiaries,
    coalesce(i.inputs_gbp, 0)::decimal(18, 2) as inputs_gbp,
    case when not o.is_harm and o.quantity > 0 and i.inputs_gbp > 0
         then round(i.inputs_gbp / o.quantity, 2) end as cost_per_unit_gbp,
    o.price_base_year,
    case
        when o.is_harm then 'harm: no cost per outcome'
        when coalesce(i.inputs_gbp, 0) <= 0 then 'no inputs recorded for these quarters'
        else 'all inputs for the quarters reported / quantity of this measure'
    end as basis
from outcomes o
left join inputs i using (partnership_id, financial_year)
order by o.partnership_id, o.financial_year, o.measure_code
