"""Lines a reader could not read as rows of their own (an unclosed quote, a stray cell) as
validation failures, so each is quarantined with its reason and never merged into another."""

from __future__ import annotations

import duckdb
import pandas as pd

from basics.duck import ident, scalar

LINE_RULE = "line_well_formed"



def line_faults(con: duckdb.DuckDBPyConnection, landed: str) -> pd.DataFrame:
    """The rows of landed view `landed` that the reader read on their own (see the module's
    docstring), as validation failures: source_row, column, rule, message, raw_value."""
    faults = landed + "__faults"
    exists = scalar(con, "select count(*) from information_schema.tables where "
                         "table_catalog = 'temp' and table_name = ?", [faults])
    rows = con.execute(f"select source_row, line_fault from {ident(faults)} order by 1"
                       ).fetchall() if exists else []
    return pd.DataFrame([(row, "line", LINE_RULE, fault, None) for row, fault in rows],
                        columns=["source_row", "column", "rule", "message", "raw_value"])
