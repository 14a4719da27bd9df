"""Grants: what a 360Giving grant must be to load (the standard's required fields).

A grant needs an id starting `360G-` (unique), a title, a description, a three-letter currency,
the amount awarded (not negative), the award date, the funding organisation (id and name) and a
recipient: an organisation (id and name) or an individual.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, full_match, holds, named, readable

GRANT_ID = r"360G-.+"
CURRENCY = r"[A-Z]{3}"

ID_FORM = Rule("grant_id_form", "grant_id", "grant id missing or not starting 360G-",
               "grant_id")
ID_UNIQUE = Rule("grant_id_unique", "grant_id", "the same grant id is on more than one row",
                 "grant_id")
TITLE = Rule.filled("title", "title missing")
DESCRIPTION = Rule.filled("description", "description missing")
CURRENCY_CODE = Rule("currency_code", "currency",
                     "currency missing or not a three-letter code (e.g. GBP)", "currency")
AMOUNT = Rule.legible("amount_awarded", "amount awarded missing or not a number")
AMOUNT_NOT_NEGATIVE = Rule("amount_awarded_not_negative", "amount_awarded",
                           "amount awarded is negative", "amount_awarded_raw")
AWARD_DATE = Rule.legible("award_date", "award date missing or not a date (YYYY-MM-DD)")
PLANNED_START = Rule.legible("planned_start", "planned start not a date")
PLANNED_END = Rule.legible("planned_end", "planned end not a date")
FUNDER = Rule("funder_identified", "funder_org_id",
              "funding organisation id or name missing", "funder_org_id")
RECIPIENT = Rule("recipient_identified", "recipient_org_id",
                 "recipient missing: give the recipient organisation's id and name, or the "
                 "recipient individual's", "recipient_org_id")

RULES = {r.name: r for r in [EXTRA_CELLS, ID_FORM, ID_UNIQUE, TITLE, DESCRIPTION, CURRENCY_CODE,
                             AMOUNT, AMOUNT_NOT_NEGATIVE, AWARD_DATE, PLANNED_START, PLANNED_END,
                             FUNDER, RECIPIENT]}

SCHEMA = file_schema(
    {
        "grant_id": required(ID_FORM, full_match(GRANT_ID, ID_FORM)),
        "id_unique": pa.Column(checks=[holds(ID_UNIQUE)]),
        "title": required(TITLE),
        "description": required(DESCRIPTION),
        "currency": required(CURRENCY_CODE, full_match(CURRENCY, CURRENCY_CODE)),
        "amount_awarded": required(AMOUNT, named(pa.Check.ge, 0, rule=AMOUNT_NOT_NEGATIVE)),
        "award_date": required(AWARD_DATE),
        "planned_start": pa.Column(nullable=True),
        "planned_end": pa.Column(nullable=True),
        "funder_org_id": pa.Column(nullable=True),
        "funder_identified": pa.Column(checks=[holds(FUNDER)]),
        "recipient_org_id": pa.Column(nullable=True),
        "recipient_identified": pa.Column(checks=[holds(RECIPIENT)]),
    },
    checks=[readable(PLANNED_START), readable(PLANNED_END)],
    name="grant",
)
