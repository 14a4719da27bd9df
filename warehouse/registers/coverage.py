"""How sure each council's VCSE share is: its spend by how the supplier class was found
(`marts.vcse_coverage`, warehouse/sql/marts/vcse_coverage.sql)."""

from __future__ import annotations

import duckdb

from basics.duck import records
from warehouse.marts import run_mart


def build_vcse_coverage(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rebuild marts.vcse_coverage; returns its rows with the shares worked out: `coverage`, the
    share of the council's spend matched to a register, and `vcse_share`."""
    run_mart(con, "vcse_coverage")
    rows = records(con, "select * from marts.vcse_coverage order by council, financial_year")
    for r in rows:
        total = float(r["total_gbp"] or 0)
        r["coverage"] = float(r["matched_gbp"]) / total if total else None
        r["vcse_share"] = float(r["vcse_gbp"]) / total if total else None
    return rows
