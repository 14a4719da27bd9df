"""Running a Pandera schema over rows held in DuckDB, in batches, keeping every failure's reason.

The rows stream out of DuckDB as Arrow batches of the columns the schema reads, so memory stays
bounded however large the file. Failures that point at a row become quarantine reasons; failures
that do not (a missing column, a wrong type) mean the batch as a whole is unusable and are raised.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pandera.pandas as pa

from schemas.rules import Rule
from sources.files import FileRefused
from sources.progress import report
from warehouse.duck import ident

BATCH_ROWS = 250_000
FAILURE_COLUMNS = ["source_row", "column", "rule", "message", "raw_value"]


class SchemaRefused(FileRefused):
    """The rows as a whole do not fit the schema (not a problem of particular rows)."""


def validate_table(con: duckdb.DuckDBPyConnection, table: str, schema: pa.DataFrameSchema,
                   rules: dict[str, Rule], label: str = "validating") -> pd.DataFrame:
    """Every rule failure of every row of `table`: source_row, column, rule, message, raw_value."""
    wanted = _columns_to_read(schema, rules)
    types = dict(con.execute(f"select column_name, column_type from (describe {ident(table)})"
                             ).fetchall())
    missing = [c for c in wanted if c not in types]
    if missing:
        raise SchemaRefused(f"{schema.name}: columns {missing} are missing")
    projection = ", ".join(_as_pandas_type(c, types[c]) for c in wanted)
    total = con.execute(f"select count(*) from {ident(table)}").fetchall()[0][0] or 1
    failures, done = [], 0
    reader = con.sql(f"select {projection} from {ident(table)}").to_arrow_reader(BATCH_ROWS)
    for batch in reader:
        frame = batch.to_pandas()
        failures.append(_failures(frame, schema, rules))
        done += len(frame)
        report(label, done / total)
    found = [f for f in failures if not f.empty]
    if not found:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    return pd.concat(found, ignore_index=True)


def _failures(frame: pd.DataFrame, schema: pa.DataFrameSchema, rules: dict[str, Rule]
              ) -> pd.DataFrame:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    whole = cases[cases["index"].isna()]
    if not whole.empty:
        reasons = "; ".join(sorted({f"{r.column}: {r.check}" for r in whole.itertuples()}))
        raise SchemaRefused(f"{schema.name}: {reasons}")
    unknown = set(cases["check"]) - set(rules)
    if unknown:
        raise SchemaRefused(f"{schema.name}: rows fail checks without a rule: {sorted(unknown)}")
    # A check over several columns reports each column of a failing row: one reason per row.
    cases = cases.drop_duplicates(subset=["index", "check"])
    # Look the failing rows up by position, a column at a time: a lookup per failure costs
    # seconds on a large file with a few percent of bad rows.
    positions = frame.index.get_indexer(cases["index"].astype(int))
    checks = cases["check"].tolist()
    raw: list[str | None] = [None] * len(checks)
    for name in dict.fromkeys(checks):
        column = rules[name].raw_column
        if column in frame.columns:
            hits = [i for i, check in enumerate(checks) if check == name]
            for i, value in zip(hits, frame[column].take(positions[hits]), strict=True):
                raw[i] = None if pd.isna(value) else str(value)
    source_rows = frame["source_row"].to_numpy()[positions]
    return pd.DataFrame(
        [(int(row), rules[check].column, rules[check].name, rules[check].message, value)
         for row, check, value in zip(source_rows, checks, raw, strict=True)],
        columns=FAILURE_COLUMNS)


def _columns_to_read(schema: pa.DataFrameSchema, rules: dict[str, Rule]) -> list[str]:
    wanted = dict.fromkeys(["source_row", *schema.columns])
    for rule in rules.values():
        if rule.raw_column and rule.column in schema.columns:
            wanted[rule.raw_column] = None
    return list(wanted)


def _as_pandas_type(column: str, sql_type: str) -> str:
    """Decimals as doubles and dates as timestamps: the types pandas checks compare natively."""
    if sql_type.startswith("DECIMAL"):
        return f"{ident(column)}::double as {ident(column)}"
    if sql_type == "DATE":
        return f"{ident(column)}::timestamp as {ident(column)}"
    return ident(column)
