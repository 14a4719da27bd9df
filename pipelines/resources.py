"""The one resource every asset shares: the DuckDB warehouse in the data folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from basics.settings import Paths, paths, shared_mode
from warehouse import connection
from warehouse.lake import Lake


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse under SOCIALVALUE_HOME, opened one writer at a time."""

    def paths(self) -> Paths:
        return paths().create()

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connection.writer(self.paths().warehouse) as con:
            if shared_mode():
                # The shared deployment: council spend is loaded into the shared warehouse;
                # the file keeps an up-to-date copy of it for the marts built here.
                Lake.from_environment(self.paths().home).replicate(con)
            yield con

    @contextmanager
    def read_only(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connection.read_only(self.paths().warehouse) as con:
            yield con
