-- marts.council_payments: each lead council's payments to the members of its partnerships (the
-- spend lines matched to a partner of that council's partnership), as a funder extract publishes
-- them: an individual's name never, whether or not the council redacted it ($individual_label),
-- and the lines the council redacted as $redacted_label.
create or replace table marts.council_payments as
select council, council_org_id, partnership_id, partner_org_id, payment_date,
       financial_year(payment_date) as financial_year,
       amount as amount_gbp,
       case when is_redacted then $redacted_label::varchar
            when supplier_class = 'individual_or_redacted' then $individual_label::varchar
            else beneficiary end as beneficiary,
       is_redacted, supplier_class, department, expense_type, transaction_ref,
       match_evidence, source_file, source_row
from marts.spend_classified where partnership_id is not null
