"""What a dataset's reader hands the warehouse, and what the warehouse says back.

A reader (`Reader`) takes a connection, a received file and its scope (a council, a partnership,
or none), reads the file into DuckDB and returns `Prepared`: the typed rows, the rows as landed,
where they go in staging (`Target`), the schema and rules to validate them with, and the periods
they cover. The warehouse loads them with their `Lineage` and answers with a `LoadSummary`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pandera.pandas as pa

from schemas.rules import Rule

UNSCOPED = "all"


FAILURE_LIST = 'struct("column" varchar, rule varchar, message varchar, raw_value varchar)[]'



@dataclass(frozen=True)
class Target:
    """Where a dataset's typed rows go in staging, and how its partitions are named there."""

    dataset: str
    table: str
    columns: list[str]
    scope_column: str | None = None
    period_column: str | None = None
    amount_column: str | None = None
    constants: dict[str, str] = field(default_factory=dict)
    # Where the rows are stored when `table` is a view that adds what every row of a load shares
    # (scope, file name, hash, time) from meta.loads: the stored rows carry only source_row and
    # load_id as lineage, and the scope is the load's.
    lines_table: str | None = None

    @property
    def stored_in(self) -> str:
        return self.lines_table or self.table



@dataclass(frozen=True)
class Lineage:
    """Which file a load came from and which run made it."""

    source_path: Path
    file_hash: str
    file_bytes: int
    load_id: str
    started_at: dt.datetime
    dagster_run_id: str | None = None



@dataclass
class LoadSummary:
    """What happened to one file: counts and amounts that reconcile, and where each row went."""

    path: str
    dataset: str
    scope: str | None
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    amount_read: Decimal | None = None
    amount_loaded: Decimal | None = None
    amount_quarantined: Decimal | None = None
    load_id: str | None = None
    periods: list[str] = field(default_factory=list)
    period_label: str | None = None
    message: str | None = None
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    detected: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("amount_read", "amount_loaded", "amount_quarantined"):
            data[key] = None if data[key] is None else f"{data[key]:.2f}"
        return data


@dataclass
class Prepared:
    """A file read into DuckDB and ready to validate: what a dataset's reader hands back."""

    typed: str
    landed: str
    target: Target
    schema: pa.DataFrameSchema
    rules: dict[str, Rule]
    periods: list[str]
    period_label: str | None
    detected: dict = field(default_factory=dict)



Reader = Callable[[duckdb.DuckDBPyConnection, Path, str], Prepared]
