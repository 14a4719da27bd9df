"""The partners register as a file: one row per organisation per partnership.

Headers as in `registers/partners.csv`: partnership_id, org_id, name, role, legal_form, vcse,
registered_postcode, asset_lock, source. A new register replaces the whole of the last one.
"""

from __future__ import annotations

from basics.cells import Cells
from basics.duck import literal
from loading.contract import Target
from schemas.partners import LEGAL_FORMS, PUBLIC_FORMS, ROLES, RULES, SCHEMA, VCSE_FORMS
from sources.headers import Column
from sources.tabular import TableDataset

COLUMNS = (
    Column("partnership_id"), Column("org_id"), Column("name"), Column("role"),
    Column("legal_form"), Column("vcse"), Column("registered_postcode", required=False),
    Column("asset_lock", required=False), Column("source", required=False),
)
STAGED = ["partnership_id", "org_id", "name", "role", "legal_form", "vcse", "registered_postcode",
          "asset_lock", "source"]


def typed_sql(c: Cells, landed: str) -> str:
    vcse_forms = ", ".join(literal(f) for f in VCSE_FORMS)
    public_forms = ", ".join(literal(f) for f in PUBLIC_FORMS)
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {c.text('partnership_id')} as partnership_id,
        {c.upper('org_id')} as org_id,
        {c.text('name')} as name,
        {c.choice('role', ROLES)} as role,
        {c.choice('legal_form', LEGAL_FORMS)} as legal_form,
        {c.boolean('vcse')} as vcse,
        {c.raw('vcse')} as vcse_raw,
        upper(regexp_replace({c.raw('registered_postcode')}, '\\s+', ' ', 'g'))
            as registered_postcode,
        {c.boolean('asset_lock')} as asset_lock,
        {c.raw('asset_lock')} as asset_lock_raw,
        {c.text('source')} as source
    from {landed}
)
select
    *,
    partnership_id is null or org_id is null
        or count(*) over (partition by partnership_id, org_id) = 1 as partner_unique,
    not coalesce(legal_form in ({vcse_forms}) and not vcse, false)
        and not coalesce(legal_form in ({public_forms}) and vcse, false)
        as vcse_fits_legal_form
from parsed
order by source_row
"""


PARTNERS = TableDataset(
    what="partners register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("partners", "staging.partners", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
