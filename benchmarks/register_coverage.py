"""How much of real councils' spend a set of register files can class, and how.

Loads spend files (each named `<council>/<file>`, the council folder giving its slug) and register
files through the same path as `socialvalue ingest` (no Dagster run) into a temporary data
folder, builds the supplier classes, and prints per council the £ and share of spend matched to a
register, inferred from names, unknown and redacted, the VCSE share by basis, and the largest
payees left unknown or inferred:

    python -m benchmarks.register_coverage --spend /work/shared/real-spend/*/*.csv \\
        --register charities_ew=tests/fixtures/registers/publicextract.charity.txt ...

With only the small test fixtures as registers this says how little a fixture can class; with
the registers downloaded in full it measures the coverage a council would get.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path


def run(spend: list[Path], registers: list[tuple[str, Path]], top: int = 8,
        columns: dict[str, dict[str, str]] | None = None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="socialvalue-coverage-"))
    os.environ["SOCIALVALUE_HOME"] = str(folder / "home")
    from basics.duck import records
    from basics.settings import configure_environment
    from sources.registers import REGISTERS
    from sources.registers.companies import part_scope
    from sources.spend.profiles import CouncilProfile
    from sources.spend.reader import spend_reader
    from sources.tabular import table_reader
    from warehouse.connection import writer
    from warehouse.ingest import ingest_file
    from warehouse.registers.coverage import build_vcse_coverage
    from warehouse.spend_marts import build_councils, build_spend_classified

    home = configure_environment()
    out: dict = {"files": {}, "councils": {}}
    try:
        with writer(home.warehouse) as con:
            for dataset, path in registers:
                s = ingest_file(con, dataset, path, table_reader(REGISTERS[dataset], home.tmp),
                                part_scope(path) if dataset == "companies" else None)
                out["files"][path.name] = f"{s.status}: {s.rows_loaded} rows"
            profiles = {}
            for path in spend:
                slug = path.parent.name
                profile = profiles.setdefault(slug, CouncilProfile(
                    slug, slug.title(), columns=(columns or {}).get(slug, {})))
                s = ingest_file(con, "spend", path, spend_reader(profile, home.tmp), scope=slug)
                out["files"][f"{slug}/{path.name}"] = (
                    f"{s.status}: {s.rows_loaded} lines" + (f" ({s.message})" if s.message
                                                            else ""))
            build_councils(con, list(profiles.values()))
            build_spend_classified(con)
            for row in build_vcse_coverage(con):
                total = float(row["total_gbp"]) or 1.0
                council = out["councils"].setdefault(row["council"], {})
                council[row["financial_year"]] = {
                    "total_gbp": round(total),
                    **{f"{b}_share": round(float(row[f"{b}_gbp"]) / total, 4)
                       for b in ("matched", "inferred", "unknown", "redacted")},
                    "vcse_share": round(float(row["vcse_gbp"]) / total, 4),
                    "vcse_matched_gbp": round(float(row["vcse_matched_gbp"])),
                    "vcse_inferred_gbp": round(float(row["vcse_inferred_gbp"])),
                }
            for council in out["councils"]:
                for basis in ("matched", "inferred", "unknown"):
                    out["councils"][council][f"largest_{basis}"] = [
                        f"{r['beneficiary']} ({r['supplier_class']}): £{r['amount']:,.0f}"
                        for r in records(con, """
                            select beneficiary, any_value(supplier_class) supplier_class,
                                   sum(amount)::double amount
                            from marts.spend_classified where council = ? and class_basis = ?
                            group by 1 order by 3 desc limit ?""", [council, basis, top])]
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spend", nargs="+", type=Path, required=True)
    parser.add_argument("--register", nargs="*", default=[],
                        help="DATASET=PATH, e.g. charities_ew=publicextract.charity.txt")
    parser.add_argument("--columns", nargs="*", default=[],
                        help="COUNCIL:FIELD=HEADER, as a council profile's `columns:` would name "
                             "them, e.g. 'sheffield:date=GL Date'")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    registers = [(r.split("=", 1)[0], Path(r.split("=", 1)[1])) for r in args.register]
    columns: dict[str, dict[str, str]] = {}
    for spec in args.columns:
        council, mapping = spec.split(":", 1)
        field, header = mapping.split("=", 1)
        columns.setdefault(council, {})[field] = header
    print(json.dumps(run(args.spend, registers, args.top, columns), indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
