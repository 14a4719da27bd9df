"""The FCA Mutuals Public Register's list of societies (`SocietyList.csv`): co-operative and
community benefit societies, credit unions, building and friendly societies, registered and
deregistered.

Headers as published: Society Number, Society Suffix, Full Registation Number (sic), Society
Name, Registered As, Society Address, Registration Date, Deregistration Date, Registration Act,
Standard Industrial Classification Code (SIC), Reporting Classification, Society Status. A new
file replaces the whole register.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.registers import SOCIETY_NUMBER, date_rule, number_rules, register_schema
from sources.headers import Column
from sources.registers.common import typed_register_sql
from sources.tabular import TableDataset

COLUMNS = (
    # The register's own header misspells "Registration"; both spellings are read.
    Column("number", ("Full Registation Number", "Full Registration Number")),
    Column("name", ("Society Name",)),
    Column("registered_as", ("Registered As",)),
    Column("status", ("Society Status",), required=False),
    Column("registered_on", ("Registration Date",), required=False),
    Column("deregistered_on", ("Deregistration Date",), required=False),
    Column("address", ("Society Address",), required=False),
    Column("registration_act", ("Registration Act",), required=False),
)
DATES = ["registered_on", "deregistered_on"]
STAGED = ["number", "name", "registered_as", "status", "registered_on", "deregistered_on",
          "address", "registration_act"]
NUMBER = number_rules("society registration number", SOCIETY_NUMBER, "31442R")
SCHEMA, RULES = register_schema(
    "mutuals_public_register", SOCIETY_NUMBER, NUMBER,
    [date_rule("registered_on", "registration date"),
     date_rule("deregistered_on", "deregistration date")])


def typed_sql(c: Cells, landed: str) -> str:
    return typed_register_sql(c, landed, f"upper(replace({c.raw('number')}, ' ', ''))",
                              ["number"], {
                                  "registered_as": c.text("registered_as"),
                                  "status": c.text("status"),
                                  "address": c.text("address"),
                                  "registration_act": c.text("registration_act"),
                              }, DATES)


MUTUALS = TableDataset(
    what="Mutuals Public Register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("mutuals", "staging.register_mutuals", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
