"""Spend marts: who each council paid, by supplier type, locality and partnership."""

import dagster as dg

from pipelines.assets.health import councils_with_spend
from pipelines.assets.spend import COUNCIL_SPEND
from pipelines.resources import Warehouse
from sources.spend.profiles import councils as council_profiles
from warehouse.spend_marts import build_councils, build_spend_classified

PARTNERS = dg.AssetKey(["staging", "partners"])
PARTNERSHIPS = dg.AssetKey(["staging", "partnerships"])


@dg.asset(key=["marts", "councils"], group_name="spend", kinds={"duckdb"}, pool="warehouse")
def councils(warehouse: Warehouse) -> dg.MaterializeResult:
    """The councils that publish spend (those with a profile or with spend loaded), from the
    register and their profiles: name, org id, local postcode areas, publication cadence and
    deadline."""
    with warehouse.writer() as con:
        n = build_councils(con, council_profiles(councils_with_spend(con)))
    return dg.MaterializeResult(metadata={"councils": n})


@dg.asset(key=["marts", "spend_classified"], group_name="spend", kinds={"duckdb"},
          deps=[COUNCIL_SPEND, councils, PARTNERS, PARTNERSHIPS], pool="warehouse")
def spend_classified(warehouse: Warehouse) -> dg.MaterializeResult:
    """Every current spend line (exact repeats counted once) classed as VCSE, public body,
    individual/redacted or other, local or not, and matched to the partner and partnership it
    paid, each judgement with its evidence."""
    with warehouse.writer() as con:
        totals = build_spend_classified(con)
    return dg.MaterializeResult(metadata={
        "lines": sum(t["lines"] for t in totals),
        "amount_gbp": float(sum(t["amount_gbp"] for t in totals)),
        "by_council_and_class": dg.MetadataValue.md("\n".join(
            ["| council | class | lines | amount (£) |", "|---|---|---:|---:|"]
            + [f"| {t['council']} | {t['supplier_class']} | {t['lines']} | "
               f"{t['amount_gbp']:,.2f} |" for t in totals])),
    })
