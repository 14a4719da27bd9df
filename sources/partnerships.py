"""The partnerships register as a file: one row per council-VCSE partnership.

Headers as in `registers/partnerships.csv`: partnership_id, name, lead_council,
lead_council_org_id, commissioning_route, start_date, end_date, contract_value_gbp,
contract_value_note, description, source. A new register replaces the whole of the last one.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.partnerships import ROUTES, RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset

COLUMNS = (
    Column("partnership_id"), Column("name"), Column("lead_council"),
    Column("lead_council_org_id"), Column("commissioning_route"), Column("start_date"),
    Column("end_date"), Column("contract_value_gbp"),
    Column("contract_value_note", required=False), Column("description", required=False),
    Column("source", required=False),
)
STAGED = ["partnership_id", "name", "lead_council", "lead_council_org_id", "commissioning_route",
          "start_date", "end_date", "contract_value_gbp", "contract_value_note", "description",
          "source"]


def typed_sql(c: Cells, landed: str) -> str:
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {c.text('partnership_id')} as partnership_id,
        {c.text('name')} as name,
        {c.text('lead_council')} as lead_council,
        {c.upper('lead_council_org_id')} as lead_council_org_id,
        {c.choice('commissioning_route', ROUTES)} as commissioning_route,
        {c.date('start_date')} as start_date,
        {c.raw('start_date')} as start_date_raw,
        {c.date('end_date')} as end_date,
        {c.raw('end_date')} as end_date_raw,
        {c.money('contract_value_gbp')} as contract_value_gbp,
        {c.raw('contract_value_gbp')} as contract_value_raw,
        {c.text('contract_value_note')} as contract_value_note,
        {c.text('description')} as description,
        {c.text('source')} as source
    from {landed}
)
select
    *,
    partnership_id is null
        or count(*) over (partition by partnership_id) = 1 as id_unique,
    coalesce(start_date <= end_date, true) as dates_in_order
from parsed
order by source_row
"""


PARTNERSHIPS = TableDataset(
    what="partnerships register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("partnerships", "staging.partnerships", STAGED,
                  amount_column="contract_value_gbp"),
    schema=SCHEMA,
    rules=RULES,
)
