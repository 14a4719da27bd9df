"""The organisation registers (charities, companies, mutuals, social housing providers): what a
row must be to load.

Each register is loaded as its publisher lays it out; a row needs the register's identifier in its
published form, unique within the file, and a name, and every date written in it must be readable.
Everything else (status, legal form, addresses) is kept as published: the matching reads it, and a
value it does not recognise only means that row says nothing about VCSE status.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, full_match, holds, readable

# The identifier shapes each register publishes.
CHARITY_EW_NUMBER = r"[0-9]{1,8}"
CHARITY_SCOTLAND_NUMBER = r"SC[0-9]{6}"
CHARITY_NI_NUMBER = r"[0-9]{1,6}"
COMPANY_NUMBER = r"[A-Z0-9]{8}"
SOCIETY_NUMBER = r"[0-9]{1,7}[A-Z]{0,3}"
HOUSING_PROVIDER_NUMBER = r"[A-Z0-9]{2,8}"

NAME = Rule.filled("name", "organisation name missing")


def number_rules(what: str, shape: str, example: str) -> tuple[Rule, Rule]:
    """The identifier's two rules: present and in its published form; not repeated."""
    return (Rule("number_form", "number", f"{what} missing or not in its published form "
                 f"(e.g. {example})", "number_raw"),
            Rule("number_unique", "number", f"the same {what} is on more than one row",
                 "number_raw"))


def date_rule(column: str, label: str) -> Rule:
    return Rule(f"{column}_readable", column, f"{label} is not a date (dd/mm/yyyy or "
                "yyyy-mm-dd)", f"{column}_raw")


def register_schema(name: str, shape: str, number: tuple[Rule, Rule],
                    dates: list[Rule]) -> tuple[pa.DataFrameSchema, dict[str, Rule]]:
    """The schema of one register: identifier, uniqueness, name, readable dates, no stray
    cells. Returns the schema and its rules by name."""
    form, unique = number
    schema = file_schema(
        {
            "number": required(form, full_match(shape, form)),
            "number_unique": pa.Column(checks=[holds(unique)]),
            "name": required(NAME),
            # Declared so the rows are read with them: the table's checks judge them.
            **{d.column: pa.Column(nullable=True) for d in dates},
        },
        checks=[readable(d) for d in dates],
        name=name,
    )
    rules = {r.name: r for r in [EXTRA_CELLS, form, unique, NAME, *dates]}
    return schema, rules
