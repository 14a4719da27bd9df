"""Outcome returns: what a partner's reported outcome must be to load.

One row per partner, quarter and measure: the quantity achieved (never negative: a harm is valued
through its measure's negative proxy), the people who benefited, the evidence grade (A strongest
to D) and the target. The measure must be in a loaded measure catalogue and the partner in the
partners register for the return's partnership; those lookups are worked out in SQL beside the
rows and checked here as flags.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, holds, is_one_of, named, readable

GRADES = ("A", "B", "C", "D")

PARTNERSHIP = Rule("partnership_matches_file", "partnership_id",
                   "partnership id missing or not the partnership the return is for",
                   "partnership_id")
PARTNERS_LOADED = Rule("partnership_in_partners_register", "partner_org_id",
                       "the partners register lists no partners for this partnership: load the "
                       "partners register before its outcome returns", "partner_org_id")
PARTNER = Rule("partner_in_register", "partner_org_id",
               "partner org id missing or not a partner of this partnership in the partners "
               "register", "partner_org_id")
PERIOD = Rule("period_readable", "period_start",
              "period missing or not a financial-year quarter (e.g. 2024-25 Q1)", "period_raw")
CATALOGUE_LOADED = Rule("measure_catalogue_loaded", "measure_code",
                        "no measure catalogue is loaded, so the measure cannot be checked: load "
                        "the catalogue before outcome returns", "measure_code")
MEASURE = Rule("measure_code_in_catalogue", "measure_code",
               "measure code missing or not in the loaded measure catalogue", "measure_code")
QUANTITY = Rule.legible("quantity", "quantity missing or not a number")
QUANTITY_NOT_NEGATIVE = Rule("quantity_not_negative", "quantity",
                             "quantity is negative (report a harm under its own measure)",
                             "quantity_raw")
BENEFICIARIES = Rule.legible("beneficiaries", "beneficiaries missing or not a whole number")
BENEFICIARIES_NOT_NEGATIVE = Rule("beneficiaries_not_negative", "beneficiaries",
                                  "beneficiaries is negative", "beneficiaries_raw")
GRADE = Rule("evidence_grade_known", "evidence_grade",
             "evidence grade missing or not one of A, B, C, D", "evidence_grade")
TARGET = Rule.legible("target", "target not a number")

RULES = {r.name: r for r in [EXTRA_CELLS, PARTNERSHIP, PARTNERS_LOADED, PARTNER, PERIOD,
                             CATALOGUE_LOADED, MEASURE, QUANTITY, QUANTITY_NOT_NEGATIVE,
                             BENEFICIARIES, BENEFICIARIES_NOT_NEGATIVE, GRADE, TARGET]}

SCHEMA = file_schema(
    {
        "partnership_id": pa.Column(nullable=True),
        "matches_file": pa.Column(checks=[holds(PARTNERSHIP)]),
        "partner_org_id": pa.Column(nullable=True),
        "partnership_has_partners": pa.Column(checks=[holds(PARTNERS_LOADED)]),
        "partner_known": pa.Column(checks=[holds(PARTNER)]),
        "period_start": required(PERIOD),
        "measure_code": pa.Column(nullable=True),
        "catalogue_loaded": pa.Column(checks=[holds(CATALOGUE_LOADED)]),
        "measure_known": pa.Column(checks=[holds(MEASURE)]),
        "quantity": required(QUANTITY, named(pa.Check.ge, 0, rule=QUANTITY_NOT_NEGATIVE)),
        "beneficiaries": required(BENEFICIARIES,
                                  named(pa.Check.ge, 0, rule=BENEFICIARIES_NOT_NEGATIVE)),
        "evidence_grade": required(GRADE, is_one_of(GRADES, GRADE)),
        "target": pa.Column(nullable=True),
    },
    checks=[readable(TARGET)],
    name="outcome_return",
)
