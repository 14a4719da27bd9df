-- marts.partnership_inputs: what went into each partnership, by partner, quarter and source:
-- what its lead council paid the partners (credit notes included, as published), the grants the
-- partners received from other funders, and the inputs register's contributions (money from any
-- funder, in-kind support, staff and volunteers' time at hours x rate; source = their kind). A
-- grant or contribution with dates is spread over them by days; one without counts on its day.
-- Grants from the lead council itself are left out: its payments are already in its spend.
-- Amounts are in £ as paid and restated in the base price year ($base_year) by the price index
-- of the calendar year paid (kept as paid, and counted as not uprated, where the index lacks
-- that year). Every quarter counts, whether or not outcomes were reported in it
-- (`in_outcome_period` says which were).
create or replace table marts.partnership_inputs as
with council_spend as (
    select
        partnership_id,
        partner_org_id,
        'council spend' as source,
        payment_date as dated,
        amount::decimal(18, 2) as amount_gbp,
        source_file || ' row ' || source_row as reference
    from marts.spend_classified
    where partnership_id is not null
),

-- Grants and the register's contributions, each over the days it covers.
to_spread as (
    select
        p.partnership_id,
        g.recipient_org_id as partner_org_id,
        'grant' as source,
        g.grant_id || ' (' || g.funder_org_name || ')' as label,
        g.amount_awarded as amount,
        g.planned_start is not null and g.planned_end >= g.planned_start as has_plan,
        case when has_plan then g.planned_start else g.award_date end as spread_start,
        case when has_plan then g.planned_end else g.award_date end as spread_end
    from staging.grants g
    join staging.partners p on p.org_id = g.recipient_org_id and p.role <> 'council'
    join staging.partnerships pt on pt.partnership_id = p.partnership_id
    where g.funder_org_id is distinct from pt.lead_council_org_id
      and coalesce(g.currency, 'GBP') = 'GBP'
    union all
    select
        partnership_id,
        partner_org_id,
        kind as source,
        coalesce(input_id || ' ', '') || kind || ' from ' || contributor
            || case when kind in ('staff time', 'volunteer time')
                    then ', ' || hours || ' hours x £' || hourly_rate_gbp else '' end,
        amount_gbp,
        end_date is not null,
        start_date,
        coalesce(end_date, start_date)
    from staging.inputs
),

spread_quarters as (
    select
        g.*,
        q.quarter_start::date as quarter_start,
        (q.quarter_start + interval 3 month - interval 1 day)::date as quarter_end
    from to_spread g,
        unnest(generate_series(date_trunc('quarter', g.spread_start), g.spread_end,
                               interval 3 month)) as q(quarter_start)
),

shares as (
    select
        partnership_id,
        partner_org_id,
        source,
        greatest(spread_start, quarter_start) as dated,
        round(amount
              * (least(spread_end, quarter_end) - greatest(spread_start, quarter_start) + 1)
              / (spread_end - spread_start + 1), 2)::decimal(18, 2) as amount_gbp,
        label || case when has_plan then ', spread over ' || spread_start || ' to ' || spread_end
                      when source = 'grant' then ', awarded ' || spread_start
                      else ', on ' || spread_start end as reference
    from spread_quarters
),

items as (
    select * from council_spend
    union all
    select * from shares
),

index_base as (
    select index from staging.price_index where year = $base_year
),

outcome_quarters as (
    select distinct partnership_id, quarter_key from staging.outcome_returns
)

select
    i.partnership_id,
    pt.name as partnership_name,
    i.partner_org_id,
    p.name as partner_name,
    financial_year(i.dated) as financial_year,
    fy_quarter(i.dated) as quarter_key,
    date_trunc('quarter', i.dated)::date as quarter_start,
    i.source,
    count(*) as items,
    sum(i.amount_gbp) as amount_gbp,
    $base_year::integer as price_base_year,
    sum(coalesce(i.amount_gbp * b.index / px.index, i.amount_gbp))::decimal(18, 2)
        as amount_base_gbp,
    coalesce(sum(i.amount_gbp) filter (where px.index is null or b.index is null), 0
             )::decimal(18, 2) as amount_not_uprated_gbp,
    oq.quarter_key is not null as in_outcome_period,
    string_agg(distinct i.reference, '; ' order by i.reference)
        filter (where i.source = 'grant') as grants,
    string_agg(distinct i.reference, '; ' order by i.reference)
        filter (where i.source not in ('grant', 'council spend')) as contributions
from items i
left join index_base b on true
left join staging.price_index px on px.year = year(i.dated)
left join staging.partnerships pt on pt.partnership_id = i.partnership_id
left join staging.partners p on p.partnership_id = i.partnership_id
    and p.org_id = i.partner_org_id
left join outcome_quarters oq on oq.partnership_id = i.partnership_id
    and oq.quarter_key = fy_quarter(i.dated)
group by all
order by i.partnership_id, quarter_key, i.partner_org_id, i.source
