"""The partnerships register: what a row must be to load.

One row per partnership between a council and its VCSE partners: its slug, name, lead council,
commissioning route, dates and contract value. Facts about more than one row (a repeated id) are
worked out in SQL beside the rows and checked here as flags.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.dates import DATES_IN_ORDER, END_DATE, START_DATE
from schemas.org_ids import LOCAL_AUTHORITY
from schemas.rules import EXTRA_CELLS, Rule, full_match, holds, is_one_of, named, readable

SLUG = r"[a-z][a-z0-9-]+"
ROUTES = ("innovation partnership", "alliance contract", "grant", "direct award",
          "competitive tender", "light-touch regime", "other")

ID_IS_SLUG = Rule("partnership_id_is_slug", "partnership_id",
                  "partnership id missing or not a slug (lower-case letters, digits and hyphens, "
                  "starting with a letter)", "partnership_id")
ID_UNIQUE = Rule("partnership_id_unique", "partnership_id",
                 "the same partnership id is on more than one row", "partnership_id")
NAME = Rule.filled("name", "partnership name missing")
LEAD_COUNCIL = Rule("lead_council_org_id_is_local_authority", "lead_council_org_id",
                    "lead council org id missing or not an English local authority's "
                    "(GB-LAE-...)", "lead_council_org_id")
ROUTE = Rule("commissioning_route_known", "commissioning_route",
             f"commissioning route missing or not one of: {', '.join(ROUTES)}",
             "commissioning_route")
VALUE = Rule("contract_value_readable", "contract_value_gbp", "contract value not a number",
             "contract_value_raw")
VALUE_NOT_NEGATIVE = Rule("contract_value_not_negative", "contract_value_gbp",
                          "contract value is negative", "contract_value_raw")

RULES = {r.name: r for r in [EXTRA_CELLS, ID_IS_SLUG, ID_UNIQUE, NAME, LEAD_COUNCIL, ROUTE,
                             START_DATE, END_DATE, DATES_IN_ORDER, VALUE, VALUE_NOT_NEGATIVE]}

SCHEMA = file_schema(
    {
        "partnership_id": required(ID_IS_SLUG, full_match(SLUG, ID_IS_SLUG)),
        "id_unique": pa.Column(checks=[holds(ID_UNIQUE)]),
        "name": required(NAME),
        "lead_council_org_id": required(LEAD_COUNCIL, full_match(LOCAL_AUTHORITY, LEAD_COUNCIL)),
        "commissioning_route": required(ROUTE, is_one_of(ROUTES, ROUTE)),
        "start_date": required(START_DATE),
        "end_date": pa.Column(nullable=True),
        "dates_in_order": pa.Column(checks=[holds(DATES_IN_ORDER)]),
        "contract_value_gbp": pa.Column(nullable=True, checks=[
            named(pa.Check.ge, 0, rule=VALUE_NOT_NEGATIVE)]),
    },
    checks=[readable(END_DATE), readable(VALUE)],
    name="partnerships_register",
)
