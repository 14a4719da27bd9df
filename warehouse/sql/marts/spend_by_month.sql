-- marts.spend_by_month: each council's spend per month and supplier class (`other` shown as
-- `sme_or_other`), with the lines and amount the council redacted.
create or replace table marts.spend_by_month as
select council, financial_year(payment_date) as financial_year, month,
       case when supplier_class = 'other' then 'sme_or_other' else supplier_class end
           as supplier_class,
       count(*) as lines, sum(amount) as amount_gbp,
       count(*) filter (where is_redacted) as redacted_lines,
       coalesce(sum(amount) filter (where is_redacted), 0) as redacted_gbp
from marts.spend_classified
group by all
