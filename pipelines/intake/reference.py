"""Receiving the reference datasets (registers, catalogues, price index, evidence,
self-assessments, grants) and loading each through its asset in the `ingest_reference` job.

A reference dataset is not partitioned by period: each file replaces its scope as a whole. The
scope is decided at the door: `all` for a register, the framework edition for a measure
catalogue, the funder (or the file's stem) for grants, the part (or `whole`) for Companies House
data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from basics.files import FileRefused
from basics.settings import configure_environment
from loading.contract import UNSCOPED
from pipelines.intake.common import Received, collect, record_refusal
from pipelines.launch import run_job
from sources.catalogue import catalogue_scope
from sources.grants.reader import grants_scope
from sources.imperative_evidence import IMPERATIVE_EVIDENCE
from sources.inputs import INPUTS
from sources.landing import land
from sources.partners import PARTNERS
from sources.partnerships import PARTNERSHIPS
from sources.price_index import PRICE_INDEX
from sources.registers import REGISTERS
from sources.registers.companies import COMPANIES, part_scope
from sources.self_assessment import SELF_ASSESSMENT
from sources.tabular import TableDataset, read_alone

Scoper = Callable[[Path, Path], str]


@dataclass(frozen=True)
class Reference:
    """A reference dataset: the staging table its asset fills, and how a file's scope is found
    (reading the file enough to refuse it at the door if it cannot be loaded)."""

    asset_key: tuple[str, ...]
    scope_of: Scoper


def _whole(dataset: TableDataset) -> Scoper:
    def scope_of(path: Path, scratch: Path) -> str:
        with read_alone(path, dataset.columns, dataset.what, scratch):
            return UNSCOPED

    return scope_of


def _company_part(path: Path, scratch: Path) -> str:
    """Companies House data comes as one file or in numbered parts: each part is a scope."""
    with read_alone(path, COMPANIES.columns, COMPANIES.what, scratch):
        return part_scope(path)


REFERENCE = {
    "partnerships": Reference(("staging", "partnerships"), _whole(PARTNERSHIPS)),
    "partners": Reference(("staging", "partners"), _whole(PARTNERS)),
    "measure_catalogue": Reference(("staging", "measure_catalogue"), catalogue_scope),
    "price_index": Reference(("staging", "price_index"), _whole(PRICE_INDEX)),
    "imperative_evidence": Reference(("staging", "imperative_evidence"),
                                     _whole(IMPERATIVE_EVIDENCE)),
    "self_assessments": Reference(("staging", "self_assessments"), _whole(SELF_ASSESSMENT)),
    "grants": Reference(("staging", "grants"), grants_scope),
    "inputs": Reference(("staging", "inputs"), _whole(INPUTS)),
    **{dataset: Reference(("staging", f"register_{dataset}"), _whole(register))
       for dataset, register in REGISTERS.items() if dataset != "companies"},
    "companies": Reference(("staging", "register_companies"), _company_part),
}


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
