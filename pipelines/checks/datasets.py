"""Checks on every loaded dataset: reconciled, mostly clean, still valid, and no file left refused.

The same four checks stand on each staging asset (council spend, outcome returns and every
register), built from one definition so they mean the same everywhere. Each dataset's four are
evaluated together, in one step over one read of the warehouse; the UI shows them one by one.
The build and publish jobs run the blocking ones before any mart, so bad data stops short of the
dashboards and extracts.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from basics.duck import table_exists
from basics.settings import check_thresholds
from loading.datasets import Dataset
from pipelines.resources import Warehouse
from sources.datasets import datasets
from warehouse.health import quarantine_rates, reconciliation, refused_files
from warehouse.integrity import broken_rules, rules_of

# dataset -> (asset key, what one scope of it is called in the metadata), as declared
CHECKED = {d.name: (list(d.asset_key), d.scope_name) for d in datasets()}

RECONCILES = ("Every current load reconciles: rows read = rows loaded + rows quarantined, the rows "
              "stored now match what the load recorded, and amounts read = loaded + quarantined "
              "to the penny.")
FILES_ACCEPTED = ("No file is left refused: each refused file has since been replaced by one "
                  "that loaded. A refused file's report is in the refused/ folder and on the data "
                  "quality page.")


def reconciles(con: duckdb.DuckDBPyConnection, declared: Dataset) -> dg.AssetCheckResult:
    dataset = declared.name
    loads = reconciliation(con, declared.target)
    broken = [f"{r['scope'] or 'all'} {r['file_name']}" for r in loads if not r["reconciles"]]
    return dg.AssetCheckResult(check_name=f"{dataset}_reconciles", passed=not broken, metadata={
        "loads_checked": len(loads), "loads_not_reconciling": dg.MetadataValue.json(broken)})


def quarantine_rate(con: duckdb.DuckDBPyConnection, dataset: str, scope_name: str
                    ) -> dg.AssetCheckResult:
    limits = check_thresholds()
    rates = quarantine_rates(con, dataset)
    worst = max((r["rate"] for r in rates), default=0.0)
    severity = (dg.AssetCheckSeverity.ERROR if worst > limits["error"]
                else dg.AssetCheckSeverity.WARN)
    return dg.AssetCheckResult(
        check_name=f"{dataset}_quarantine_rate", passed=worst <= limits["warn"],
        severity=severity,
        metadata={"worst_rate_pct": round(100 * worst, 2), "thresholds": limits,
                  f"by_{scope_name.replace(' ', '_')}": dg.MetadataValue.json(
                      {r["scope"]: {"rows_read": r["rows_read"],
                                    "rows_quarantined": r["rows_quarantined"],
                                    "reasons": dict(r["reasons"] or {})} for r in rates})})


def files_accepted(con: duckdb.DuckDBPyConnection, dataset: str) -> dg.AssetCheckResult:
    refused = refused_files(con, dataset)
    return dg.AssetCheckResult(
        check_name=f"{dataset}_files_accepted", passed=not refused,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"refused": dg.MetadataValue.json(
            [{"scope": r["scope"], "file": r["file_name"], "reason": r["message"]}
             for r in refused])})


def schema_valid(con: duckdb.DuckDBPyConnection, declared: Dataset) -> dg.AssetCheckResult:
    dataset = declared.name
    # Nothing is loaded (nor breaks a rule) before the first load makes the staging table.
    broken = (broken_rules(con, dataset, declared.integrity)
              if table_exists(con, declared.target.table)
              else dict.fromkeys((r.name for r in rules_of(dataset, declared.integrity)), 0))
    return dg.AssetCheckResult(check_name=f"{dataset}_schema_valid",
                               passed=not any(broken.values()), metadata=broken)


def dataset_checks(declared: Dataset) -> dg.AssetChecksDefinition:
    dataset, scope_name = declared.name, declared.scope_name
    asset = dg.AssetKey(list(declared.asset_key))
    meanings = "; ".join(f"{r.name}: {r.meaning}" for r in rules_of(dataset, declared.integrity))
    specs = [
        dg.AssetCheckSpec(f"{dataset}_reconciles", asset=asset, blocking=True,
                          description=RECONCILES),
        dg.AssetCheckSpec(f"{dataset}_quarantine_rate", asset=asset, blocking=True,
                          description=f"The share of rows quarantined per {scope_name} stays "
                          "under the thresholds in config/checks.yaml (default: warn above 2%, "
                          "stop publishing above 10%)."),
        dg.AssetCheckSpec(f"{dataset}_files_accepted", asset=asset, description=FILES_ACCEPTED),
        dg.AssetCheckSpec(f"{dataset}_schema_valid", asset=asset, blocking=True,
                          description="The rows loaded still meet the dataset's rules, alone and "
                          f"against the registers: no row with {meanings}."),
    ]

    @dg.multi_asset_check(specs=specs, name=f"{dataset}_checks")
    def _checks(warehouse: Warehouse):
        with warehouse.read_only() as con:
            results = [reconciles(con, declared), quarantine_rate(con, dataset, scope_name),
                       files_accepted(con, dataset), schema_valid(con, declared)]
        yield from results

    return _checks


checks = [dataset_checks(d) for d in datasets()]
