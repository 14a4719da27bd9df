"""Receiving the reference datasets (registers, catalogues, price index, evidence,
self-assessments, grants) and loading each through its asset in the `ingest_reference` job.

A reference dataset is not partitioned by period: each file replaces its scope as a whole. The
scope is decided at the door: `all` for a register, the framework edition for a measure
catalogue, the funder (or the file's stem) for grants, the part (or `whole`) for Companies House
data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from basics.files import FileRefused
from basics.settings import configure_environment
from loading.contract import UNSCOPED
from loading.datasets import Scoper
from pipelines.intake.common import Received, collect, record_refusal
from pipelines.launch import run_job
from sources.datasets import reference_datasets
from sources.landing import land


@dataclass(frozen=True)
class Reference:
    """A reference dataset: the staging table its asset fills, and how a file's scope is found
    (reading the file enough to refuse it at the door if it cannot be loaded)."""

    asset_key: tuple[str, ...]
    scope_of: Scoper


# dataset -> its asset and scoper, as declared (sources/datasets.py)
REFERENCE = {d.name: Reference(d.asset_key, d.scope_of) for d in reference_datasets()}


def receive_reference(dataset: str, path: Path) -> Received:
    """Archive one file of a reference dataset under its scope."""
    p = configure_environment()
    try:
        if not path.is_file():
            raise FileRefused(f"{path}: no such file")
        scope = REFERENCE[dataset].scope_of(path, p.tmp)
    except FileRefused as err:
        return Received(path, refusal=record_refusal(dataset, None, path, str(err)))
    return Received(path, landed=land(dataset, scope, path, [UNSCOPED], None))


def load_reference(dataset: str, received: list[Received], verbose: bool = False) -> list[dict]:
    """Run the dataset's asset (the newest file of each of its scopes); one summary per file."""
    return load_references({dataset: received}, verbose)


def load_references(received: dict[str, list[Received]], verbose: bool = False) -> list[dict]:
    """Load several reference datasets in one `ingest_reference` run (each asset after the ones
    it is checked against); one summary per file, in the order given."""
    import dagster as dg

    wanted = [dg.AssetKey(list(REFERENCE[d].asset_key)) for d, files in received.items()
              if any(r.landed for r in files)]
    outcomes = [run_job("ingest_reference", verbose=verbose, asset_selection=wanted)] \
        if wanted else []
    return collect([r for files in received.values() for r in files], outcomes)
