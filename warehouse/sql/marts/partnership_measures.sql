-- marts.partnership_measures: each catalogue measure a partnership reported in a financial year,
-- as the catalogue states it (proxy value, price year, deadweight and the other rates, licence)
-- with its proxy value restated in the base price year of the accounts. The proxy value is the
-- measure's, not the partnership's: the same in every row of one framework, edition and code.
create or replace table marts.partnership_measures as
select v.partnership_id, v.financial_year,
       c.framework, c.edition, c.code, c.theme, c.outcome, c.unit, c.proxy_value_gbp,
       c.price_year, v.proxy_value_base_gbp, v.price_base_year, c.deadweight,
       c.displacement, c.attribution, c.drop_off, c.benefit_years, c.discount_schedule,
       c.overlaps_with, c.sensitive_cohort, c.counts, c.source, c.licence
from staging.measure_catalogue c
join (select partnership_id, financial_year, measure_framework, measure_edition, measure_code,
             any_value(proxy_value_base_gbp) as proxy_value_base_gbp,
             any_value(price_base_year) as price_base_year
      from marts.social_value group by all) v
  on v.measure_framework = c.framework and v.measure_edition = c.edition
 and v.measure_code = c.code
