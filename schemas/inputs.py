"""The inputs register: what a row must be to load.

One row per contribution to a partnership: money from any funder, in-kind support at its stated
value, or staff or volunteers' time (hours x a stated hourly rate), with who gave it, when, the
document it is recorded in and an evidence grade (A-D). Lookups against the partnerships and
partners registers, and the value of time, are worked out in SQL beside the rows and checked here
as flags.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.dates import DATES_IN_ORDER, END_DATE, START_DATE
from schemas.rules import EXTRA_CELLS, Rule, full_match, holds, is_one_of, readable

SLUG = r"[a-z][a-z0-9-]+"
KINDS = ("money", "in-kind", "staff time", "volunteer time")
TIME_KINDS = ("staff time", "volunteer time")
GRADES = ("A", "B", "C", "D")

PARTNERSHIP = Rule("partnership_id_is_slug", "partnership_id",
                   "partnership id missing or not a slug", "partnership_id")
PARTNERSHIP_KNOWN = Rule("partnership_in_register", "partnership_id",
                         "partnership not in the partnerships register (load the register, then "
                         "this file again with --force)", "partnership_id")
PARTNER_KNOWN = Rule("partner_in_register", "partner_org_id",
                     "partner not in the partners register for this partnership",
                     "partner_org_id")
CONTRIBUTOR = Rule.filled("contributor", "funder or contributor missing")
KIND = Rule("kind_known", "kind", f"kind missing or not one of: {', '.join(KINDS)}", "kind")
AMOUNT = Rule("amount_readable", "amount_gbp",
              "amount missing or not pounds and pence (money and in-kind need one; time needs "
              "hours and an hourly rate)", "amount_raw")
AMOUNT_NOT_NEGATIVE = Rule("amount_not_negative", "amount_gbp", "amount is negative",
                           "amount_raw")
HOURS = Rule.legible("hours", "hours missing or not a number above 0 (time is valued "
                              "as hours x hourly rate)")
RATE = Rule("hourly_rate_readable", "hourly_rate_gbp",
            "hourly rate missing or not pounds and pence of 0 or more", "hourly_rate_raw")
TIME_AMOUNT = Rule("amount_is_hours_x_rate", "amount_gbp",
                   "amount given is not hours x hourly rate (to the penny)", "amount_raw")
SOURCE = Rule.filled("source", "source missing: name the document the contribution is recorded in")
GRADE = Rule("evidence_grade_known", "evidence_grade", "evidence grade missing or not A-D",
             "evidence_grade")

RULES = {r.name: r for r in [EXTRA_CELLS, PARTNERSHIP, PARTNERSHIP_KNOWN, PARTNER_KNOWN,
                             CONTRIBUTOR, KIND, AMOUNT, AMOUNT_NOT_NEGATIVE, HOURS, RATE,
                             TIME_AMOUNT, START_DATE, END_DATE, DATES_IN_ORDER, SOURCE, GRADE]}

SCHEMA = file_schema(
    {
        "partnership_id": required(PARTNERSHIP, full_match(SLUG, PARTNERSHIP)),
        "partnership_known": pa.Column(checks=[holds(PARTNERSHIP_KNOWN)]),
        "partner_known": pa.Column(checks=[holds(PARTNER_KNOWN)]),
        "contributor": required(CONTRIBUTOR),
        "kind": required(KIND, is_one_of(KINDS, KIND)),
        "amount_valued": pa.Column(checks=[holds(AMOUNT)]),
        "amount_not_negative": pa.Column(checks=[holds(AMOUNT_NOT_NEGATIVE)]),
        "hours_valued": pa.Column(checks=[holds(HOURS)]),
        "rate_valued": pa.Column(checks=[holds(RATE)]),
        "amount_matches_time": pa.Column(checks=[holds(TIME_AMOUNT)]),
        "start_date": required(START_DATE),
        "end_date": pa.Column(nullable=True),
        "dates_in_order": pa.Column(checks=[holds(DATES_IN_ORDER)]),
        "source": required(SOURCE),
        "evidence_grade": required(GRADE, is_one_of(GRADES, GRADE)),
    },
    checks=[readable(END_DATE)],
    name="inputs_register",
)
