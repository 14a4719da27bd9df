"""How sure each council's VCSE share is: its spend by how the supplier class was found.

`marts.vcse_coverage` has one row per council and financial year: the council's total spend (£ as
paid, credit notes netted, redacted lines included) split by `class_basis`: matched to a register
(a charity, company, mutuals or housing register, or the partners register), inferred from words
in the payee's name (or a charity number no loaded register holds), unknown (no register match
and nothing in the name), and redacted; and the spend to VCSE organisations split the same way.
`coverage` is the share of the council's spend matched to a register: it says how much of the
VCSE figure rests on registers rather than on words in names.
"""

from __future__ import annotations

import duckdb

from basics.duck import records

BASES = ("matched", "inferred", "unknown", "redacted")

COVERAGE_SQL = f"""
create or replace table marts.vcse_coverage as
with lines as (
    select council, council_org_id, amount, supplier_class, class_basis, beneficiary,
           year(payment_date - interval 3 month) as start_year
    from marts.spend_classified
)
select
    council, council_org_id,
    start_year::varchar || '-' || lpad(((start_year + 1) % 100)::varchar, 2, '0')
        as financial_year,
    count(*) as lines,
    sum(amount)::decimal(18, 2) as total_gbp,
    {", ".join(f"coalesce(sum(amount) filter (where class_basis = '{b}'), 0)::decimal(18, 2) "
               f"as {b}_gbp" for b in BASES)},
    coalesce(sum(amount) filter (where supplier_class = 'vcse'), 0)::decimal(18, 2) as vcse_gbp,
    {", ".join(f"coalesce(sum(amount) filter (where supplier_class = 'vcse' and "
               f"class_basis = '{b}'), 0)::decimal(18, 2) as vcse_{b}_gbp"
               for b in ("matched", "inferred"))},
    count(*) filter (where class_basis = 'matched') as matched_lines,
    count(distinct beneficiary) filter (where class_basis = 'matched') as matched_payees,
    count(distinct beneficiary) as payees
from lines
group by all
"""


def build_vcse_coverage(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rebuild marts.vcse_coverage; returns its rows with the shares worked out."""
    con.execute(COVERAGE_SQL)
    rows = records(con, "select * from marts.vcse_coverage order by council, financial_year")
    for r in rows:
        total = float(r["total_gbp"] or 0)
        r["coverage"] = float(r["matched_gbp"]) / total if total else None
        r["vcse_share"] = float(r["vcse_gbp"]) / total if total else None
    return rows
