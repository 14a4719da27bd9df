"""Imperative evidence as a file: one value per partner, period and evidence field.

Headers as in `evidence/imperative-evidence.csv`: partnership_id, partner_org_id, period_start,
period_end, evidence_field, value, unit, source_document. A new file replaces all the evidence.
"""

from __future__ import annotations

from basics.cells import Cells, Typed
from loading.contract import Target
from schemas.imperative_evidence import RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset, fields, typed_select

COLUMNS = (
    Column("partnership_id"), Column("partner_org_id"), Column("period_start"),
    Column("period_end"), Column("evidence_field"), Column("value"),
    Column("unit", required=False), Column("source_document", required=False),
)
STAGED = fields(COLUMNS)
CELLS = (
    Typed("partnership_id"), Typed("partner_org_id", "upper"),
    Typed("period_start", "date", raw=True), Typed("period_end", "date", raw=True),
    Typed("evidence_field"), Typed("value"), Typed("unit"), Typed("source_document"),
)


def typed_sql(c: Cells, landed: str) -> str:
    return typed_select(
        landed, c.select(CELLS), "coalesce(period_start <= period_end, true) as dates_in_order"
    )


IMPERATIVE_EVIDENCE = TableDataset(
    what="imperative evidence file",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("imperative_evidence", "staging.imperative_evidence", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
