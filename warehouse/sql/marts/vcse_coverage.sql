-- marts.vcse_coverage: how sure each council's VCSE share is, one row per council and financial
-- year: the council's total spend (£ as paid, credit notes netted, redacted lines included) split
-- by `class_basis`: matched to a register (a charity, company, mutuals or housing register, or
-- the partners register), inferred from words in the payee's name (or a charity number no loaded
-- register holds), unknown (no register match and nothing in the name), and redacted; and the
-- spend to VCSE organisations split the same way. Its share matched to a register (worked out by
-- warehouse/registers/coverage.py) says how much of the VCSE figure rests on registers rather
-- than on words in names.
create or replace table marts.vcse_coverage as
select
    council, council_org_id,
    financial_year(payment_date) as financial_year,
    count(*) as lines,
    sum(amount)::decimal(18, 2) as total_gbp,
    coalesce(sum(amount) filter (where class_basis = 'matched'), 0)::decimal(18, 2)
        as matched_gbp,
    coalesce(sum(amount) filter (where class_basis = 'inferred'), 0)::decimal(18, 2)
        as inferred_gbp,
    coalesce(sum(amount) filter (where class_basis = 'unknown'), 0)::decimal(18, 2)
        as unknown_gbp,
    coalesce(sum(amount) filter (where class_basis = 'redacted'), 0)::decimal(18, 2)
        as redacted_gbp,
    coalesce(sum(amount) filter (where supplier_class = 'vcse'), 0)::decimal(18, 2) as vcse_gbp,
    coalesce(sum(amount) filter (where supplier_class = 'vcse' and class_basis = 'matched'), 0
             )::decimal(18, 2) as vcse_matched_gbp,
    coalesce(sum(amount) filter (where supplier_class = 'vcse' and class_basis = 'inferred'), 0
             )::decimal(18, 2) as vcse_inferred_gbp,
    count(*) filter (where class_basis = 'matched') as matched_lines,
    count(distinct beneficiary) filter (where class_basis = 'matched') as matched_payees,
    count(distinct beneficiary) as payees
from marts.spend_classified
group by all
