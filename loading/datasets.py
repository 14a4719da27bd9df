"""A dataset, declared once: everything the pipeline, the drop folders and the command line need
to know about one kind of file the warehouse holds.

A declaration names the dataset, the `socialvalue ingest` verb and the drop folder its files
come through, where its rows go in staging (the `Target`: table, scope and amount columns), how
its files are read, how a file's scope is found before it is received, how it is partitioned,
what its data is (the asset's description), what its command says, and the rules its loaded rows
must keep. The Dagster asset and its checks, the drop folder, the sensor's run requests and the
`ingest` command are all made from it (sources/datasets.py lists the declarations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loading.contract import Reader, Target

# How a dataset's loads are partitioned: by council and month (spend), by partnership and
# financial-year quarter (outcome returns), or each scope whole (registers and the rest, where a
# file replaces its scope: the register, a framework edition, a funder).
COUNCIL_MONTH = "council-month"
PARTNERSHIP_QUARTER = "partnership-quarter"
WHOLE_SCOPE = "whole-scope"

ReaderFor = Callable[[Path], Reader]
"""A dataset's reader, given the scratch folder it may spill to."""

Scoper = Callable[[Path, Path], str]
"""The scope a file is of (its path, a scratch folder), found before it is received: reading it
just enough to refuse it at the door (`FileRefused`) if it cannot be loaded."""


@dataclass(frozen=True)
class Integrity:
    """A rule over a staging table that must hold after loading: `sql` counts the rows that break
    it (zero means it holds)."""

    name: str
    meaning: str
    sql: str


@dataclass(frozen=True)
class Dataset:
    """One dataset: its names, where its rows go, how its files are read, and what it says."""

    name: str
    verb: str
    target: Target
    description: str
    help: str
    # The help of the generated command's files argument (spend and outcome returns have
    # commands of their own, with options of their own).
    files_help: str = ""
    reader: ReaderFor | None = None
    scope_of: Scoper | None = None
    partitioned: str = WHOLE_SCOPE
    # What one scope is called in the checks' metadata (council, funder, part of the register).
    scope_name: str = "file"
    # Under inbox/; the verb when not given.
    inbox: str | None = None
    # Datasets loaded before this one in a run, because its checks read them (partners after
    # partnerships: a partner must belong to a partnership the register lists).
    after: tuple[str, ...] = ()
    integrity: tuple[Integrity, ...] = ()

    def __post_init__(self) -> None:
        if self.target.dataset != self.name:
            raise ValueError(f"dataset {self.name!r}: its target loads {self.target.dataset!r}")
        if self.partitioned == WHOLE_SCOPE and (self.reader is None or self.scope_of is None):
            raise ValueError(f"dataset {self.name!r}: a whole-scope dataset needs a reader and "
                             "a scoper")

    @property
    def folder(self) -> str:
        """The drop folder under inbox/ its files are put in."""
        return self.inbox or self.verb

    @property
    def asset_key(self) -> tuple[str, ...]:
        """The Dagster asset its loads materialise: the staging table's schema and name."""
        return tuple(self.target.table.split("."))
