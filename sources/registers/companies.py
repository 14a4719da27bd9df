"""Companies House basic company data: one row per live company on the register (about five
million), as one file or in numbered parts.

Headers as published: CompanyName, CompanyNumber, RegAddress.CareOf, RegAddress.POBox,
RegAddress.AddressLine1, ..., RegAddress.PostCode, CompanyCategory, CompanyStatus,
CountryOfOrigin, DissolutionDate, IncorporationDate, ..., SICCode.SicText_1, ..., URI,
PreviousName_1.CONDATE, PreviousName_1.CompanyName, ... A new file replaces the companies of the
file it succeeds: the whole register, or the same numbered part (`...-part3_7.csv`).
"""

from __future__ import annotations

import re
from pathlib import Path

from basics.cells import Cells, company_number
from loading.contract import Target
from schemas.registers import COMPANY_NUMBER, date_rule, number_rules, register_schema
from sources.headers import Column
from sources.registers.common import typed_register_sql
from sources.tabular import TableDataset

COLUMNS = (
    Column("number", ("CompanyNumber",)),
    Column("name", ("CompanyName",)),
    Column("category", ("CompanyCategory",)),
    Column("status", ("CompanyStatus",)),
    Column("dissolved_on", ("DissolutionDate",), required=False),
    Column("incorporated_on", ("IncorporationDate",), required=False),
    Column("postcode", ("RegAddress.PostCode",), required=False),
    Column("sic_1", ("SICCode.SicText_1",), required=False),
)
DATES = ["dissolved_on", "incorporated_on"]
STAGED = ["number", "name", "category", "status", "dissolved_on", "incorporated_on", "postcode",
          "sic_1"]
NUMBER = number_rules("company number", COMPANY_NUMBER, "03861209 or SC123456")
SCHEMA, RULES = register_schema(
    "companies_house_basic_data", COMPANY_NUMBER, NUMBER,
    [date_rule("dissolved_on", "dissolution date"),
     date_rule("incorporated_on", "incorporation date")])
PART = re.compile(r"part(\d+)_(\d+)", re.IGNORECASE)
WHOLE = "whole"


def part_scope(path: Path) -> str:
    """The part of the register a file is (`part3of7`, from `BasicCompanyData-...-part3_7.csv`),
    or `whole` for the register as one file. (A company in both a whole file and a part is
    counted once, from the newer load: marts.register_organisations.)"""
    found = PART.search(path.name)
    return f"part{int(found[1])}of{int(found[2])}" if found else WHOLE


def typed_sql(c: Cells, landed: str) -> str:
    return typed_register_sql(c, landed, company_number(c.raw("number")), ["number"], {
        "category": c.text("category"),
        "status": c.text("status"),
        "postcode": f"upper({c.raw('postcode')})",
        "sic_1": c.text("sic_1"),
    }, DATES)


COMPANIES = TableDataset(
    what="Companies House basic company data",
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("companies", "staging.register_companies", STAGED, scope_column="part"),
    schema=SCHEMA,
    rules=RULES,
)
