"""Organisation names reduced to a key for matching: the rule is the `name_key` macro
(warehouse/sql/marts/_names.sql), the one place it is decided.

The key is computed in DuckDB, where the registers are (millions of names), and compared exactly
there; only names left unmatched go on to the fuzzy comparison, which compares these same keys.
"""

from __future__ import annotations

# Four characters of the key: the block a fuzzy comparison stays within (see warehouse/registers
# /fuzzy.py): the cost of comparing each payee with millions of names is avoided.
PREFIX = 4


def name_key_sql(expr: str) -> str:
    """SQL: the matching key of the name `expr` (NULL for a blank or all-punctuation name). The
    connection needs the marts' macros (`warehouse.marts.with_macros`)."""
    return f"name_key({expr})"


def prefix_sql(key: str) -> str:
    """SQL: the block of a name key (its first characters)."""
    return f"left({key}, {PREFIX})"
