-- marts.spend_redactions: each council's redacted payments per financial year by the council's
-- redaction mark, as it may be published (`_redaction_labels`, warehouse/individuals.py): as
-- written when it holds nothing but redaction words, else plain "redacted" (a mark may hold a
-- name). Exact repeats of a line are counted once.
create or replace table marts.spend_redactions as
select s.council, financial_year(s.payment_date) as financial_year, r.published as label,
       count(*) as lines, sum(s.amount) as amount_gbp
from staging.council_spend s
join _redaction_labels r on r.label = coalesce(s.redaction_label, 'redacted')
where s.is_redacted and s.duplicate_of_row is null
group by all
