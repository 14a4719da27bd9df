-- marts.spend_suppliers: each council's payees per financial year, ranked by the amount paid
-- (`rank` 1 the most; ties by name), with their lines, amount, supplier class, whether local and
-- the partnership paid. Individuals are never named, whether or not the council redacted them:
-- their lines are counted together as $individual_label, as are the lines the council redacted
-- ($redacted_label).
create or replace table marts.spend_suppliers as
with lines as (
    select s.council, financial_year(s.payment_date) as financial_year, s.amount,
           s.supplier_class, s.is_local, s.is_redacted,
           case when s.is_redacted then $redacted_label::varchar
                when s.supplier_class = 'individual_or_redacted' then $individual_label::varchar
                else s.beneficiary end as supplier,
           pt.name as partnership, pt.commissioning_route
    from marts.spend_classified s
    left join staging.partnerships pt using (partnership_id)
)
select council, financial_year, supplier, any_value(supplier_class) as supplier_class,
       bool_or(is_local) as is_local, any_value(partnership) as partnership,
       any_value(commissioning_route) as commissioning_route,
       count(*) as lines, sum(amount) as amount_gbp,
       row_number() over (partition by council, financial_year
                          order by sum(amount) desc, supplier) as rank
from lines group by council, financial_year, supplier
