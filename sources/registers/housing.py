"""The Regulator of Social Housing's list of registered providers of social housing in England:
housing associations (non-profit), for-profit providers and local authorities, one row each.

Headers as published: Registration number, Organisation name, Registration date, Designation
(Non-profit, Profit, Local authority), Corporate form (Registered society, Company, Charitable
company, Charity, CIO-Charitable Incorporated Organisation, ...). A new list replaces the whole
register.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.registers import HOUSING_PROVIDER_NUMBER, date_rule, number_rules, register_schema
from sources.headers import Column
from sources.registers.common import typed_register_sql
from sources.tabular import TableDataset

COLUMNS = (
    Column("number", ("Registration number", "registration_number")),
    Column("name", ("Organisation name", "organisation_name")),
    Column("designation", ("Designation",)),
    Column("corporate_form", ("Corporate form", "corporate_form"), required=False),
    Column("registered_on", ("Registration date", "registration_date"), required=False),
)
DATES = ["registered_on"]
STAGED = ["number", "name", "designation", "corporate_form", "registered_on"]
NUMBER = number_rules("registration number", HOUSING_PROVIDER_NUMBER, "L0659 or 4851")
SCHEMA, RULES = register_schema(
    "registered_providers_of_social_housing", HOUSING_PROVIDER_NUMBER, NUMBER,
    [date_rule("registered_on", "registration date")])


def typed_sql(c: Cells, landed: str) -> str:
    return typed_register_sql(c, landed, f"upper(replace({c.raw('number')}, ' ', ''))",
                              ["number"], {
                                  "designation": c.text("designation"),
                                  "corporate_form": c.text("corporate_form"),
                              }, DATES)


HOUSING_PROVIDERS = TableDataset(
    what="list of registered providers of social housing",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("housing_providers", "staging.register_housing_providers", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
