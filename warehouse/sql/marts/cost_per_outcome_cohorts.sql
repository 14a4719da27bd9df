-- marts.cost_per_outcome_cohorts: marts.cost_per_outcome with, for each partnership, year and
-- measure code, whether any of its outcome lines counts a sensitive cohort and what the measure
-- counts (`people` unless the catalogue says otherwise): what the funder extracts need to hide
-- small counts of people.
create or replace table marts.cost_per_outcome_cohorts as
select c.*, coalesce(m.sensitive_cohort, false) as sensitive_cohort,
       coalesce(m.counts, 'people') as counts
from marts.cost_per_outcome c
left join (select partnership_id, financial_year, measure_code,
                  bool_or(coalesce(sensitive_cohort, false)) as sensitive_cohort,
                  any_value(counts) as counts
           from marts.social_value group by all) m
    using (partnership_id, financial_year, measure_code)
