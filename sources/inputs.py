"""The inputs register as a file: one row per contribution to a partnership.

Headers (as in `samples/data/templates/inputs.csv`): input_id, partnership_id,
partner_org_id, contributor, contributor_org_id, kind, description, amount_gbp, hours,
hourly_rate_gbp, rate_source, start_date, end_date, source, evidence_grade. `kind` is money,
in-kind (its value stated as the amount), staff time or volunteer time (hours x hourly rate; an
amount given as well must equal it). A new register replaces the whole of the last one.
"""

from __future__ import annotations

from schemas.inputs import GRADES, KINDS, RULES, SCHEMA, TIME_KINDS
from sources.cells import Cells
from sources.headers import Column
from sources.tabular import TableDataset
from warehouse.duck import literal
from warehouse.loads import Target

COLUMNS = (
    Column("input_id", required=False), Column("partnership_id"),
    Column("partner_org_id", required=False), Column("contributor"),
    Column("contributor_org_id", required=False), Column("kind"),
    Column("description", required=False), Column("amount_gbp", required=False),
    Column("hours", required=False), Column("hourly_rate_gbp", required=False),
    Column("rate_source", required=False), Column("start_date"),
    Column("end_date", required=False), Column("source"), Column("evidence_grade"),
)
STAGED = ["input_id", "partnership_id", "partner_org_id", "contributor", "contributor_org_id",
          "kind", "description", "hours", "hourly_rate_gbp", "rate_source", "amount_gbp",
          "start_date", "end_date", "source", "evidence_grade"]


def typed_sql(c: Cells, landed: str) -> str:
    time_kinds = ", ".join(literal(k) for k in TIME_KINDS)
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {c.text('input_id')} as input_id,
        {c.text('partnership_id')} as partnership_id,
        {c.upper('partner_org_id')} as partner_org_id,
        {c.text('contributor')} as contributor,
        {c.upper('contributor_org_id')} as contributor_org_id,
        {c.choice('kind', KINDS)} as kind,
        {c.text('description')} as description,
        {c.money('amount_gbp')} as amount_given,
        {c.raw('amount_gbp')} as amount_raw,
        {c.number('hours')} as hours,
        {c.raw('hours')} as hours_raw,
        {c.money('hourly_rate_gbp')} as hourly_rate_gbp,
        {c.raw('hourly_rate_gbp')} as hourly_rate_raw,
        {c.text('rate_source')} as rate_source,
        {c.date('start_date')} as start_date,
        {c.raw('start_date')} as start_date_raw,
        {c.date('end_date')} as end_date,
        {c.raw('end_date')} as end_date_raw,
        {c.text('source')} as source,
        {c.choice('evidence_grade', GRADES)} as evidence_grade
    from {landed}
),
valued as (
    select
        *,
        kind in ({time_kinds}) as is_time,
        -- time is worth hours x the stated rate, to the penny
        case when kind in ({time_kinds})
             then round(hours * hourly_rate_gbp, 2)::decimal(18, 2)
             else amount_given end as amount_gbp
    from parsed
)
select
    v.*,
    exists (select 1 from staging.partnerships p where p.partnership_id = v.partnership_id)
        as partnership_known,
    v.partner_org_id is null or exists (
        select 1 from staging.partners p
        where p.partnership_id = v.partnership_id and p.org_id = v.partner_org_id)
        as partner_known,
    coalesce(v.is_time or v.amount_given is not null, true) as amount_valued,
    coalesce(v.amount_gbp >= 0, true) as amount_not_negative,
    not coalesce(v.is_time, false) or coalesce(v.hours > 0, false) as hours_valued,
    not coalesce(v.is_time, false) or coalesce(v.hourly_rate_gbp >= 0, false) as rate_valued,
    not coalesce(v.is_time, false) or v.amount_raw is null
        or coalesce(v.amount_given = v.amount_gbp, false) as amount_matches_time,
    coalesce(v.start_date <= v.end_date, true) as dates_in_order
from valued v
order by v.source_row
"""


INPUTS = TableDataset(
    what="inputs register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("inputs", "staging.inputs", STAGED, amount_column="amount_gbp"),
    schema=SCHEMA,
    rules=RULES,
)
