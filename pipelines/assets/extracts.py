"""Funder extracts: the impact extracts funders download, one per partnership, rebuilt on every
publish from the marts (the work is in `dashboards.extracts`; this is its Dagster wrapper)."""

import datetime as dt
import time
from pathlib import Path

import dagster as dg
from pydantic import Field

from dashboards.extracts.build import ExtractFailed, build_in_place, read_selection
from dashboards.extracts.giving360 import InvalidGrants
from dashboards.extracts.method import BadExtractSettings, load_settings
from dashboards.extracts.publish import publish_standard, read_standard
from dashboards.extracts.spec import FORMATS, BadSpec, Spec
from dashboards.publication import BadPublicationConfig, publication_policy
from pipelines.resources import Warehouse

MARTS = [["marts", name] for name in ("partnership_accounts", "social_value",
                                      "outcomes_vs_targets", "cost_per_outcome",
                                      "partnership_inputs", "imperative_compliance",
                                      "spend_classified")]
STAGING = [["staging", name] for name in ("grants", "partnerships", "partners",
                                          "measure_catalogue")]


@dg.asset(key=["publish", "funder_extracts"], group_name="publish",
          deps=[dg.AssetKey(k) for k in MARTS + STAGING], kinds={"csv", "parquet", "xlsx"})
def funder_extracts(warehouse: Warehouse) -> dg.MaterializeResult:
    """One impact extract per partnership under site/extracts/<partnership>/: its social value
    accounts (gross, net and present value with the low-high range and evidence grades), outcomes
    against targets, spend and grant inputs, SROI and cost per outcome, and imperative
    compliance, as CSV, Parquet and one XLSX workbook, with a data dictionary, a method note, a
    validated Frictionless data package, its grants as 360Giving JSON and a zip of it all; counts
    of people below the publication threshold are hidden. site/extracts/index.json lists them."""
    paths = warehouse.paths()
    started = time.perf_counter()
    try:
        policy, settings = publication_policy(paths.config), load_settings(paths.config)
        with warehouse.read_only() as con:
            selections = read_standard(con)
        built = publish_standard(selections, paths.extracts, policy, settings)
    except (BadPublicationConfig, BadExtractSettings, ExtractFailed, InvalidGrants) as err:
        raise dg.Failure(description=str(err)) from err
    rows = [f"| {b.spec.folder} | {sum(b.rows.values()):,} | {sum(b.suppressed.values())} | "
            f"{len(b.files) + 1} | {sum(f['bytes'] for f in b.files):,} |" for b in built]
    return dg.MaterializeResult(metadata={
        "extracts": len(built),
        "files": sum(len(b.files) + 1 for b in built),
        "bytes": sum(sum(f["bytes"] for f in b.files) + b.zip.stat().st_size for b in built),
        "rows_per_table": {name: sum(b.rows.get(name, 0) for b in built)
                           for name in (built[0].rows if built else {})},
        "suppressed_cells": sum(sum(b.suppressed.values()) for b in built),
        "sample_data": any(b.sample for b in built),
        "seconds": round(time.perf_counter() - started, 2),
        "index": dg.MetadataValue.path(str(paths.extracts / "index.json")),
        "by_extract": dg.MetadataValue.md("\n".join(
            ["| extract | rows | cells hidden | files | bytes |", "|---|---:|---:|---:|---:|",
             *rows])),
    })


class ExtractConfig(dg.Config):
    """An extract specification (see dashboards/extracts/spec.py) and the folder to write to."""

    partnerships: list[str]
    financial_years: list[str] = Field(default_factory=list)
    funder: str | None = None
    formats: list[str] = Field(default_factory=lambda: list(FORMATS))
    name: str | None = None
    built_from: list[str] = Field(default_factory=list)
    out: str


@dg.op(name="build_extract")
def build_extract(context: dg.OpExecutionContext, config: ExtractConfig,
               warehouse: Warehouse) -> None:
    """Build one funder extract for the selection in the run config into `out`: the folder
    `<out>/<name>/` and `<out>/<name>.zip`, replacing any earlier extract of that name."""
    paths = warehouse.paths()
    try:
        spec = Spec(partnerships=tuple(config.partnerships),
                    financial_years=tuple(config.financial_years), funder=config.funder,
                    formats=tuple(config.formats), name=config.name,
                    built_from=tuple(config.built_from))
        policy, settings = publication_policy(paths.config), load_settings(paths.config)
        with warehouse.read_only() as con:
            selection = read_selection(con, spec)
        built = build_in_place(selection, Path(config.out).expanduser().resolve(), policy,
                               settings, dt.datetime.now(dt.UTC).replace(microsecond=0))
    except (BadSpec, BadPublicationConfig, BadExtractSettings, ExtractFailed,
            InvalidGrants) as err:
        raise dg.Failure(description=str(err)) from err
    context.add_output_metadata({
        "folder": dg.MetadataValue.path(str(built.folder)),
        "zip": dg.MetadataValue.path(str(built.zip)),
        "files": len(built.files) + 1,
        "rows_per_table": built.rows,
        "suppressed_cells": sum(built.suppressed.values()),
        "sample_data": built.sample,
        "loads_replaced_since_spec": built.replaced_loads,
    })


@dg.job(description="Build one funder extract for a selection (an extract specification in the "
                    "run config): socialvalue extract --spec FILE or --partnership SLUG.")
def make_extract():
    build_extract()
