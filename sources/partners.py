"""The partners register as a file: one row per organisation per partnership.

Headers as in `registers/partners.csv`: partnership_id, org_id, name, role, legal_form, vcse,
registered_postcode, asset_lock, source. A new register replaces the whole of the last one.
"""

from __future__ import annotations

from basics.cells import Cells, Typed
from basics.duck import literal
from loading.contract import Target
from schemas.partners import LEGAL_FORMS, PUBLIC_FORMS, ROLES, RULES, SCHEMA, VCSE_FORMS
from sources.headers import Column
from sources.tabular import TableDataset, fields, typed_select

COLUMNS = (
    Column("partnership_id"), Column("org_id"), Column("name"), Column("role"),
    Column("legal_form"), Column("vcse"), Column("registered_postcode", required=False),
    Column("asset_lock", required=False), Column("source", required=False),
)
STAGED = fields(COLUMNS)
CELLS = (
    Typed("partnership_id"), Typed("org_id", "upper"), Typed("name"),
    Typed("role", "choice", ROLES), Typed("legal_form", "choice", LEGAL_FORMS),
    Typed("vcse", "boolean", raw=True),
    Typed("registered_postcode", "postcode"),
    Typed("asset_lock", "boolean", raw=True), Typed("source"),
)


def typed_sql(c: Cells, landed: str) -> str:
    vcse_forms = ", ".join(literal(f) for f in VCSE_FORMS)
    public_forms = ", ".join(literal(f) for f in PUBLIC_FORMS)
    return typed_select(landed, c.select(CELLS), f"""
    partnership_id is null or org_id is null
        or count(*) over (partition by partnership_id, org_id) = 1 as partner_unique,
    not coalesce(legal_form in ({vcse_forms}) and not vcse, false)
        and not coalesce(legal_form in ({public_forms}) and vcse, false)
        as vcse_fits_legal_form""")


PARTNERS = TableDataset(
    what="partners register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("partners", "staging.partners", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
