-- marts.valuation_assumptions: one row recording the choices behind the current accounts, so no
-- figure is read without them (docs/method.md explains each).
create or replace table marts.valuation_assumptions as
select
    $base_year::integer as price_base_year,
    (select min(year) || '-' || max(year) from staging.price_index) as price_index_years,
    (select string_agg(distinct source, '; ') from staging.price_index) as price_index_source,
    coalesce($framework::varchar || ' ' || coalesce($edition::varchar, '(latest edition)'),
             'latest catalogue edition holding each code') as catalogue,
    'standard: 3.5% a year for years 1-30, 3.0% for years 31-75; health: 1.5% a year for '
        || 'years 1-30 (HM Treasury Green Book), unless a setting states one rate' as discounting,
    'by default (Green Book) the first year of benefit is year 0 (not discounted) and benefits '
        || 'start in the year of the outcome; Social Value UK''s convention discounts from '
        || 'year 1; later years fall by the drop-off rate and are discounted' as benefit_timing,
    $settings::varchar as valuation_settings,
    $scenarios::varchar as scenarios,
    $worse::double as sensitivity_worse,
    $better::double as sensitivity_better,
    $cap::double as sensitivity_cap,
    $sensitivity::varchar as sensitivity_description,
    $source::varchar as assumptions_source,
    current_timestamp as built_at
