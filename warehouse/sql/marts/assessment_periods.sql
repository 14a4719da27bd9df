-- The periods imperatives are assessed for: each financial year in which a partnership reported
-- outcomes or holds imperative evidence (evidence counts for every year its period overlaps).
with years as (
    select distinct partnership_id, left(quarter_key, 4)::integer as start_year
    from staging.outcome_returns
    union
    select distinct
        partnership_id,
        unnest(range(fy_start_year(period_start), fy_start_year(period_end) + 1)) as start_year
    from staging.imperative_evidence
)

select
    partnership_id,
    financial_year(make_date(start_year, 4, 1)) as financial_year,
    make_date(start_year, 4, 1) as period_start,
    make_date(start_year + 1, 3, 31) as period_end
from years
order by partnership_id, start_year
