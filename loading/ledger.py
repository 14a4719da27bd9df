"""The ledger of what is loaded: which file holds each partition of a dataset's scope now."""

from __future__ import annotations

import duckdb

from basics.duck import records
from loading.contract import UNSCOPED


def current_versions(con: duckdb.DuckDBPyConnection, dataset: str, scope: str | None,
                     periods: list[str]) -> dict[str, dict]:
    """The file currently loaded in each of the given partitions."""
    rows = records(con, "select period, file_hash, load_id from meta.partition_versions "
                        "where dataset = ? and scope = ? and list_contains(?, period)",
                   [dataset, scope or UNSCOPED, periods])
    return {r["period"]: r for r in rows}



def current_periods(con: duckdb.DuckDBPyConnection, dataset: str, scope: str | None
                    ) -> dict[str, dict]:
    """Every partition of `scope` loaded now: {period: file_name, period_label, load_id}."""
    rows = records(con, "select v.period, l.file_name, l.period_label, v.load_id "
                        "from meta.partition_versions v join meta.loads l using (load_id) "
                        "where v.dataset = ? and v.scope = ?", [dataset, scope or UNSCOPED])
    return {r["period"]: r for r in rows}
