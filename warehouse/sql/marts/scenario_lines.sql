-- marts.scenario_lines: each counted outcome line's present value in each named scenario (the
-- study's own sets of changed assumptions) and each one-at-a-time move of the tornado
-- (warehouse/accounts/scenarios.py), written from `_scenario_lines` with the types stated here.
create or replace table marts.scenario_lines as
select
    partnership_id::varchar as partnership_id,
    partner_org_id::varchar as partner_org_id,
    quarter_key::varchar as quarter_key,
    period_start::date as period_start,
    measure_code::varchar as measure_code,
    kind::varchar as kind,            -- scenario | tornado
    assumption::varchar as assumption,  -- the scenario's name, or the assumption moved
    variant::varchar as variant,      -- tornado: how it was moved (x1.5, 0% ...)
    description::varchar as description,
    present_value_gbp::double as present_value_gbp
from _scenario_lines
