"""Spend marts: who each council paid, by supplier type, locality and partnership."""

import dagster as dg

from basics.duck import records
from pipelines.assets.health import councils_with_spend
from pipelines.assets.spend import COUNCIL_SPEND
from pipelines.resources import Warehouse
from sources.spend.profiles import councils as council_profiles
from warehouse.registers.coverage import build_vcse_coverage
from warehouse.spend_marts import (
    build_councils,
    build_spend_classified,
    build_spend_summaries,
)

PARTNERS = dg.AssetKey(["staging", "partners"])
PARTNERSHIPS = dg.AssetKey(["staging", "partnerships"])
GRANTS = dg.AssetKey(["staging", "grants"])
REGISTERS = [dg.AssetKey(["staging", f"register_{name}"]) for name in (
    "charities_ew", "charities_scotland", "charities_ni", "companies", "mutuals",
    "housing_providers")]


@dg.asset(key=["marts", "councils"], group_name="spend", kinds={"duckdb"}, pool="warehouse")
def councils(warehouse: Warehouse) -> dg.MaterializeResult:
    """The councils that publish spend (those with a profile or with spend loaded), from the
    register and their profiles: name, org id, local postcode areas, publication cadence and
    deadline."""
    with warehouse.writer() as con:
        n = build_councils(con, council_profiles(councils_with_spend(con)))
    return dg.MaterializeResult(metadata={"councils": n})


@dg.asset(key=["marts", "spend_classified"], group_name="spend", kinds={"duckdb"},
          deps=[COUNCIL_SPEND, councils, PARTNERS, PARTNERSHIPS, GRANTS, *REGISTERS],
          pool="warehouse")
def spend_classified(warehouse: Warehouse) -> dg.MaterializeResult:
    """Every current spend line (exact repeats counted once) classed as VCSE, public body,
    individual/redacted or other, with how sure that is (matched to a register, inferred from
    the name, unknown), local or not, and matched to the partner and partnership it paid, each
    judgement with its evidence. The payees, partners and grant recipients matched to the
    registers are in marts.organisation_matches; what the site and funder extracts show of the
    spend (payees ranked by amount, spend by month, redacted payments by mark, the lead
    councils' payments to their partners, the partners' grants from other funders) in
    marts.spend_suppliers, marts.spend_by_month, marts.spend_redactions, marts.council_payments
    and marts.partnership_grants."""
    with warehouse.writer() as con:
        totals = build_spend_classified(con)
        summaries = build_spend_summaries(con)
        matched = records(con, """
            select source, coalesce(method, 'not matched') as method, count(*) as payees
            from marts.organisation_matches group by all order by all""")
        # a partner the registers class otherwise than its declared legal form: worth a look
        disagree = records(con, """
            select distinct p.org_id, p.legal_form, m.register_name, m.identifier,
                   m.legal_form as register_form
            from staging.partners p join marts.organisation_matches m
              on m.source = 'partner' and m.payee_key like 'partner|' || p.org_id || '|%'
            where m.verdict in ('vcse', 'public_body', 'other') and m.active
              and (m.verdict = 'vcse') <> p.vcse order by 1""")
    return dg.MaterializeResult(metadata={
        "lines": sum(t["lines"] for t in totals),
        "amount_gbp": float(sum(t["amount_gbp"] for t in totals)),
        "by_council_and_class": dg.MetadataValue.md("\n".join(
            ["| council | class | lines | amount (£) |", "|---|---|---:|---:|"]
            + [f"| {t['council']} | {t['supplier_class']} | {t['lines']} | "
               f"{t['amount_gbp']:,.2f} |" for t in totals])),
        "matched_to_registers": dg.MetadataValue.md("\n".join(
            ["| who | how matched | organisations |", "|---|---|---:|"]
            + [f"| {m['source']} | {m['method']} | {m['payees']} |" for m in matched])),
        "summary_rows": dg.MetadataValue.json(summaries),
        "partners_the_registers_class_otherwise": dg.MetadataValue.json([
            f"{d['org_id']} ({d['legal_form']}): {d['register_name']} {d['identifier']}, "
            f"{d['register_form']}" for d in disagree]),
    })


@dg.asset(key=["marts", "vcse_coverage"], group_name="spend", kinds={"duckdb"},
          deps=[spend_classified], pool="warehouse")
def vcse_coverage(warehouse: Warehouse) -> dg.MaterializeResult:
    """Each council's spend per financial year by how its supplier class was found: matched to
    a register, inferred from the payee's name, unknown or redacted; the spend to VCSE
    organisations split the same way; and the coverage: the share matched to a register."""
    with warehouse.writer() as con:
        rows = build_vcse_coverage(con)
    return dg.MaterializeResult(metadata={"coverage": dg.MetadataValue.md("\n".join(
        ["| council | year | VCSE share | matched to a register |", "|---|---|---:|---:|"]
        + [f"| {r['council']} | {r['financial_year']} | {r['vcse_share'] or 0:.1%} | "
           f"£{r['matched_gbp']:,.0f} of £{r['total_gbp']:,.0f} ({r['coverage'] or 0:.1%}) |"
           for r in rows]))})
