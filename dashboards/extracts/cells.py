"""How one table's cells read in a spreadsheet (CSV or XLSX): hidden counts as `c`, text made
inert against formula injection, empty for a missing value."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from dashboards.extracts.dictionary import Table
from dashboards.extracts.safety import neutralise
from dashboards.suppression import SYMBOL


def spreadsheet_rows(frame: pd.DataFrame, table: Table) -> list[list]:
    """The table's rows as Python values for a spreadsheet: int, float, bool, date, str, the
    symbol `c` for a hidden cell, None for a missing one."""
    text = [c.name for c in table.columns if c.type == "string"]
    safe = neutralise(frame, text)
    hidden = {c.name: safe[c.hidden_by].fillna(False).astype(bool).tolist()
              for c in table.columns if c.hidden_by}
    columns = [(c, safe[c.name].tolist()) for c in table.columns]
    rows = []
    for i in range(len(safe)):
        rows.append([SYMBOL if c.name in hidden and hidden[c.name][i] else _value(values[i],
                                                                                 c.type)
                     for c, values in columns])
    return rows


def _value(value, type_: str):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type_ == "integer":
        return int(value)
    if type_ == "number":
        return float(value)
    if type_ == "boolean":
        return bool(value)
    if type_ == "datetime":
        return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    if type_ == "date":
        return value if isinstance(value, dt.date) else pd.Timestamp(value).date()
    return str(value)
