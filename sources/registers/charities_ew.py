"""The register of charities for England and Wales as the Charity Commission publishes it: the
"charity" table of its full register extract (`publicextract.charity.txt`, tab-separated, one row
per charity and per linked charity; removed charities are kept with their date of removal).

Headers as published: date_of_extract, organisation_number, registered_charity_number,
linked_charity_number, charity_name, charity_type, charity_registration_status,
date_of_registration, date_of_removal, ..., charity_contact_postcode, ...,
charity_company_registration_number, ... A new extract replaces the whole register.
"""

from __future__ import annotations

from basics.cells import Cells, company_number
from loading.contract import Target
from schemas.registers import CHARITY_EW_NUMBER, date_rule, number_rules, register_schema
from sources.headers import Column
from sources.registers.common import typed_register_sql
from sources.tabular import TableDataset

COLUMNS = (
    Column("number", ("registered_charity_number",)),
    Column("name", ("charity_name",)),
    Column("status", ("charity_registration_status",)),
    Column("linked_number", ("linked_charity_number",), required=False),
    Column("charity_type", ("charity_type",), required=False),
    Column("registered_on", ("date_of_registration",), required=False),
    Column("removed_on", ("date_of_removal",), required=False),
    Column("company_number", ("charity_company_registration_number",), required=False),
    Column("postcode", ("charity_contact_postcode",), required=False),
    Column("extract_date", ("date_of_extract",), required=False),
)
DATES = ["registered_on", "removed_on", "extract_date"]
STAGED = ["number", "linked_number", "name", "charity_type", "status", "registered_on",
          "removed_on", "company_number", "postcode", "extract_date"]
NUMBER = number_rules("charity number", CHARITY_EW_NUMBER, "1079327")
SCHEMA, RULES = register_schema(
    "charity_register_england_wales", CHARITY_EW_NUMBER, NUMBER,
    [date_rule("registered_on", "date of registration"), date_rule("removed_on",
     "date of removal"), date_rule("extract_date", "date of extract")])


def typed_sql(c: Cells, landed: str) -> str:
    return typed_register_sql(c, landed, c.text("number"), ["number", "linked_number"], {
        # 0 is the main charity; a linked charity (a subsidiary or special trust) shares its
        # number with a linked number of its own.
        "linked_number": f"coalesce({c.integer('linked_number')}, 0)",
        "charity_type": c.text("charity_type"),
        "status": c.text("status"),
        "company_number": company_number(c.raw("company_number")),
        "postcode": f"upper({c.raw('postcode')})",
    }, DATES)


CHARITIES_EW = TableDataset(
    what="charity register (England and Wales)",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("charities_ew", "staging.register_charities_ew", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
