"""Writing a table as Parquet: typed columns (text, 64-bit integers, doubles, booleans, dates,
UTC timestamps), a hidden count as null with its `_suppressed` column true, and each column's
unit and meaning in the field metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboards.extracts.dictionary import Table, unit_text

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
               "boolean": pa.bool_(), "date": pa.date32(), "datetime": pa.timestamp("us", "UTC")}


def write_parquet(frame: pd.DataFrame, table: Table, path: Path, base_year: int | None,
                  about: dict) -> Path:
    """`about` (selection, licence, sample flag, ...) goes into the file's own metadata."""
    fields = [pa.field(c.name, ARROW_TYPES[c.type], metadata={
        "unit": unit_text(c, base_year), "description": c.meaning}) for c in table.columns]
    schema = pa.schema(fields, metadata={"socialvalue": json.dumps(
        {"table": table.name, "title": table.title, "row": table.row, **about}, default=str)})
    arrays = [pa.array(_values(frame[c.name], c.type), type=ARROW_TYPES[c.type])
              for c in table.columns]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")
    return path


def _values(series: pd.Series, type_: str) -> list:
    if type_ == "datetime":
        return [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime() for v in series]
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
            for v in series.astype("object")]
