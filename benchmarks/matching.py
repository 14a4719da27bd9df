"""How long matching payees to the registers takes at a real register's size.

Writes a synthetic Companies House basic data file (the published header, `--companies` rows,
default five million: about the live register's size) and a synthetic charity register extract
(`--charities` rows), loads both through the same path as `socialvalue ingest` (read, validate,
quarantine, write with lineage; no Dagster run), then loads one council-month of spend whose
`--payees` distinct payee names (default 3,000: a large council's month) are a third copies of
register names written differently (case, punctuation, Ltd for LIMITED), a third register names
with a typing slip, and a third on no register, and times each stage of matching them:

    python -m benchmarks.matching [--companies 5000000] [--charities 400000] [--payees 3000]

It prints the seconds each stage took, the peak memory of the process, and how many payees each
method matched (identifier, name, similar name), with the share of the deliberate typing slips
the fuzzy step found. Everything is written in a temporary data folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

SYLLABLES = ["ka", "lo", "mer", "tin", "bar", "ro", "vel", "den", "sha", "pol", "ter", "quin",
             "ash", "bel", "cor", "dra", "fen", "gil", "hol", "jor", "kel", "lin", "mor", "nor",
             "pen", "ris", "sal", "tor", "ul", "vin", "wil", "yar", "zen", "bro", "cla", "dun"]
WORDS = ["SERVICES", "SOLUTIONS", "PROPERTY", "CONSULTING", "HOLDINGS", "TRADING", "GROUP",
         "DEVELOPMENTS", "MANAGEMENT", "INVESTMENTS", "CONSTRUCTION", "TECHNOLOGIES", "CARE",
         "HOMES", "LOGISTICS", "DESIGN", "MEDIA", "ENGINEERING", "CATERING", "CLEANING",
         "COMMUNITY", "FOUNDATION", "TRUST", "ASSOCIATION", "PROJECT", "CENTRE"]
CATEGORIES = [("Private Limited Company", 88), ("PRI/LTD BY GUAR/NSC (Private, limited by "
              "guarantee, no share capital)", 5), ("Community Interest Company", 2),
              ("Limited Liability Partnership", 3), ("Public Limited Company", 1),
              ("Registered Society", 1)]


def _name_sql(i: str, salt: int) -> str:
    """SQL: a synthetic organisation name for row `i`: two invented words and a common one."""
    n = len(SYLLABLES)
    syl = f"{SYLLABLES}"
    parts = [f"{syl}[(hash({i} * 7 + {salt + k}) % {n})::int + 1]" for k in range(5)]
    word = f"{WORDS}[(hash({i} * 13 + {salt}) % {len(WORDS)})::int + 1]"
    return (f"upper({parts[0]} || {parts[1]} || {parts[2]}) || ' ' || upper({parts[3]} || "
            f"{parts[4]}) || ' ' || {word}")


def write_companies(path: Path, rows: int) -> None:
    header = ["CompanyName", " CompanyNumber", "RegAddress.CareOf", "RegAddress.POBox",
              "RegAddress.AddressLine1", " RegAddress.AddressLine2", "RegAddress.PostTown",
              "RegAddress.County", "RegAddress.Country", "RegAddress.PostCode",
              "CompanyCategory", "CompanyStatus", "CountryOfOrigin", "DissolutionDate",
              "IncorporationDate"]  # as published, the spaces before two names kept
    total = sum(w for _, w in CATEGORIES)
    cases, edge = [], 0
    for category, weight in CATEGORIES:
        edge += weight
        cases.append(f"when hash(i * 3) % {total} < {edge} then '{category}'")
    columns = [
        f"{_name_sql('i', 0)} || ' LIMITED'", "lpad(i::varchar, 8, '0')", "''", "''",
        "(i % 300)::varchar || ' HIGH STREET'", "''", "'TOWN'", "''", "'ENGLAND'",
        "'AB1 2CD'", f"case {' '.join(cases)} end", "'Active'", "'United Kingdom'", "''",
        "strftime(date '1990-01-01' + (i % 12000)::int, '%d/%m/%Y')"]
    select = ", ".join(f"{c} as \"{h}\"" for c, h in zip(columns, header, strict=True))
    duckdb.sql(f"copy (select {select} from range(1, {rows} + 1) t(i)) to '{path}' "
               "(header, force_quote *)")


def write_charities(path: Path, rows: int) -> None:
    header = ["date_of_extract", "organisation_number", "registered_charity_number",
              "linked_charity_number", "charity_name", "charity_type",
              "charity_registration_status", "date_of_registration", "date_of_removal",
              "charity_company_registration_number"]
    columns = ["'2026-11-30 00:00:00'", "i::varchar", "(200000 + i)::varchar", "'0'",
               f"{_name_sql('i', 100)}", "'Trust'",
               "case when i % 3 = 0 then 'Removed' else 'Registered' end",
               "'2000-01-01 00:00:00'",
               "case when i % 3 = 0 then '2020-01-01 00:00:00' else '' end", "''"]
    select = ", ".join(f"{c} as \"{h}\"" for c, h in zip(columns, header, strict=True))
    duckdb.sql(f"copy (select {select} from range(1, {rows} + 1) t(i)) to '{path}' "
               "(header, delimiter '\t', quote '')")


def payee_names(path: Path, payees: int) -> tuple[list[str], set[str]]:
    """Payee names as a council writes them, and the ones carrying a deliberate typing slip."""
    third = payees // 3
    con = duckdb.connect()
    names = [r[0] for r in con.execute(
        f"select CompanyName from read_csv('{path}', all_varchar=true) "
        f"using sample reservoir({2 * third} rows) repeatable (7)").fetchall()]
    copies = [n.title().replace(" Limited", " Ltd") for n in names[:third]]
    slips = []
    for n in names[third:]:
        words = n.title().split()
        first = words[0]
        # drop one letter of the first word after its fourth: a slip a person makes
        words[0] = first[:5] + first[6:] if len(first) > 6 else first + "e"
        slips.append(" ".join(words))
    strangers = [f"Unmatched Supplier {i:05d} Ltd" for i in range(payees - 2 * third)]
    return copies + slips + strangers, set(slips)


def write_spend(path: Path, names: list[str]) -> None:
    lines = ["Payment Date,Transaction Number,Supplier Name,Net Amount"]
    for i, name in enumerate(names):
        for j in range(3):
            lines.append(f'{2 + j:02d}/04/2024,{100000 + 3 * i + j},"{name}",{500 + i}.00')
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


class _Timings(dict):
    """Stage timings, each also said on stderr as it ends (a five-million-row run is long)."""

    def __setitem__(self, key, value):
        print(f"{key}: {value:.1f} s", file=sys.stderr, flush=True)
        super().__setitem__(key, value)


def run(companies: int, charities: int, payees: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="socialvalue-matching-"))
    os.environ["SOCIALVALUE_HOME"] = str(folder / "home")
    from basics.duck import records
    from basics.settings import configure_environment
    from sources.registers import REGISTERS
    from sources.registers.companies import part_scope
    from sources.spend.profiles import get_profile
    from sources.spend.reader import spend_reader
    from sources.tabular import table_reader
    from warehouse.connection import writer
    from warehouse.ingest import ingest_file
    from warehouse.registers.organisations import build_register_organisations
    from warehouse.spend_marts import build_councils, build_spend_classified

    home = configure_environment()
    timings: dict[str, float] = _Timings()
    out: dict = {"companies": companies, "charities": charities, "payees": payees}
    try:
        started = time.perf_counter()
        ch = folder / "BasicCompanyData-2026-11-01.csv"
        write_companies(ch, companies)
        cc = folder / "publicextract.charity.txt"
        write_charities(cc, charities)
        timings["write synthetic registers"] = time.perf_counter() - started
        out["companies_file_mb"] = round(ch.stat().st_size / 1e6)
        names, slips = payee_names(ch, payees)
        spend = folder / "oldham-spend-2024-04.csv"
        write_spend(spend, names)
        with writer(home.warehouse) as con:
            for dataset, path in (("companies", ch), ("charities_ew", cc)):
                started = time.perf_counter()
                summary = ingest_file(con, dataset, path,
                                      table_reader(REGISTERS[dataset], home.tmp),
                                      part_scope(path) if dataset == "companies" else None)
                timings[f"load {dataset} ({summary.rows_loaded:,} rows)"] = \
                    time.perf_counter() - started
            ingest_file(con, "spend", spend, spend_reader(get_profile("oldham"), home.tmp),
                        scope="oldham")
            build_councils(con, [get_profile("oldham")])
            started = time.perf_counter()
            build_register_organisations(con)
            timings["register organisations (after a register load)"] = \
                time.perf_counter() - started
            started = time.perf_counter()
            build_spend_classified(con)
            timings[f"match {payees:,} payees and classify spend"] = time.perf_counter() - started
            started = time.perf_counter()
            build_spend_classified(con)
            timings["the same again (registers unchanged)"] = time.perf_counter() - started
            methods = records(con, "select coalesce(method, 'not matched') method, count(*) n "
                                   "from marts.organisation_matches group by 1 order by 1")
            found = records(con, "select name from marts.organisation_matches "
                                 "where method = 'similar name'")
        out["matched"] = {m["method"]: m["n"] for m in methods}
        out["typing_slips_found"] = f"{len({f['name'] for f in found} & slips)} of {len(slips)}"
        out["seconds"] = {k: round(v, 2) for k, v in timings.items()}
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=5_000_000)
    parser.add_argument("--charities", type=int, default=400_000)
    parser.add_argument("--payees", type=int, default=3_000)
    args = parser.parse_args()
    print(json.dumps(run(args.companies, args.charities, args.payees), indent=2))


if __name__ == "__main__":
    main()
