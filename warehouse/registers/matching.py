"""Who each payee, partner and grant recipient is on the registers: matched by identifier first,
then by name, exactly and then fuzzily, preferring organisations still on their register.

`marts.organisation_matches` has one row per distinct payee of the spend files (a name with the
charity number, company number and org id its lines give), per partner in the partners register
and per 360Giving grant recipient: the register row chosen (or none), how it was found
(`identifier`, `name`, `similar name`), through what (the spend file's own number, the partners
register's org id, a 360Giving grant's recipient id), the score (100 unless fuzzy), how many
register rows were equally good, and the register's date. The identifiers come from every
source at once: a payee the spend file names only by name is matched by number when the partners
register or a 360Giving grant gives the same name an org id.

An organisation's verdict (forms.py) is applied per payment in the spend marts: a charity removed
from its register counts as a charity for what it was paid before its removal only.
"""

from __future__ import annotations

import duckdb

from basics.cells import company_number
from basics.duck import literal, records
from warehouse.marts import with_macros
from warehouse.registers.fuzzy import THRESHOLD, fuzzy_matches
from warehouse.registers.names import name_key_sql
from warehouse.registers.organisations import (
    NAMES,
    PRIORITY,
    build_register_organisations,
    register_versions,
)

SPEND, PARTNER, RECIPIENT = "spend payee", "partner", "grant recipient"


def charity_aliases_sql(number: str) -> str:
    """SQL: the org ids a charity number as a spend file writes it may stand for: `1079327` or
    `1079327-1` (England and Wales; six digits or fewer may be Northern Ireland's), `SC012345`,
    `NIC100002`, or an org id written in full."""
    c = f"upper(regexp_replace({number}, '\\s', '', 'g'))"
    digits = f"split_part({c}, '-', 1)"
    return (f"(case when {c} like 'GB-%' then [{c}] "
            f"when regexp_full_match({c}, 'SC[0-9]{{6}}') then ['GB-SC-' || {c}] "
            f"when regexp_full_match({c}, 'NIC?[0-9]{{1,6}}') then "
            f"['GB-NIC-' || regexp_extract({c}, '[0-9]+')] "
            f"when regexp_full_match({c}, '[0-9]{{1,8}}(-[0-9]+)?') then "
            f"case when length({digits}) <= 6 then ['GB-CHC-' || {digits}, 'GB-NIC-' || {digits}]"
            f" else ['GB-CHC-' || {digits}] end else [] end)")


# The key of a spend line's payee: its name key with the identifiers the line gives (lines
# naming the same organisation the same way share a key). A macro, so the matching here and the
# spend mart (warehouse/sql/marts/spend_classified.sql) key payees alike; the company number is
# read by the one company-number rule (basics/cells.py).
PAYEE_KEY_MACRO = f"""
create or replace temp macro payee_key(beneficiary, charity_number, company_number, org_id) as
    concat_ws('|', coalesce(name_key(beneficiary), ''), coalesce(upper(charity_number), ''),
              coalesce({company_number('company_number')}, ''), coalesce(upper(org_id), ''))
"""


