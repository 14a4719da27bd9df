"""The register of charities in Northern Ireland as the Charity Commission for Northern Ireland
exports it from its charity search: one row per charity (and sub-charity), removed charities
included when the export asks for them.

Headers as published: Reg charity number, Sub charity number, Charity name, Date registered,
Status, Date for financial year ending, Total income, Total spending, ..., Public address,
Website, Email, Telephone, Company number, ... A new file replaces the whole register.
"""

from __future__ import annotations

from basics.cells import Cells
from loading.contract import Target
from schemas.registers import CHARITY_NI_NUMBER, date_rule, number_rules, register_schema
from sources.headers import Column
from sources.registers.common import typed_register_sql
from sources.tabular import TableDataset

COLUMNS = (
    Column("number", ("Reg charity number",)),
    Column("name", ("Charity name",)),
    Column("status", ("Status",), required=False),
    Column("sub_number", ("Sub charity number",), required=False),
    Column("registered_on", ("Date registered",), required=False),
    Column("company_number", ("Company number",), required=False),
    Column("address", ("Public address",), required=False),
)
DATES = ["registered_on"]
STAGED = ["number", "sub_number", "name", "status", "registered_on", "company_number",
          "address"]
NUMBER = number_rules("Northern Ireland charity number", CHARITY_NI_NUMBER, "100002")
SCHEMA, RULES = register_schema(
    "charity_register_northern_ireland", CHARITY_NI_NUMBER, NUMBER,
    [date_rule("registered_on", "date registered")])


def _ni_company(raw: str) -> str:
    """SQL: a Northern Ireland company number (NI + six digits); the register writes it as bare
    digits, with 0 or 999999 for none."""
    cleaned = f"upper(replace({raw}, ' ', ''))"
    return (f"(case when regexp_full_match({cleaned}, '0*|9{{6}}') then null "
            f"when regexp_full_match({cleaned}, '[0-9]{{1,6}}') then 'NI' || lpad({cleaned}, 6,"
            f" '0') else {cleaned} end)")


def typed_sql(c: Cells, landed: str) -> str:
    return typed_register_sql(c, landed, c.text("number"), ["number", "sub_number"], {
        "sub_number": f"coalesce({c.integer('sub_number')}, 0)",
        "status": c.text("status"),
        "company_number": _ni_company(c.raw("company_number")),
        "address": c.text("address"),
    }, DATES)


CHARITIES_NI = TableDataset(
    what="Northern Ireland charity register",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("charities_ni", "staging.register_charities_ni", STAGED),
    schema=SCHEMA,
    rules=RULES,
)
