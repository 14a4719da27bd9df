"""The measure catalogue: what a measure must be to load.

One row per outcome measure of a framework edition (National TOMs, the UK Social Value Model, a
council's own): its theme, unit, financial proxy per unit with the year it is priced in, licence,
and the SROI adjustments (deadweight, attribution, displacement, drop-off as shares, the years the
benefit lasts and the Green Book discount schedule). A negative proxy values a harm.

`counts` says what one unit of the quantity is for disclosure control: `people`, `households`,
`tenancies` (all three are counts of people: a small number of households or tenancies gives the
people in them away) or `not people` (hours, appointments, tonnes: published as reported). A
blank or unknown value is read as `people`, so a measure is never published unsuppressed because
its catalogue forgot to say.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, holds, is_one_of, named, readable

THEMES = ("jobs", "growth", "social", "environment", "innovation")
SCHEDULES = ("standard", "health")
RATES = ("deadweight", "attribution", "displacement", "drop_off")
COUNTS = ("people", "households", "tenancies", "not people")
NOT_PEOPLE = "not people"
# Other spellings of the same declarations (lower case, spaces for '_' and '-').
COUNTS_SPELLINGS = {"person": "people", "persons": "people", "individuals": "people",
                    "household": "households", "tenancy": "tenancies", "not person": NOT_PEOPLE,
                    "none": NOT_PEOPLE, "no people": NOT_PEOPLE}

FRAMEWORK = Rule.filled("framework", "framework missing")
EDITION = Rule.filled("edition", "edition missing")
CODE = Rule.filled("code", "measure code missing")
CODE_UNIQUE = Rule("code_unique", "code",
                   "the same measure code is on more than one row of this edition", "code")
THEME = Rule("theme_known", "theme", f"theme missing or not one of: {', '.join(THEMES)}", "theme")
PROXY = Rule("proxy_value_readable", "proxy_value_gbp", "proxy value missing or not a number",
             "proxy_value_raw")
PRICE_YEAR = Rule("price_year_plausible", "price_year",
                  "price year missing or not a year from 1990 to 2100", "price_year_raw")
LICENCE = Rule.filled("licence",
                      "licence missing: say under what terms the proxy values may be used")
YEARS = Rule("benefit_years_in_range", "benefit_years",
             "benefit years missing or not a whole number from 1 to 30", "benefit_years_raw")
START = Rule("benefit_start_year_in_range", "benefit_start_year",
             "benefit start year not a whole number from 0 to 30 (years after the outcome before "
             "its benefits begin; blank is 0)", "benefit_start_year_raw")
SCHEDULE = Rule("discount_schedule_known", "discount_schedule",
                "discount schedule missing or not standard or health", "discount_schedule")
SENSITIVE = Rule.legible("sensitive_cohort", "sensitive cohort not true/false")
RATE_RULES = {rate: Rule(f"{rate}_is_share", rate,
                         f"{rate.replace('_', '-')} missing or not a share from 0 up to (not "
                         "including) 1", f"{rate}_raw") for rate in RATES}

RULES = {r.name: r for r in [EXTRA_CELLS, FRAMEWORK, EDITION, CODE, CODE_UNIQUE, THEME, PROXY,
                             PRICE_YEAR, LICENCE, YEARS, START, SCHEDULE, SENSITIVE,
                             *RATE_RULES.values()]}

SCHEMA = file_schema(
    {
        "framework": required(FRAMEWORK),
        "edition": required(EDITION),
        "code": required(CODE),
        "code_unique": pa.Column(checks=[holds(CODE_UNIQUE)]),
        "theme": required(THEME, is_one_of(THEMES, THEME)),
        "proxy_value_gbp": required(PROXY),
        "price_year": required(PRICE_YEAR, named(pa.Check.in_range, 1990, 2100, rule=PRICE_YEAR)),
        "licence": required(LICENCE),
        **{rate: required(rule, pa.Check.in_range(0, 1, include_max=False, name=rule.name,
                                                  error=rule.name))
           for rate, rule in RATE_RULES.items()},
        "benefit_years": required(YEARS, named(pa.Check.in_range, 1, 30, rule=YEARS)),
        "benefit_start_year": required(START, named(pa.Check.in_range, 0, 30, rule=START)),
        "discount_schedule": required(SCHEDULE, is_one_of(SCHEDULES, SCHEDULE)),
        "sensitive_cohort": pa.Column(nullable=True),
    },
    checks=[readable(SENSITIVE)],
    name="measure_catalogue",
)
