"""The inputs register as a file: one row per contribution to a partnership.

Headers: input_id, partnership_id, partner_org_id, contributor, contributor_org_id, kind,
description, amount_gbp, hours, hourly_rate_gbp, rate_source, start_date, end_date, source,
evidence_grade. `kind` is money, in-kind (its value stated as the amount), staff time or volunteer
time (hours x hourly rate; an amount given as well must equal it). A new register replaces the
whole of the last one.
"""

from __future__ import annotations

from basics.cells import Cells, Typed
from basics.duck import literal
from loading.contract import Target
from schemas.inputs import GRADES, KINDS, RULES, SCHEMA, TIME_KINDS
from sources.headers import Column
from sources.tabular import TableDataset

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
CELLS = (
    Typed("input_id"), Typed("partnership_id"), Typed("partner_org_id", "upper"),
    Typed("contributor"), Typed("contributor_org_id", "upper"), Typed("kind", "choice", KINDS),
    Typed("description"), Typed("amount_gbp", "money", name="amount_given", raw="amount_raw"),
    Typed("hours", "number", raw=True),
    Typed("hourly_rate_gbp", "money", raw="hourly_rate_raw"), Typed("rate_source"),
    Typed("start_date", "date", raw=True), Typed("end_date", "date", raw=True),
    Typed("source"), Typed("evidence_grade", "choice", GRADES),
)


def typed_sql(c: Cells, landed: str) -> str:
    time_kinds = ", ".join(literal(k) for k in TIME_KINDS)
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {c.select(CELLS)}
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
