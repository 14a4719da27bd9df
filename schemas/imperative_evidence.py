"""Imperative evidence: what a row must be to load.

One value per partner, period and evidence field (lowest hourly pay, open book, ...), as the
partner reported it with the document it comes from. The values stay text: the social value
imperatives (configuration) say how each field is read and judged.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.rules import EXTRA_CELLS, Rule, absent, holds, present

PARTNERSHIP = Rule("partnership_id_present", "partnership_id", "partnership id missing",
                   "partnership_id")
PARTNER = Rule("partner_org_id_present", "partner_org_id", "partner org id missing",
               "partner_org_id")
START = Rule("period_start_readable", "period_start",
             "period start missing or not a date (YYYY-MM-DD or DD/MM/YYYY)", "period_start_raw")
END = Rule("period_end_readable", "period_end",
           "period end missing or not a date (YYYY-MM-DD or DD/MM/YYYY)", "period_end_raw")
IN_ORDER = Rule("period_dates_in_order", "period_end", "period ends before it starts",
                "period_end_raw")
FIELD = Rule("evidence_field_present", "evidence_field", "evidence field missing",
             "evidence_field")
VALUE = Rule("value_present", "value", "value missing", "value")

RULES = {r.name: r for r in [EXTRA_CELLS, PARTNERSHIP, PARTNER, START, END, IN_ORDER, FIELD,
                             VALUE]}

SCHEMA = pa.DataFrameSchema(
    {
        "source_row": pa.Column(int, nullable=False, unique=True),
        "extra_cells": pa.Column(nullable=True, checks=[absent(EXTRA_CELLS)]),
        "partnership_id": pa.Column(nullable=True, checks=[present(PARTNERSHIP)]),
        "partner_org_id": pa.Column(nullable=True, checks=[present(PARTNER)]),
        "period_start": pa.Column(nullable=True, checks=[present(START)]),
        "period_end": pa.Column(nullable=True, checks=[present(END)]),
        "dates_in_order": pa.Column(checks=[holds(IN_ORDER)]),
        "evidence_field": pa.Column(nullable=True, checks=[present(FIELD)]),
        "value": pa.Column(nullable=True, checks=[present(VALUE)]),
    },
    name="imperative_evidence",
)
