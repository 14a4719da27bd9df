-- marts.council_spend_analysis: where each council's spend went, per financial year, as shares
-- of the council's total (credit notes net off; redacted lines keep their amounts), seen four
-- ways (`dimension`): by supplier class, by locality, to the members of its partnerships, and by
-- the commissioning route of the partnership paid.
create or replace table marts.council_spend_analysis as
with lines as (
    select
        s.council,
        s.council_org_id,
        financial_year(s.payment_date) as financial_year,
        s.amount,
        case when s.supplier_class = 'other' then 'sme_or_other' else s.supplier_class end
            as supplier_class,
        case when s.is_local then 'local' when not s.is_local then 'not local'
             else 'unknown' end as locality,
        coalesce(pt.name, 'not a partnership member') as partnership,
        coalesce(pt.commissioning_route, 'outside a partnership') as commissioning_route
    from marts.spend_classified s
    left join staging.partnerships pt using (partnership_id)
),

by_dimension as (
    select council, council_org_id, financial_year, 'supplier_class' as dimension,
           supplier_class as category, amount from lines
    union all
    select council, council_org_id, financial_year, 'locality', locality, amount from lines
    union all
    select council, council_org_id, financial_year, 'partnership', partnership, amount from lines
    union all
    select council, council_org_id, financial_year, 'commissioning_route', commissioning_route,
           amount from lines
),

grouped as (
    select council, council_org_id, financial_year, dimension, category,
           count(*) as lines, sum(amount) as amount_gbp
    from by_dimension
    group by all
),

totals as (
    select council, financial_year, sum(amount) as council_total_gbp
    from lines
    group by all
)

select
    g.council,
    g.council_org_id,
    g.financial_year,
    g.dimension,
    g.category,
    g.lines,
    g.amount_gbp::decimal(18, 2) as amount_gbp,
    t.council_total_gbp::decimal(18, 2) as council_total_gbp,
    g.amount_gbp / nullif(t.council_total_gbp, 0) as share
from grouped g
join totals t using (council, financial_year)
order by g.council, g.financial_year, g.dimension, g.amount_gbp desc
