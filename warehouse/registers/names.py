"""Organisation names reduced to a key for matching, the one place this is decided.

Councils, registers and funders write the same organisation many ways: `THE BRITISH RED CROSS
SOCIETY`, `British Red Cross Society`; `St Mungo's`, `ST MUNGOS`; `Change, Grow, Live Ltd`,
`Change Grow Live Limited`. The key is the name in lower case, with apostrophes dropped inside
words, `&` and `+` read as "and", every other punctuation mark as a space, a leading "the" and a
trailing "limited" / "ltd" taken off, and spaces collapsed. It is computed in DuckDB, where the
registers are (millions of names), and compared exactly there; only names left unmatched go on
to the fuzzy comparison, which compares these same keys.
"""

from __future__ import annotations

from basics.duck import literal

# Apostrophes of every kind (straight, typographic, backtick, prime) are dropped, not spaced, so
# "St Mungo's" and "St Mungos" meet.
APOSTROPHES = "'’‘`´′"
# Four characters of the key: the block a fuzzy comparison stays within (see warehouse/registers
# /fuzzy.py): the cost of comparing each payee with millions of names is avoided.
PREFIX = 4


def name_key_sql(expr: str) -> str:
    """SQL: the matching key of the name `expr` (NULL for a blank or all-punctuation name)."""
    text = f"lower(strip_accents({expr}))"
    text = f"regexp_replace({text}, {literal('[' + APOSTROPHES + ']')}, '', 'g')"
    text = f"regexp_replace({text}, '[&+]', ' and ', 'g')"
    text = f"regexp_replace({text}, '[^a-z0-9]+', ' ', 'g')"
    text = f"trim({text})"
    text = f"regexp_replace({text}, '^the ', '')"
    text = f"regexp_replace({text}, ' (limited|ltd)$', '')"
    return f"nullif(trim({text}), '')"


def prefix_sql(key: str) -> str:
    """SQL: the block of a name key (its first characters)."""
    return f"left({key}, {PREFIX})"
