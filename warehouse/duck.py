"""Small helpers for writing DuckDB SQL from Python safely.

DuckDB 2.0 results stream and hold their connection until read to the end, so every query here is
read to completion before the connection is used again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string literal (for table-function arguments, which take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None) -> Any:
    """The single value a query returns."""
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def records(con: duckdb.DuckDBPyConnection, sql: str,
            params: Sequence | None = None) -> list[dict[str, Any]]:
    """A query's rows as dictionaries keyed by column name."""
    result = con.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def trimmed(column: str) -> str:
    """SQL for `trim(column)` that copies only the text that needs it: trim() copies every value,
    several CPU-seconds a column on a file of millions of lines, and most cells have nothing to
    trim. trim() removes Unicode space separators (category Zs), of which only ' ' is ASCII, so
    text that is all ASCII and neither starts nor ends with ' ' is left as it is."""
    return (f"(case when starts_with({column}, ' ') or ends_with({column}, ' ') "
            f"or strlen({column}) <> length({column}) then trim({column}) else {column} end)")
