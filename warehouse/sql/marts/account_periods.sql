-- The periods the accounts marts are built for (read by account.sql as `_account_periods`):
-- each financial year in which a partnership reported outcomes or received inputs, and its
-- whole life to date, from its first quarter with inputs or outcomes to its last.
with quarters as (
    select partnership_id, period_start as quarter_start from marts.social_value
    union
    select partnership_id, quarter_start from marts.partnership_inputs
)

select distinct
    partnership_id,
    'financial year' as period_kind,
    financial_year(quarter_start) as period_label,
    make_date(fy_start_year(quarter_start), 4, 1) as account_start,
    make_date(fy_start_year(quarter_start) + 1, 3, 31) as account_end
from quarters
union all
select
    partnership_id,
    'whole life' as period_kind,
    'whole life to date' as period_label,
    min(quarter_start) as account_start,
    (max(quarter_start) + interval 3 month - interval 1 day)::date as account_end
from quarters
group by all
