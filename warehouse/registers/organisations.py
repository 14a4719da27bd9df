"""Every organisation of every loaded register in one shape, and every identifier it answers to.

`marts.register_organisations` has one row per organisation per register: the register, its
identifier there and org-id.guide id, its name and matching key, its legal form in plain words and
what that says about VCSE status (the verdict, see forms.py), whether it is still on the register
(and since when not), the company number a charity gives, the register's date (the extract's own
date where the file has one, else a date in the file name, else the day it was loaded) and the
row's lineage. `marts.register_identifiers` maps every org id an organisation answers to (its
own, and for a charitable company or a society its Companies House number) to its row.

Both are rebuilt only when a register has been loaded anew: Companies House alone runs to millions
of rows, and most builds follow a spend file, not a register.
"""

from __future__ import annotations

import duckdb

from basics.duck import records, scalar
from warehouse.marts import with_macros
from warehouse.registers.forms import (
    VCSE,
    company_form_sql,
    company_verdict_sql,
    housing_verdict_sql,
    society_verdict_sql,
)
from warehouse.registers.names import name_key_sql, prefix_sql

REGISTER_DATASETS = ("charities_ew", "charities_scotland", "charities_ni", "mutuals",
                     "housing_providers", "companies")
# The registers in the order their word is preferred when one organisation is in several (a
# charitable company is in a charity register and at Companies House): the register that says
# most about VCSE status first.
PRIORITY = {d: i for i, d in enumerate(REGISTER_DATASETS, start=1)}
NAMES = {
    "charities_ew": "Charity Commission register (England and Wales)",
    "charities_scotland": "Scottish Charity Register (OSCR)",
    "charities_ni": "Charity Commission for Northern Ireland register",
    "mutuals": "FCA Mutuals Public Register",
    "housing_providers": "Regulator of Social Housing's registered providers",
    "companies": "Companies House basic company data",
}


def _file_date(file_name: str) -> str:
    """SQL: a date written in a register file's name (`BasicCompanyData-2026-11-01.csv`,
    `SocietyList-2026-11.csv`), the first of the month when only a month is written."""
    full = f"regexp_extract({file_name}, '(20[0-9]{{2}})[-_]?([01][0-9])[-_]?([0-3][0-9])', " \
           f"['y', 'm', 'd'])"
    month = f"regexp_extract({file_name}, '(20[0-9]{{2}})[-_]([01][0-9])', ['y', 'm'])"
    return (f"coalesce(try_strptime(nullif({full}.y || '-' || {full}.m || '-' || {full}.d, "
            f"'--'), '%Y-%m-%d')::date, try_strptime(nullif({month}.y || '-' || {month}.m, '-')"
            f" || '-01', '%Y-%m-%d')::date)")




ORGANISATIONS_SQL = f"""
create or replace table marts.register_organisations as
with loaded as (
    select load_id, coalesce({_file_date('file_name')}, started_at::date) as register_date
    from meta.loads where list_contains({list(REGISTER_DATASETS)}, dataset)
),
registers as (
    select 'charities_ew' as register, c.number as identifier, 'GB-CHC-' || c.number as org_id,
           c.name,
           case lower(c.charity_type) when 'cio' then 'charitable incorporated organisation'
                when 'charitable company' then 'charitable company'
                else 'registered charity' end as legal_form,
           '{VCSE}' as verdict,
           c.removed_on is null and coalesce(lower(c.status), '') <> 'removed' as active,
           c.status, c.removed_on, c.company_number,
           coalesce(c.extract_date, d.register_date) as register_date,
           c.source_file, c.source_row, c.load_id
    from staging.register_charities_ew c left join loaded d on d.load_id = c.load_id
    where c.linked_number = 0
    union all
    select 'charities_scotland', s.number, 'GB-SC-' || s.number, s.name,
           'registered charity (Scotland)' || coalesce(', ' || s.constitutional_form, ''),
           '{VCSE}', s.ceased_on is null and coalesce(lower(s.status), '') not in
               ('removed', 'ceased', 'former'),
           s.status, s.ceased_on, null, d.register_date, s.source_file, s.source_row, s.load_id
    from staging.register_charities_scotland s left join loaded d on d.load_id = s.load_id
    union all
    select 'charities_ni', n.number, 'GB-NIC-' || n.number, n.name,
           'registered charity (Northern Ireland)', '{VCSE}',
           coalesce(lower(n.status), '') <> 'removed', n.status, null, n.company_number,
           d.register_date, n.source_file, n.source_row, n.load_id
    from staging.register_charities_ni n left join loaded d on d.load_id = n.load_id
    where n.sub_number = 0
    union all
    select 'mutuals', m.number, 'GB-MPR-' || m.number, m.name,
           coalesce(lower(m.registered_as), 'registered society'),
           {society_verdict_sql('m.registered_as')},
           m.deregistered_on is null and coalesce(lower(m.status), '') not similar to
               '(deregistered|cancelled|dissolved|removed).*',
           m.status, m.deregistered_on, null, d.register_date, m.source_file, m.source_row,
           m.load_id
    from staging.register_mutuals m left join loaded d on d.load_id = m.load_id
    union all
    select 'housing_providers', h.number, 'GB-SHPE-' || h.number, h.name,
           lower(coalesce(h.designation || ' ', '')) || 'registered provider of social housing'
               || coalesce(' (' || lower(h.corporate_form) || ')', ''),
           {housing_verdict_sql('h.designation', 'h.corporate_form')},
           true, 'registered', null, null, d.register_date, h.source_file, h.source_row,
           h.load_id
    from staging.register_housing_providers h left join loaded d on d.load_id = h.load_id
    union all
    select 'companies', co.number, 'GB-COH-' || co.number, co.name,
           {company_form_sql('co.category')}, {company_verdict_sql('co.category')},
           co.dissolved_on is null and coalesce(lower(co.status), '') not in
               ('dissolved', 'converted/closed', 'closed', 'removed'),
           co.status, co.dissolved_on, co.number, d.register_date, co.source_file,
           co.source_row, co.load_id
    from staging.register_companies co left join loaded d on d.load_id = co.load_id
    {{companies_once}}
)
-- a row's id is its org id's hash: no window or sort over millions of rows, the same id from
-- one build to the next
select hash(org_id) as rid, *,
       {name_key_sql('name')} as name_key, {prefix_sql('name_key')} as name_prefix
from registers
"""

