-- marts.self_assessment: each partnership's own scores (0-5) against the toolkit's principles and
-- correctives, beside its mean for the framework and every partnership's mean for the same item
-- and period, so partnerships can be compared item by item.
create or replace table marts.self_assessment as
select
    partnership_id,
    period,
    framework,
    item_code,
    item_title,
    score,
    5 as max_score,
    assessor,
    notes,
    avg(score) over (partition by partnership_id, period, framework) as framework_mean_score,
    avg(score) over (partition by period, framework, item_code) as item_mean_all_partnerships,
    score - avg(score) over (partition by period, framework, item_code)
        as difference_from_item_mean,
    count(*) over (partition by period, framework, item_code) as partnerships_compared
from staging.self_assessments
order by partnership_id, period, framework desc, item_code
