"""Imperative evidence as a file: one value per partner, period and evidence field.

Headers as in `evidence/imperative-evidence.csv`: partnership_id, partner_org_id, period_start,
period_end, evidence_field, value, unit, source_document. A new file replaces all the evidence.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.imperative_evidence import RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset

COLUMNS = (
    Column("partnership_id"), Column("partner_org_id"), Column("period_start"),
    Column("period_end"), Column("evidence_field"), Column("value"),
    Column("unit", required=False), Column("source_document", required=False),
)
STAGED = ["partnership_id", "partner_org_id", "period_start", "period_end", "evidence_field",
          "value", "unit", "source_document"]


def typed_sql(c: Cells, landed: str) -> str:
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {c.text('partnership_id')} as partnership_id,
        {c.upper('partner_org_id')} as partner_org_id,
        {c.date('period_start')} as period_start,
        {c.raw('period_start')} as period_start_raw,
        {c.date('period_end')} as period_end,
        {c.raw('period_end')} as period_end_raw,
        {c.text('evidence_field')} as evidence_field,
        {c.text('value')} as value,
        {c.text('unit')} as unit,
        {c.text('source_document')} as source_document
    from {landed}
)
select *, coalesce(period_start <= period_end, true) as dates_in_order
from parsed
order by source_row
"""


IMPERATIVE_EVIDENCE = TableDataset(
    what="imperative evidence file",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("imperative_evidence", "staging.imperative_evidence", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
