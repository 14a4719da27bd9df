"""Checks on council spend: reconciled, mostly clean, complete and on time."""

import dagster as dg

from pipelines.assets.spend import COUNCIL_SPEND
from pipelines.resources import Warehouse
from socialvalue.settings import check_thresholds
from warehouse.duck import records
from warehouse.health import quarantine_rates, reconciliation, refused_files


@dg.asset_check(asset=COUNCIL_SPEND, blocking=True, description=(
    "Every current load reconciles: rows read = rows loaded + rows quarantined, the rows stored "
    "now match what the load recorded, and amounts read = loaded + quarantined to the penny."))
def spend_reconciles(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.reader() as con:
        loads = reconciliation(con, "spend")
    broken = [f"{r['scope']} {r['file_name']}" for r in loads if not r["reconciles"]]
    return dg.AssetCheckResult(passed=not broken, metadata={
        "loads_checked": len(loads), "loads_not_reconciling": dg.MetadataValue.json(broken)})


@dg.asset_check(asset=COUNCIL_SPEND, blocking=True, description=(
    "The share of spend rows quarantined per council stays under the thresholds in "
    "config/checks.yaml (default: warn above 2%, stop publishing above 10%)."))
def spend_quarantine_rate(warehouse: Warehouse) -> dg.AssetCheckResult:
    limits = check_thresholds()
    with warehouse.reader() as con:
        rates = quarantine_rates(con, "spend")
    worst = max((r["rate"] for r in rates), default=0.0)
    severity = dg.AssetCheckSeverity.ERROR if worst > limits["error"] else \
        dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        passed=worst <= limits["warn"], severity=severity,
        metadata={"worst_rate_pct": round(100 * worst, 2), "thresholds": limits,
                  "by_council": dg.MetadataValue.json(
                      {r["scope"]: {"rows_read": r["rows_read"],
                                    "rows_quarantined": r["rows_quarantined"],
                                    "reasons": dict(r["reasons"] or {})} for r in rates})})


@dg.asset_check(asset=COUNCIL_SPEND, description=(
    "No spend file is left refused: each refused file has since been replaced by one that "
    "loaded. A refused file's report is in the refused/ folder and on the data quality page."))
def spend_files_accepted(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.reader() as con:
        refused = refused_files(con, "spend")
    return dg.AssetCheckResult(
        passed=not refused, severity=dg.AssetCheckSeverity.WARN,
        metadata={"refused": dg.MetadataValue.json(
            [{"council": r["scope"], "file": r["file_name"], "reason": r["message"]}
             for r in refused])})


@dg.asset_check(asset=COUNCIL_SPEND, blocking=True, description=(
    "The loaded spend lines still meet the spend schema: a payment date no later than the load, "
    "a non-zero amount, and a beneficiary unless redacted (redacted lines keep no name)."))
def spend_schema_valid(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.reader() as con:
        broken = records(con, """
            select count(*) filter (where payment_date > loaded_at::date) as future_dates,
                   count(*) filter (where amount = 0) as zero_amounts,
                   count(*) filter (where beneficiary is null and not is_redacted)
                       as unnamed_beneficiaries,
                   count(*) filter (where is_redacted and beneficiary is not null)
                       as redacted_with_names
            from staging.council_spend""")[0]
    return dg.AssetCheckResult(passed=not any(broken.values()), metadata=broken)
