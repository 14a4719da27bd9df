"""A measure catalogue as a file: one framework edition's measures, proxies and adjustments.

Headers as in `catalogue/illustrative-2026.csv`: framework, edition, code, theme, outcome, unit,
proxy_value_gbp, price_year, source, licence, deadweight, attribution, displacement, drop_off,
benefit_years, discount_schedule, overlaps_with, sensitive_cohort, counts (what the quantity
counts, for disclosure control), and optionally benefit_start_year (years after the outcome
before its benefits begin; blank is 0). A file holds one framework edition, which is its scope
(`<framework>:<edition>`): a new file of that edition replaces it, and catalogues of other
frameworks or editions stay.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from basics.cells import Cells, Typed
from basics.duck import ident, literal
from basics.files import FileRefused
from loading.contract import Target
from schemas.catalogue import (
    COUNTS,
    COUNTS_SPELLINGS,
    RATES,
    RULES,
    SCHEDULES,
    SCHEMA,
    THEMES,
)
from sources.headers import Column
from sources.tabular import TableDataset, read_alone, typed_select

WHAT = "measure catalogue"
COLUMNS = (
    Column("framework"), Column("edition"), Column("code"), Column("theme"),
    Column("outcome", required=False), Column("unit", required=False),
    Column("proxy_value_gbp"), Column("price_year"), Column("source", required=False),
    Column("licence"), *(Column(rate) for rate in RATES), Column("benefit_years"),
    Column("discount_schedule"), Column("overlaps_with", required=False),
    Column("sensitive_cohort", required=False), Column("counts", required=False),
    Column("benefit_start_year", required=False),
)
STAGED = ["framework", "edition", "code", "theme", "outcome", "unit", "proxy_value_gbp",
          "price_year", "source", "licence", *RATES, "benefit_years", "discount_schedule",
          "overlaps_with", "sensitive_cohort", "counts", "counts_declared", "benefit_start_year"]


class CatalogueRefused(FileRefused):
    """A catalogue file that does not hold exactly one framework edition."""


def counts_sql(c: Cells) -> str:
    """What a measure counts, in its canonical word; `people` when blank or not understood."""
    spoken = f"lower(regexp_replace({c.raw('counts')}, '[\\s_-]+', ' ', 'g'))"
    known = {**{word: word for word in COUNTS}, **COUNTS_SPELLINGS}
    whens = " ".join(f"when {literal(k)} then {literal(v)}" for k, v in known.items())
    return f"(case {spoken} {whens} else 'people' end)"


def typed_sql(c: Cells, landed: str) -> str:
    return typed_select(landed, c.select([
        Typed("framework"), Typed("edition"), Typed("code"), Typed("theme", "choice", THEMES),
        Typed("outcome"), Typed("unit"), Typed("proxy_value_gbp", "money", raw="proxy_value_raw"),
        Typed("price_year", "integer", raw=True), Typed("source"), Typed("licence"),
        *(Typed(rate, "number", raw=True) for rate in RATES),
        Typed("benefit_years", "integer", raw=True),
        f"""-- blank: benefits begin in the year of the outcome; unreadable text is quarantined
        case when {c.raw('benefit_start_year')} is null then 0
             else {c.integer('benefit_start_year')} end as benefit_start_year,
        {c.raw('benefit_start_year')} as benefit_start_year_raw""",
        Typed("discount_schedule", "choice", SCHEDULES), Typed("overlaps_with"),
        f"""-- Blank means the cohort is not sensitive; unreadable text is quarantined.
        case when {c.raw('sensitive_cohort')} is null then false
             else {c.boolean('sensitive_cohort')} end as sensitive_cohort,
        {c.raw('sensitive_cohort')} as sensitive_cohort_raw""",
        f"""-- Disclosure control reads `counts`; what the file said is kept beside it.
        {counts_sql(c)} as counts,
        {c.raw('counts')} as counts_declared""",
    ]), """
    code is null
        or count(*) over (partition by framework, edition, code) = 1 as code_unique""")


def editions_in(con: duckdb.DuckDBPyConnection, table: str, framework: str = "framework",
                edition: str = "edition") -> dict[str, int]:
    """The `<framework>:<edition>` scopes the rows name, each with the first row naming it (rows
    missing either are left out)."""
    f, e = f"nullif(trim({ident(framework)}), '')", f"nullif(trim({ident(edition)}), '')"
    return dict(con.execute(
        f"select {f} || ':' || {e} scope, min(source_row) from {ident(table)} "
        f"where {f} is not null and {e} is not null group by scope order by 2").fetchall())


def one_edition(file_name: str, editions: dict[str, int]) -> str:
    if not editions:
        raise CatalogueRefused(f"{file_name}: no row names both a framework and an edition")
    if len(editions) > 1:
        # Rows, not the editions' names: a refusal never quotes the file's cells.
        rows = ", ".join(str(row) for row in editions.values())
        raise CatalogueRefused(
            f"{file_name}: holds {len(editions)} framework editions (first named in rows "
            f"{rows}); send one file per framework edition, so that each replaces only its own")
    return next(iter(editions))


def catalogue_scope(path: Path, scratch: Path) -> str:
    """The framework edition a catalogue file holds, before it is received."""
    with read_alone(path, COLUMNS, WHAT, scratch) as (con, landed):
        return one_edition(path.name, editions_in(con, landed.name, landed.columns["framework"],
                                                  landed.columns["edition"]))


def _one_edition_only(con: duckdb.DuckDBPyConnection, typed: str, path: Path) -> None:
    one_edition(path.name, editions_in(con, typed))


MEASURE_CATALOGUE = TableDataset(
    what=WHAT,
    columns=COLUMNS,
    typed_sql=typed_sql,
    target=Target("measure_catalogue", "staging.measure_catalogue", STAGED,
                  scope_column="catalogue"),
    schema=SCHEMA,
    rules=RULES,
    check=_one_edition_only,
)