IDENTIFIERS_SQL = """
create or replace table marts.register_identifiers as
select org_id as alias, rid from marts.register_organisations
union all
-- a charitable company answers to its company number too
select 'GB-COH-' || company_number, rid from marts.register_organisations
where register <> 'companies' and company_number is not null
union all
-- a registered society is at Companies House as RS + its six-digit number
select 'GB-COH-RS' || lpad(regexp_extract(identifier, '^[0-9]+'), 6, '0'), rid
from marts.register_organisations
where register = 'mutuals' and regexp_matches(identifier, '^[0-9]{1,6}[A-Z]*$')
"""


# A company in two loaded files (a whole register and a part, say) counts once: the newer.
# Only needed when Companies House data came in more than one load.
COMPANIES_ONCE = """where not exists (select 1 from staging.register_companies newer
                      where newer.number = co.number and newer.loaded_at > co.loaded_at)"""


def register_versions(con: duckdb.DuckDBPyConnection) -> str:
    """The loads the registers are built from now: a new load of any register changes it."""
    return scalar(con, "select coalesce(string_agg(dataset || ':' || scope || ':' || load_id, "
                       "',' order by dataset, scope), '') from meta.partition_versions "
                       "where list_contains(?, dataset)", [list(REGISTER_DATASETS)]) or ""


def build_register_organisations(con: duckdb.DuckDBPyConnection, force: bool = False) -> dict:
    """Rebuild marts.register_organisations and marts.register_identifiers if a register was
    loaded since they were built. Returns the organisations per register and verdict, and
    whether they were rebuilt."""
    versions = register_versions(con)
    with_macros(con)  # name_key
    con.execute("create table if not exists marts.register_build (versions varchar)")
    built = scalar(con, "select versions from marts.register_build")
    rebuilt = force or built != versions or not _exists(con)
    if rebuilt:
        # Millions of rows: their order does not matter, and keeping it costs memory.
        con.execute("set preserve_insertion_order = false")
        try:
            loads = scalar(con, "select count(distinct load_id) from meta.partition_versions "
                                "where dataset = 'companies'")
            con.execute(ORGANISATIONS_SQL.replace(
                "{companies_once}", COMPANIES_ONCE if loads > 1 else ""))
            con.execute(IDENTIFIERS_SQL)
        finally:
            con.execute("reset preserve_insertion_order")
        # fuzzy matches name row ids of the table just replaced
        con.execute("drop table if exists marts.register_fuzzy_matches")
        con.execute("delete from marts.register_build")
        con.execute("insert into marts.register_build values (?)", [versions])
    counts = records(con, "select register, verdict, count(*) filter (where active) as active, "
                          "count(*) as organisations from marts.register_organisations "
                          "group by all order by all")
    return {"rebuilt": rebuilt, "counts": counts}


def _exists(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(scalar(con, "select count(*) from information_schema.tables where "
                            "table_schema = 'marts' and table_name = 'register_organisations'"))
