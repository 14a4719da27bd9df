-- The periods the accounts marts are built for (read by account.sql as `_account_periods`):
-- each financial year in which a partnership reported outcomes or received inputs, and its
-- whole life to date, from its first quarter with inputs or outcomes to its latest quarter with
-- outcomes reported. "To date" is to the latest outcomes: money dated after them (a grant's
-- later instalments, say) waits for the returns that report what it paid for, so the latest
-- year ends with that quarter and the years add up to the whole life. A partnership with no
-- outcomes reported yet has no account.
with last_reported as (
    select partnership_id, max(period_start) as last_quarter
    from marts.social_value
    group by all
),

quarters as (
    select q.partnership_id, q.quarter_start
    from (select partnership_id, period_start as quarter_start from marts.social_value
          union
          select partnership_id, quarter_start from marts.partnership_inputs) q
    join last_reported l on l.partnership_id = q.partnership_id
        and q.quarter_start <= l.last_quarter
)

select distinct
    q.partnership_id,
    'financial year' as period_kind,
    financial_year(q.quarter_start) as period_label,
    make_date(fy_start_year(q.quarter_start), 4, 1) as account_start,
    least(make_date(fy_start_year(q.quarter_start) + 1, 3, 31),
          (l.last_quarter + interval 3 month - interval 1 day)::date) as account_end
from quarters q
join last_reported l using (partnership_id)
union all
select
    partnership_id,
    'whole life' as period_kind,
    'whole life to date' as period_label,
    min(quarter_start) as account_start,
    (max(quarter_start) + interval 3 month - interval 1 day)::date as account_end
from quarters
group by all
