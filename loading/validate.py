"""Running a Pandera schema over rows held in DuckDB, in batches, keeping every failure's reason.

The rows stream out of DuckDB as Arrow batches of the columns the schema reads, so memory stays
bounded however large the file. Failures that point at a row become quarantine reasons; failures
that do not (a missing column, a wrong type) mean the batch as a whole is unusable and are raised.

Pandera judges every row in two parts. The schema without its checks validates each batch as a
whole (columns present, types, nullability, uniqueness), and each check, run by Pandera's own
check backend over the whole batch, names the rows it fails. That is what `schema.validate` does,
without building Pandera's report of every failure (its failure-case tables, several times over),
which cost more than the checks themselves: a few percent of bad rows in a large file made
validation several times slower than reading the rows.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pandera.pandas as pa

from basics.duck import ident
from basics.files import FileRefused
from basics.progress import report
from schemas.rules import Rule

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
    structure = _structure(schema)
    failures, done = [], 0
    reader = con.sql(f"select {projection} from {ident(table)}").to_arrow_reader(BATCH_ROWS)
    for batch in reader:
        frame = batch.to_pandas()
        failures.append(batch_failures(frame, schema, rules, structure))
        done += len(frame)
        report(label, done / total)
    found = [f for f in failures if not f.empty]
    if not found:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    return pd.concat(found, ignore_index=True)


def batch_failures(frame: pd.DataFrame, schema: pa.DataFrameSchema, rules: dict[str, Rule],
                   structure: pa.DataFrameSchema | None = None) -> pd.DataFrame:
    """The rule failures of the rows of `frame`, one per failing row and rule."""
    _refuse_unless_valid(structure if structure is not None else _structure(schema), frame)
    source_rows = frame["source_row"].to_numpy()
    out = []
    for column, check in _checks(schema):
        failing = _failing_positions(frame, schema, column, check)
        if len(failing) == 0:
            continue
        if check.name not in rules:
            raise SchemaRefused(f"{schema.name}: rows fail checks without a rule: "
                                f"{[check.name]}")
        rule = rules[check.name]
        raw: list[str | None] = [None] * len(failing)
        if rule.raw_column in frame.columns:
            raw = [None if pd.isna(v) else str(v) for v in frame[rule.raw_column].take(failing)]
        out += [(int(row), rule.column, rule.name, rule.message, value)
                for row, value in zip(source_rows[failing], raw, strict=True)]
    return pd.DataFrame(out, columns=FAILURE_COLUMNS)


def _structure(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The schema without its checks: columns, types, nullability and uniqueness only."""
    bare = schema.update_columns({name: {"checks": []} for name in schema.columns})
    bare.checks = []
    return bare


def _refuse_unless_valid(structure: pa.DataFrameSchema, frame: pd.DataFrame) -> None:
    try:
        structure.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        reasons = "; ".join(sorted({f"{r.column}: {r.check}" for r in cases.itertuples()}))
        raise SchemaRefused(f"{schema_name(structure)}: {reasons}") from None


def schema_name(schema: pa.DataFrameSchema) -> str:
    return schema.name or "schema"


def _checks(schema: pa.DataFrameSchema) -> list[tuple[str | None, pa.Check]]:
    """(column, check) for each column check, then (None, check) for each check of the table."""
    return ([(name, check) for name, column in schema.columns.items() for check in column.checks]
            + [(None, check) for check in schema.checks])


def _failing_positions(frame: pd.DataFrame, schema: pa.DataFrameSchema, column: str | None,
                       check: pa.Check):
    """Positions in `frame` of the rows that `check` fails, as Pandera's check backend finds
    them; a check that fails the batch without naming rows refuses it."""
    try:
        result = check(frame, column)
    except Exception as err:  # a check that cannot run at all: the schema does not fit
        raise SchemaRefused(f"{schema.name}: {column or 'rows'}: {check.name} could not run "
                            f"({err})") from err
    if bool(result.check_passed):
        return []
    if result.failure_cases is None:
        raise SchemaRefused(f"{schema.name}: {column or 'rows'}: {check.name}")
    return frame.index.get_indexer(result.failure_cases.index.unique())


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
