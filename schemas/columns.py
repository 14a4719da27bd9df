"""The Pandera columns the file schemas share, built from their rules."""

from __future__ import annotations

import pandera.pandas as pa

from schemas.rules import EXTRA_CELLS, Rule, absent, present


def file_schema(columns: dict[str, pa.Column], **options) -> pa.DataFrameSchema:
    """The schema of a file's typed rows: the columns every row begins with (`row_columns`), then
    the dataset's own; `options` (checks, name) as Pandera takes them."""
    return pa.DataFrameSchema({**row_columns(), **columns}, **options)


def row_columns() -> dict[str, pa.Column]:
    """The columns every file's typed rows begin with: the row's spreadsheet number (one row each)
    and its cells past the header, which refuse it."""
    return {
        "source_row": pa.Column(int, nullable=False, unique=True),
        "extra_cells": pa.Column(nullable=True, checks=[absent(EXTRA_CELLS)]),
    }


def required(rule: Rule, *checks: pa.Check) -> pa.Column:
    """A column the file must fill: blank fails `rule`; what is there must pass `checks`."""
    return pa.Column(nullable=True, checks=[present(rule), *checks])

