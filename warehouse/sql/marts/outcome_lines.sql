-- Outcome returns as one line per partner, quarter and measure, with the measure's catalogue
-- entry: the configured framework and edition, or else the newest edition holding the code
-- (by the date it states, or its version numbers: 2025.10 is after 2025.9).
-- Lines of the same measure in one return are summed; their evidence grade is the weakest.
with returns as (
    select
        partnership_id, partner_org_id, period, quarter_key, period_start, period_end,
        measure_code,
        sum(quantity) as quantity,
        sum(beneficiaries) as beneficiaries,
        sum(target) as target,
        max(evidence_grade) as evidence_grade,  -- 'D' sorts last: the weakest grade
        min(unit) as reported_unit,
        count(*) as return_rows,
        string_agg(notes, '; ') as notes,
        string_agg(source_file || ' row ' || source_row, '; ' order by source_file, source_row)
            as source_rows
    from staging.outcome_returns
    group by all
),

catalogue as (
    select *
    from staging.measure_catalogue
    where ($framework::varchar is null or framework = $framework)
      and ($edition::varchar is null or edition = $edition)
    -- the newest edition by its stated date or version numbers (_macros.sql), never as text
    qualify row_number() over (partition by code
                               order by edition_order(edition) desc, edition desc,
                                        framework) = 1
),

partners as (
    select partnership_id, org_id, name, role
    from staging.partners
)

select
    r.partnership_id,
    r.partner_org_id,
    p.name as partner_name,
    p.role as partner_role,
    left(r.quarter_key, 7) as financial_year,
    r.quarter_key,
    r.period,
    r.period_start,
    r.period_end,
    r.measure_code,
    c.framework as measure_framework,
    c.edition as measure_edition,
    c.theme,
    c.outcome,
    coalesce(c.unit, r.reported_unit) as unit,
    r.quantity,
    r.beneficiaries,
    r.target,
    r.evidence_grade,
    r.return_rows,
    r.notes,
    r.source_rows,
    c.proxy_value_gbp::double as proxy_value_gbp,
    c.price_year,
    c.deadweight,
    c.displacement,
    c.attribution,
    c.drop_off,
    c.benefit_years,
    c.discount_schedule,
    c.overlaps_with,
    c.sensitive_cohort,
    -- What the quantity counts, for disclosure control: people unless the catalogue says not.
    coalesce(c.counts, 'people') as counts
from returns r
left join catalogue c on c.code = r.measure_code
left join partners p on p.partnership_id = r.partnership_id and p.org_id = r.partner_org_id
order by r.partnership_id, r.quarter_key, r.partner_org_id, r.measure_code
