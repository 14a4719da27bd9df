"""The partnerships register as a file: one row per council-VCSE partnership.

Headers as in `registers/partnerships.csv`: partnership_id, name, lead_council,
lead_council_org_id, commissioning_route, start_date, end_date, contract_value_gbp,
contract_value_note, description, source. A new register replaces the whole of the last one.
"""

from __future__ import annotations

from basics.cells import Cells, Typed
from loading.contract import Target
from schemas.partnerships import ROUTES, RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset, fields, typed_select

COLUMNS = (
    Column("partnership_id"), Column("name"), Column("lead_council"),
    Column("lead_council_org_id"), Column("commissioning_route"), Column("start_date"),
    Column("end_date"), Column("contract_value_gbp"),
    Column("contract_value_note", required=False), Column("description", required=False),
    Column("source", required=False),
)
STAGED = fields(COLUMNS)
CELLS = (
    Typed("partnership_id"), Typed("name"), Typed("lead_council"),
    Typed("lead_council_org_id", "upper"), Typed("commissioning_route", "choice", ROUTES),
    Typed("start_date", "date", raw=True), Typed("end_date", "date", raw=True),
    Typed("contract_value_gbp", "money", raw="contract_value_raw"),
    Typed("contract_value_note"), Typed("description"), Typed("source"),
)


def typed_sql(c: Cells, landed: str) -> str:
    return typed_select(landed, c.select(CELLS), """
    partnership_id is null
        or count(*) over (partition by partnership_id) = 1 as id_unique,
    coalesce(start_date <= end_date, true) as dates_in_order""")


PARTNERSHIPS = TableDataset(
    what="partnerships register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("partnerships", "staging.partnerships", STAGED,
                  amount_column="contract_value_gbp"),
    schema=SCHEMA,
    rules=RULES,
)
