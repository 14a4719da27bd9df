"""The Scottish Charity Register as the Scottish Charity Regulator (OSCR) publishes it for
download: one row per charity, `SC` numbers.

Headers as published: Charity Number, Charity Name, Registered Date, Known As, Charity Status,
Notes, Postcode, Constitutional Form, ... (the former charities download adds Ceased Date). A
new file replaces the whole register.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.registers import CHARITY_SCOTLAND_NUMBER, date_rule, number_rules, register_schema
from sources.headers import Column
from sources.registers.common import typed_register_sql
from sources.tabular import TableDataset

COLUMNS = (
    Column("number", ("Charity Number",)),
    Column("name", ("Charity Name",)),
    Column("status", ("Charity Status",), required=False),
    Column("known_as", ("Known As",), required=False),
    Column("registered_on", ("Registered Date",), required=False),
    Column("ceased_on", ("Ceased Date",), required=False),
    Column("constitutional_form", ("Constitutional Form",), required=False),
    Column("postcode", ("Postcode",), required=False),
)
DATES = ["registered_on", "ceased_on"]
STAGED = ["number", "name", "known_as", "status", "registered_on", "ceased_on",
          "constitutional_form", "postcode"]
NUMBER = number_rules("Scottish charity number", CHARITY_SCOTLAND_NUMBER, "SC012345")
SCHEMA, RULES = register_schema(
    "charity_register_scotland", CHARITY_SCOTLAND_NUMBER, NUMBER,
    [date_rule("registered_on", "registered date"), date_rule("ceased_on", "ceased date")])


def typed_sql(c: Cells, landed: str) -> str:
    return typed_register_sql(c, landed, f"upper(replace({c.raw('number')}, ' ', ''))",
                              ["number"], {
                                  "known_as": c.text("known_as"),
                                  "status": c.text("status"),
                                  "constitutional_form": c.text("constitutional_form"),
                                  "postcode": f"upper({c.raw('postcode')})",
                              }, DATES)


CHARITIES_SCOTLAND = TableDataset(
    what="Scottish charity register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("charities_scotland", "staging.register_charities_scotland", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
