"""Synthetic Transparency Code spend files for the benchmarks, written by DuckDB's COPY.

Each file is one council-month in Oldham's published layout (Body Name, Service Area, Expenses
Type, Invoice Payment Date, Transaction Number, Net Amount, Supplier Name, Charity Number), named
`<council>-spend-YYYY-MM.csv` so the pipeline takes its period from the name. Amounts come in the
forms councils publish (plain, thousands commas, pound signs, credit notes as minus or brackets);
about 1 in 20 beneficiaries is redacted, 1 in 500 lines repeats the line before it exactly, and
about 1% of lines are faulty in the ways the schema quarantines:

    unreadable amount ('TBC', 'n/a', '12.50.00')          amount_readable
    impossible date ('32/05/2024', '31/02/2024', '00/..') payment_date_readable
    blank supplier that is not marked as redacted         beneficiary_named_or_redacted
    zero amount ('0.00')                                  amount_not_zero
    impossible date and zero amount together              both rules on one row

Every value is a function of the row number and the seed (DuckDB's `hash`), so the same arguments
always write the same bytes, whatever the number of threads.

    python -m benchmarks.generate OUT.csv --rows 1000000 [--month 2024-05] [--seed 1]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
from pathlib import Path

import duckdb

SERVICE_AREAS = ["Adult Care", "Children", "Highways", "Communities", "Education", "Housing",
                 "Public Health", "Waste", "Resources", "Leisure", "Planning", "Regeneration"]
EXPENSE_TYPES = ["Direct Payments", "Agency Staff", "Road Works", "Grants", "Residential Care",
                 "Home Care", "Repairs", "Consultancy", "Software", "Catering", "Transport",
                 "Electricity", "Legal Fees", "Printing", "Training", "Equipment", "Rent",
                 "Supported Living", "Taxis", "Waste Disposal"]
NAME_WORDS = ["Pennine", "Saddleworth", "Kestrel", "Northern", "Oak", "Riverside", "Heritage",
              "Summit", "Greenfield", "Moorside", "Valley", "Crown", "Phoenix", "Harbour",
              "Beacon", "Meadow", "Castle", "Unity", "Bridge", "Lantern"]
NAME_KINDS = ["Ltd", "Limited", "plc", "CIC", "Trust", "Association", "& Sons Ltd",
              "Services Ltd", "Housing Assoc", "LLP"]
REDACTED = "REDACTED PERSONAL DATA"
SUPPLIERS = len(NAME_WORDS) ** 2 * len(NAME_KINDS)


def generate(out: Path, rows: int, month: str = "2024-05", seed: int = 1,
             body: str = "Bury Council") -> Path:
    """Write `rows` spend lines of `month` to `out` (a CSV) and return its path."""
    year, number = map(int, month.split("-"))
    first = dt.date(year, number, 1)
    days = calendar.monthrange(year, number)[1]
    out.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute(f"copy ({_select(rows, first, days, seed, body)}) to '{out}' "
                    "(format csv, header true)")
    return out


def _pick(values: list[str], u: str) -> str:
    return f"{_list(values)}[1 + ({u}) % {len(values)}]"


def _list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _select(rows: int, first: dt.date, days: int, seed: int, body: str) -> str:
    def u(salt: int) -> str:
        """A number 0..999999 fixed by the line's key, the seed and `salt`."""
        return f"(hash(k, {seed}, {salt}) % 1000000)::bigint"

    mm_yyyy = f"{first:%m/%Y}"
    supplier = (f"{_pick(NAME_WORDS, 's')} || ' ' || {_pick(NAME_WORDS, 's // 20')} || ' ' || "
                f"{_pick(NAME_KINDS, 's // 400')}")
    return f"""
with keyed as (
    -- k: the line's key; 1 line in 500 repeats the line before it exactly.
    select i, case when i > 0 and hash(i, {seed}, 0) % 500 = 0 then i - 1 else i end as k
    from range({rows}) t(i)
), drawn as (
    -- s: the supplier, one of 20 x 20 x 10 names
    select i, k, {u(9)} % 10000 as fault, {u(3)} as amount_draw, {u(4)} as form,
        {u(5)} % {SUPPLIERS} as s
    from keyed
), valued as (
    select *,
        -- log-uniform from £500 to £500,000, to the penny
        round(500 * pow(1000, amount_draw / 1000000.0), 2) as value,
        {u(6)} % 100 < 3 as credit
    from drawn
)
select
    '{body}' as "Body Name",
    {_pick(SERVICE_AREAS, u(1))} as "Service Area",
    {_pick(EXPENSE_TYPES, u(2))} as "Expenses Type",
    case
        when fault between 30 and 54 or fault >= 100 and fault < 105 then
            {_pick(["32/" + mm_yyyy, "31/02/" + mm_yyyy[-4:], "00/" + mm_yyyy], u(7))}
        else lpad((1 + {u(8)} % {days})::varchar, 2, '0') || '/{mm_yyyy}'
    end as "Invoice Payment Date",
    (10000000 + k)::varchar as "Transaction Number",
    case
        when fault < 30 then {_pick(["TBC", "n/a", "12.50.00"], u(10))}
        when fault between 80 and 104 then '0.00'
        when credit and form % 2 = 0 then '-' || format('{{:.2f}}', value)
        when credit then '(' || format('{{:,.2f}}', value) || ')'
        when form % 100 < 70 then format('{{:.2f}}', value)
        when form % 100 < 88 then format('{{:,.2f}}', value)
        else '£' || format('{{:,.2f}}', value)
    end as "Net Amount",
    case
        when fault between 55 and 79 then null
        when {u(11)} % 100 < 5 then '{REDACTED}'
        else {supplier}
    end as "Supplier Name",
    case when s % 100 < 8 then (1000000 + s * 2311)::varchar end as "Charity Number"
from valued
order by i
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--month", default="2024-05")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    path = generate(args.out, args.rows, args.month, args.seed)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
