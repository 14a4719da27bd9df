"""Small helpers for writing DuckDB SQL from Python safely.

DuckDB 2.0 results stream and hold their connection until read to the end, so every query here is
read to completion before the connection is used again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when anything escapes it
    (an interrupt included), so no reader sees half of a change."""
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


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


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether `schema.table` (a table or a view) is in the database."""
    schema, name = table.split(".", 1)
    return bool(scalar(con, "select count(*) from information_schema.tables "
                            "where table_schema = ? and table_name = ?", [schema, name]))


def records(con: duckdb.DuckDBPyConnection, sql: str,
            params: Sequence | None = None) -> list[dict[str, Any]]:
    """A query's rows as dictionaries keyed by column name."""
    result = con.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


# What a cell is trimmed of, by every reader alike: ASCII whitespace and Unicode's space
# separators, the characters a spreadsheet shows as blank around a value.
CELL_SPACE = (" \t\n\r\x0b\x0c\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
              + "\u202f\u205f\u3000")
_CELL_SPACE_CLASS = r"[ \t\n\r\x{0b}\x{0c}\x{a0}\x{1680}\x{2000}-\x{200a}\x{202f}\x{205f}\x{3000}]"


def strip_cell(text: str) -> str:
    """A cell's text without the space around it (`CELL_SPACE`), as `trimmed` does in SQL."""
    return text.strip(CELL_SPACE)


def trimmed(column: str) -> str:
    """SQL for a cell without the space around it (`CELL_SPACE`), copying only the text that
    needs it: trimming copies every value, several CPU-seconds a column on a file of millions of
    lines, and most cells have nothing to trim. A value that starts below '!' (a space or a
    control character), ends with ASCII whitespace or holds non-ASCII text is trimmed; any
    other is left as it is."""
    ends = " or ".join(f"ends_with({column}, chr({ord(c)}))" for c in " \t\n\r\x0b\x0c")
    return (f"(case when {column} < '!' or {ends} or strlen({column}) <> length({column}) "
            f"then regexp_replace({column}, '^{_CELL_SPACE_CLASS}+|{_CELL_SPACE_CLASS}+$', '',"
            f" 'g') else {column} end)")