def with_payee_key(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The connection with the marts' macros and `payee_key(beneficiary, charity_number,
    company_number, org_id)` defined."""
    with_macros(con).execute(PAYEE_KEY_MACRO)
    return con


def payee_key_sql(alias: str) -> str:
    """SQL: the payee key of the spend line `alias` (`payee_key`, see PAYEE_KEY_MACRO)."""
    a = alias
    return f"payee_key({a}.beneficiary, {a}.charity_number, {a}.company_number, {a}.org_id)"


PAYEES_SQL = f"""
create or replace temp table _payees as
select '{SPEND}' as source, {payee_key_sql('s')} as payee_key, any_value(s.beneficiary) as name,
       {name_key_sql('any_value(s.beneficiary)')} as name_key,
       any_value(s.charity_number) as charity_number,
       any_value({company_number('s.company_number')}) as company_number,
       any_value(upper(s.org_id)) as org_id
from staging.council_spend s
where not s.is_redacted and s.duplicate_of_row is null
group by payee_key
union all
select '{PARTNER}', 'partner|' || p.org_id || '|' || coalesce({name_key_sql('p.name')}, ''),
       any_value(p.name), {name_key_sql('any_value(p.name)')}, null, null, p.org_id
from staging.partners p where p.role <> 'council'
group by all
union all
select '{RECIPIENT}', 'recipient|' || coalesce(g.recipient_org_id, '') || '|'
           || coalesce({name_key_sql('g.recipient_org_name')}, ''),
       any_value(g.recipient_org_name), {name_key_sql('any_value(g.recipient_org_name)')},
       null, null, upper(g.recipient_org_id)
from staging.grants g where g.recipient_org_id is not null or g.recipient_org_name is not null
group by all
"""

# Every identifier a payee answers to, and where it was found.
PAYEE_IDS_SQL = f"""
create or replace temp table _payee_ids as
select source, payee_key, unnest({charity_aliases_sql('charity_number')}) as alias,
       'charity number in the spend file' as via
from _payees where charity_number is not null
union all
select source, payee_key, 'GB-COH-' || company_number, 'company number in the spend file'
from _payees where company_number is not null
union all
select source, payee_key, org_id,
       case source when '{SPEND}' then 'org id in the spend file'
                   when '{PARTNER}' then 'org id in the partners register'
                   else 'recipient org id in a 360Giving grant' end
from _payees where org_id is not null
union all
select p.source, p.payee_key, pt.org_id, 'org id of the partner of this name'
from _payees p join staging.partners pt on {name_key_sql('pt.name')} = p.name_key
where p.source = '{SPEND}' and pt.role <> 'council'
union all
select p.source, p.payee_key, upper(g.recipient_org_id),
       'org id of the 360Giving grant recipient of this name'
from _payees p join staging.grants g on {name_key_sql('g.recipient_org_name')} = p.name_key
where p.source = '{SPEND}' and g.recipient_org_id is not null
"""

CANDIDATES_SQL = """
create or replace temp table _candidates as
select distinct x.source, x.payee_key, i.rid, 1 as rank, 'identifier' as method, x.via,
       100.0 as score
from _payee_ids x join marts.register_identifiers i on i.alias = x.alias
union all
select p.source, p.payee_key, o.rid, 2, 'name', null, 100.0
from _payees p join marts.register_organisations o on o.name_key = p.name_key
"""


def _priority_sql(register: str) -> str:
    whens = " ".join(f"when '{d}' then {n}" for d, n in PRIORITY.items())
    return f"(case {register} {whens} else 99 end)"


def _register_name_sql(register: str) -> str:
    whens = " ".join(f"when '{d}' then {literal(n)}" for d, n in NAMES.items())
    return f"(case {register} {whens} end)"


MATCHES_SQL = f"""
create or replace table marts.organisation_matches as
with ranked as (
    select c.source, c.payee_key, c.rank, c.method, c.via, c.score, o.*,
           row_number() over (
               partition by c.source, c.payee_key
               order by o.active desc, c.rank, o.verdict = 'undetermined',
                        {_priority_sql('o.register')}, c.score desc, o.identifier,
                        c.via) as n
    from _candidates c join marts.register_organisations o using (rid)
),
ties as (
    -- organisations, not rows: a charitable company is in a charity register and at Companies
    -- House under one company number
    select c.source, c.payee_key, c.rank,
           count(distinct coalesce('GB-COH-' || o.company_number, o.org_id)) as candidates
    from _candidates c join marts.register_organisations o using (rid) group by all
)
select p.source, p.payee_key, p.name, p.name_key, r.rid, r.register,
       {_register_name_sql('r.register')} as register_name, r.identifier,
       r.org_id as register_org_id, r.name as matched_name, r.legal_form, r.verdict, r.active,
       r.status, r.removed_on, r.register_date, r.method, r.via, r.score, t.candidates
from _payees p
left join ranked r on r.source = p.source and r.payee_key = p.payee_key and r.n = 1
left join ties t on t.source = r.source and t.payee_key = r.payee_key and t.rank = r.rank
"""


def match_organisations(con: duckdb.DuckDBPyConnection, threshold: float = THRESHOLD) -> dict:
    """Rebuild marts.organisation_matches (and the register marts, if a register was loaded
    since). Returns what was matched, by source and method."""
    registers = build_register_organisations(con)
    with_payee_key(con).execute(PAYEES_SQL)
    con.execute(PAYEE_IDS_SQL)
    con.execute(CANDIDATES_SQL)
    unmatched = [k for (k,) in con.execute(
        "select distinct name_key from _payees p where name_key is not null and not exists "
        "(select 1 from _candidates c where c.source = p.source and "
        "c.payee_key = p.payee_key)").fetchall()]
    fuzzy = fuzzy_matches(con, unmatched, register_versions(con), threshold)
    if not fuzzy.empty:
        con.register("_fuzzy", fuzzy)
        con.execute("insert into _candidates select p.source, p.payee_key, f.rid, 3, "
                    "'similar name', null, f.score from _payees p join _fuzzy f using (name_key)"
                    " where not exists (select 1 from _candidates c where c.source = p.source "
                    "and c.payee_key = p.payee_key)")
        con.unregister("_fuzzy")
    con.execute(MATCHES_SQL)
    for table in ("_payees", "_payee_ids", "_candidates"):
        con.execute(f"drop table if exists {table}")
    return {"registers": registers, "matched": records(con, """
        select source, coalesce(method, 'not matched') as method, count(*) as payees
        from marts.organisation_matches group by all order by all""")}
