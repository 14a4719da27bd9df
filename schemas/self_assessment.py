"""Self-assessments: what a row must be to load.

Each partnership scores itself 0-5 against the nine key principles for working with
purpose-aligned partners (P1-P9) and the five fundamental correctives (C1-C5).
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.rules import EXTRA_CELLS, Rule, absent, full_match, holds, is_one_of, named, present

FRAMEWORKS = ("principle", "corrective")
ITEM_CODE_FORM = r"P[1-9]|C[1-5]"

PARTNERSHIP = Rule("partnership_id_present", "partnership_id", "partnership id missing",
                   "partnership_id")
PERIOD = Rule("period_present", "period", "period missing", "period")
FRAMEWORK = Rule("framework_known", "framework",
                 "framework missing or not principle or corrective", "framework")
ITEM_CODE = Rule("item_code_known", "item_code",
                 "item code missing or not P1-P9 (principles) or C1-C5 (correctives)",
                 "item_code")
ITEM_FITS = Rule("item_code_fits_framework", "item_code",
                 "item code belongs to the other framework (P codes are principles, C codes "
                 "correctives)", "item_code")
SCORE = Rule("score_readable", "score", "score missing or not a whole number", "score_raw")
SCORE_RANGE = Rule("score_in_range", "score", "score is not between 0 and 5", "score_raw")

RULES = {r.name: r for r in [EXTRA_CELLS, PARTNERSHIP, PERIOD, FRAMEWORK, ITEM_CODE, ITEM_FITS,
                             SCORE, SCORE_RANGE]}

SCHEMA = pa.DataFrameSchema(
    {
        "source_row": pa.Column(int, nullable=False, unique=True),
        "extra_cells": pa.Column(nullable=True, checks=[absent(EXTRA_CELLS)]),
        "partnership_id": pa.Column(nullable=True, checks=[present(PARTNERSHIP)]),
        "period": pa.Column(nullable=True, checks=[present(PERIOD)]),
        "framework": pa.Column(nullable=True, checks=[present(FRAMEWORK),
                                                      is_one_of(FRAMEWORKS, FRAMEWORK)]),
        "item_code": pa.Column(nullable=True, checks=[present(ITEM_CODE),
                                                      full_match(ITEM_CODE_FORM, ITEM_CODE)]),
        "item_fits_framework": pa.Column(checks=[holds(ITEM_FITS)]),
        "score": pa.Column(nullable=True, checks=[
            present(SCORE), named(pa.Check.in_range, 0, 5, rule=SCORE_RANGE)]),
    },
    name="self_assessment",
)
