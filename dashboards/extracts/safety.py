"""Formula injection: text that a spreadsheet would run as a formula is made inert.

A beneficiary published by a council as `=HYPERLINK("http://...","Click")`, or a grant title
starting with `+`, `-` or `@`, becomes a live formula when a funder opens a CSV or XLSX file. Any
text cell starting with one of those characters (or a tab or carriage return, which some
spreadsheets skip before reading the rest as a formula) is written with a leading apostrophe,
the OWASP recommendation: spreadsheets show it as text, and the original is the text after the
apostrophe. Numbers are never touched (a negative amount stays a number). Parquet and JSON files
are not spreadsheets and carry the text exactly as published.
"""

from __future__ import annotations

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"


def inert(text: str) -> str:
    """The text as a spreadsheet must receive it."""
    return PREFIX + text if text.startswith(TRIGGERS) else text


def neutralise(frame: pd.DataFrame, text_columns: list[str]) -> pd.DataFrame:
    """`frame` with every text cell of `text_columns` made inert."""
    out = frame.copy()
    for column in text_columns:
        values = out[column]
        out[column] = values.map(lambda v: inert(v) if isinstance(v, str) else v,
                                 na_action="ignore").astype(values.dtype)
    return out
