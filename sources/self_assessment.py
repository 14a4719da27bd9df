"""Self-assessments as a file: each partnership's scores against principles and correctives.

Headers as in `evidence/self-assessment.csv`: partnership_id, period, framework, item_code,
item_title, score, assessor, notes. A new file replaces all the self-assessments.
"""

from __future__ import annotations

from basics.cells import Cells, Typed
from loading.contract import Target
from schemas.self_assessment import FRAMEWORKS, RULES, SCHEMA
from sources.headers import Column
from sources.tabular import TableDataset, fields, typed_select

COLUMNS = (
    Column("partnership_id"), Column("period"), Column("framework"), Column("item_code"),
    Column("item_title", required=False), Column("score"), Column("assessor", required=False),
    Column("notes", required=False),
)
STAGED = fields(COLUMNS)
CELLS = (
    Typed("partnership_id"), Typed("period"), Typed("framework", "choice", FRAMEWORKS),
    Typed("item_code", "upper"), Typed("item_title"), Typed("score", "integer", raw=True),
    Typed("assessor"), Typed("notes"),
)


def typed_sql(c: Cells, landed: str) -> str:
    return typed_select(landed, c.select(CELLS), """
    -- Only a known code in a known framework can contradict it; anything else has its own rule.
    case when framework = 'principle' and item_code like 'C%' then false
         when framework = 'corrective' and item_code like 'P%' then false
         else true end as item_fits_framework""")


SELF_ASSESSMENT = TableDataset(
    what="self-assessment file",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("self_assessments", "staging.self_assessments", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
