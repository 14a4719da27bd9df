"""The whole pipeline on the bundled sample data: every file received and loaded through the
Dagster jobs, in the order the checks need (registers and catalogue before the returns that are
checked against them), then the marts rebuilt and the site and extracts published.

The sample data is illustrative (`samples/README.md`): every page and extract built from
it says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from samples import DATA as SAMPLE

# (dataset, files under the sample folder), in load order.
REFERENCE_FILES = [
    ("partnerships", ["registers/partnerships.csv"]),
    ("partners", ["registers/partners.csv"]),
    ("measure_catalogue", ["catalogue/illustrative-2026.csv"]),
    ("price_index", ["catalogue/price-index.csv"]),
    ("imperative_evidence", ["evidence/imperative-evidence.csv"]),
    ("self_assessments", ["evidence/self-assessment.csv"]),
    ("grants", ["grants/illustrative-community-foundation.json",
                "grants/illustrative-trust-grants.csv"]),
    # the organisation registers, in their publishers' layouts (samples/registers.py)
    ("charities_ew", ["registers/publicextract.charity.txt"]),
    ("companies", ["registers/BasicCompanyData-2025-04-01.csv"]),
    ("mutuals", ["registers/SocietyList.csv"]),
    ("housing_providers", ["registers/registered-providers.csv"]),
]


@dataclass
class DemoReport:
    """What the demo loaded, how long each stage took, and where the results are."""

    loads: list[dict] = field(default_factory=list)
    stages: list[tuple[str, float]] = field(default_factory=list)
    publish_run_id: str | None = None
    publish_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.publish_error is None and not any(
            r["status"] in ("refused", "failed") for r in self.loads)


def sample_files(sample: Path = SAMPLE) -> dict[str, list[Path]]:
    """The sample's files by what they are: reference datasets, spend per council, returns per
    partnership."""
    out: dict[str, list[Path]] = {d: [sample / f for f in files] for d, files in REFERENCE_FILES}
    for folder in sorted((sample / "spend").iterdir()):
        out[f"spend:{folder.name}"] = sorted(p for p in folder.iterdir() if p.is_file())
    for folder in sorted((sample / "outcomes").iterdir()):
        out[f"outcomes:{folder.name}"] = sorted(p for p in folder.iterdir() if p.is_file())
    return out


def run_demo(sample: Path = SAMPLE, on_stage: Callable[[str], None] | None = None,
             verbose: bool = False) -> DemoReport:
    """Load every sample file through Dagster, then rebuild the marts and publish."""
    from pipelines.intake import (
        load_outcomes,
        load_references,
        load_spend,
        receive_outcomes,
        receive_reference,
        receive_spend,
    )
    from pipelines.launch import run_job

    stage = on_stage or _quiet
    report = DemoReport()
    files = sample_files(sample)
    started = time.perf_counter()
    stage("loading the registers, catalogue, prices, evidence and grants")
    report.loads += load_references(
        {d: [receive_reference(d, f) for f in files.pop(d)] for d, _ in REFERENCE_FILES},
        verbose)
    report.stages.append(("reference data", time.perf_counter() - started))
    for key, paths in files.items():
        stage(f"loading {key.replace(':', ' ')}")
        started = time.perf_counter()
        kind, scope = key.split(":", 1)
        if kind == "spend":
            report.loads += load_spend([receive_spend(f, scope) for f in paths], scope, verbose)
        else:
            report.loads += load_outcomes([receive_outcomes(f, scope) for f in paths],
                                          verbose=verbose)
        report.stages.append((key, time.perf_counter() - started))
    stage("building the accounts and publishing")
    started = time.perf_counter()
    outcome = run_job("build_and_publish", verbose=verbose)
    report.stages.append(("build_and_publish", time.perf_counter() - started))
    report.publish_run_id = outcome.run_id
    report.publish_error = outcome.error
    return report


def _quiet(_: str) -> None:
    pass
