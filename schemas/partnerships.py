"""The partnerships register: what a row must be to load.

One row per partnership between a council and its VCSE partners: its slug, name, lead council,
commissioning route, dates and contract value. Facts about more than one row (a repeated id) are
worked out in SQL beside the rows and checked here as flags.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.org_ids import LOCAL_AUTHORITY
from schemas.rules import (
                           EXTRA_CELLS,
                           Rule,
                           absent,
                           full_match,
                           holds,
                           is_one_of,
                           named,
                           present,
                           readable,
)

SLUG = r"[a-z][a-z0-9-]+"
ROUTES = ("innovation partnership", "alliance contract", "grant", "direct award",
          "competitive tender", "light-touch regime", "other")

ID_IS_SLUG = Rule("partnership_id_is_slug", "partnership_id",
                  "partnership id missing or not a slug (lower-case letters, digits and hyphens, "
                  "starting with a letter)", "partnership_id")
ID_UNIQUE = Rule("partnership_id_unique", "partnership_id",
                 "the same partnership id is on more than one row", "partnership_id")
NAME = Rule("name_present", "name", "partnership name missing", "name")
LEAD_COUNCIL = Rule("lead_council_org_id_is_local_authority", "lead_council_org_id",
                    "lead council org id missing or not an English local authority's "
                    "(GB-LAE-...)", "lead_council_org_id")
ROUTE = Rule("commissioning_route_known", "commissioning_route",
             f"commissioning route missing or not one of: {', '.join(ROUTES)}",
             "commissioning_route")
START = Rule("start_date_readable", "start_date",
             "start date missing or not a date (YYYY-MM-DD or DD/MM/YYYY)", "start_date_raw")
END = Rule("end_date_readable", "end_date", "end date not a date (YYYY-MM-DD or DD/MM/YYYY)",
           "end_date_raw")
DATES_IN_ORDER = Rule("dates_in_order", "end_date", "end date before start date",
                      "end_date_raw")
VALUE = Rule("contract_value_readable", "contract_value_gbp", "contract value not a number",
             "contract_value_raw")
VALUE_NOT_NEGATIVE = Rule("contract_value_not_negative", "contract_value_gbp",
                          "contract value is negative", "contract_value_raw")

RULES = {r.name: r for r in [EXTRA_CELLS, ID_IS_SLUG, ID_UNIQUE, NAME, LEAD_COUNCIL, ROUTE, START,
                             END, DATES_IN_ORDER, VALUE, VALUE_NOT_NEGATIVE]}

SCHEMA = pa.DataFrameSchema(
    {
        "source_row": pa.Column(int, nullable=False, unique=True),
        "extra_cells": pa.Column(nullable=True, checks=[absent(EXTRA_CELLS)]),
        "partnership_id": pa.Column(nullable=True, checks=[present(ID_IS_SLUG),
                                                           full_match(SLUG, ID_IS_SLUG)]),
        "id_unique": pa.Column(checks=[holds(ID_UNIQUE)]),
        "name": pa.Column(nullable=True, checks=[present(NAME)]),
        "lead_council_org_id": pa.Column(nullable=True, checks=[
            present(LEAD_COUNCIL), full_match(LOCAL_AUTHORITY, LEAD_COUNCIL)]),
        "commissioning_route": pa.Column(nullable=True, checks=[present(ROUTE),
                                                                is_one_of(ROUTES, ROUTE)]),
        "start_date": pa.Column(nullable=True, checks=[present(START)]),
        "end_date": pa.Column(nullable=True),
        "dates_in_order": pa.Column(checks=[holds(DATES_IN_ORDER)]),
        "contract_value_gbp": pa.Column(nullable=True, checks=[
            named(pa.Check.ge, 0, rule=VALUE_NOT_NEGATIVE)]),
    },
    checks=[readable(END), readable(VALUE)],
    name="partnerships_register",
)
