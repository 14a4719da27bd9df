"""Imperative evidence: what a row must be to load.

One value per partner, period and evidence field (lowest hourly pay, open book, ...), as the
partner reported it with the document it comes from. The values stay text: the social value
imperatives (configuration) say how each field is read and judged.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, holds

PARTNERSHIP = Rule.filled("partnership_id", "partnership id missing")
PARTNER = Rule.filled("partner_org_id", "partner org id missing")
START = Rule.legible("period_start",
                     "period start missing or not a date (YYYY-MM-DD or DD/MM/YYYY)")
END = Rule.legible("period_end", "period end missing or not a date (YYYY-MM-DD or DD/MM/YYYY)")
IN_ORDER = Rule("period_dates_in_order", "period_end", "period ends before it starts",
                "period_end_raw")
FIELD = Rule.filled("evidence_field", "evidence field missing")
VALUE = Rule.filled("value", "value missing")

RULES = {r.name: r for r in [EXTRA_CELLS, PARTNERSHIP, PARTNER, START, END, IN_ORDER, FIELD,
                             VALUE]}

SCHEMA = file_schema(
    {
        "partnership_id": required(PARTNERSHIP),
        "partner_org_id": required(PARTNER),
        "period_start": required(START),
        "period_end": required(END),
        "dates_in_order": pa.Column(checks=[holds(IN_ORDER)]),
        "evidence_field": required(FIELD),
        "value": required(VALUE),
    },
    name="imperative_evidence",
)
