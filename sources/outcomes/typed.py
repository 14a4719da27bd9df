"""SQL typing the rows of an outcome return, with the lookups its rules need beside them."""

from __future__ import annotations

from basics.cells import Cells, Typed
from basics.duck import ident, literal
from schemas.outcomes import GRADES

STAGED = ["partnership_id", "partner_org_id", "period", "quarter_key", "period_start",
          "period_end", "measure_code", "quantity", "unit", "beneficiaries", "evidence_grade",
          "target", "notes"]


# The cells read as they stand (the period is read through the file's quarters).
CELLS = (
    Typed("measure_code"), Typed("quantity", "number", raw=True), Typed("unit"),
    Typed("beneficiaries", "integer", raw=True), Typed("evidence_grade", "choice", GRADES),
    Typed("target", "number", raw=True), Typed("notes"),
)


def typed_outcomes_sql(c: Cells, landed: str, quarters: str, partnership: str,
                       first_quarter: str) -> str:
    """Typed rows of the return for `partnership`; `quarters` maps each period as written to its
    quarter. A row whose period cannot be read is kept in the file's first quarter, so that it
    is quarantined with that partition rather than lost."""
    p = literal(partnership)
    return f"""
with parsed as (
    select
        l.source_row,
        l.extra_cells,
        {c.text('partnership_id')} as partnership_id,
        {c.upper('partner_org_id')} as partner_org_id,
        q.label as period,
        coalesce(q.key, {literal(first_quarter)}) as quarter_key,
        q.start as period_start,
        q."end" as period_end,
        {c.raw('period')} as period_raw,
        {c.select(CELLS)}
    from {landed} l left join {ident(quarters)} q on q.written = {c.raw('period')}
),
partners as (
    select distinct org_id from staging.partners where partnership_id = {p}
),
catalogue as (
    select distinct code from staging.measure_catalogue
),
loaded as (
    select exists (from partners) as partnership_has_partners,
           exists (from catalogue) as catalogue_loaded
)
select
    parsed.*,
    coalesce(parsed.partnership_id = {p}, false) as matches_file,
    loaded.partnership_has_partners,
    -- One reason only when the register lists nobody for this partnership, or no catalogue is
    -- loaded: the lookups below would fail every row for the same cause.
    not loaded.partnership_has_partners or p.org_id is not null as partner_known,
    loaded.catalogue_loaded,
    not loaded.catalogue_loaded or m.code is not null as measure_known
from parsed
cross join loaded
left join partners p on p.org_id = parsed.partner_org_id
left join catalogue m on m.code = parsed.measure_code
order by parsed.source_row
"""
