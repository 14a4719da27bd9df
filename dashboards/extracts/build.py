"""Building one funder extract: read the selection from the warehouse, hide what must be hidden,
write every format into a new folder, check it, then put it in place in one step.

    <parent>/<name>/            the extract (CSV and Parquet tables, <name>.xlsx, datapackage.json,
                                method.md, extract.yaml, grants-360giving.json when grants exist)
    <parent>/<name>.zip         the same folder, zipped

The folder is built beside its final place under a temporary name and swapped in only once the
data package and the 360Giving file have validated, so a half-written extract is never served.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from basics.duck import records
from dashboards.extracts import datapackage, giving360, suppression
from dashboards.extracts import spec as specs
from dashboards.extracts.csv_files import write_csv
from dashboards.extracts.dictionary import BY_NAME, TABLES
from dashboards.extracts.method import About, Settings, method_note, readme, zip_readme
from dashboards.extracts.parquet_files import write_parquet
from dashboards.extracts.spec import Spec
from dashboards.extracts.tables import (
    assumptions,
    check_selection,
    conform,
    grant_objects,
    read_tables,
)
from dashboards.extracts.workbook import write_workbook
from dashboards.publication import SAMPLE_NOTICE
from dashboards.suppression import Policy

FORMAT_OF = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx", ".json": "json",
             ".yaml": "yaml", ".md": "md", ".zip": "zip"}


class ExtractFailed(RuntimeError):
    """An extract did not validate; nothing was put in place."""


@dataclass(frozen=True)
class Selection:
    """Everything an extract is made of, as read from the warehouse."""

    spec: Spec
    frames: dict[str, pd.DataFrame]
    names: list[str]
    assumptions: dict
    grants: list[dict]

    @property
    def sample(self) -> bool:
        return bool(self.frames["data_versions"]["sample_data"].any())

    @property
    def load_ids(self) -> list[str]:
        return sorted(set(self.frames["data_versions"]["load_id"]))

    @property
    def replaced_loads(self) -> list[str]:
        """Loads the specification was built from that the warehouse no longer holds."""
        return sorted(set(self.spec.built_from) - set(self.load_ids))


@dataclass
class Built:
    """An extract as written: its folder and zip, every file, rows and hidden cells per table."""

    spec: Spec
    folder: Path
    zip: Path | None
    files: list[dict] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    suppressed: dict[str, int] = field(default_factory=dict)
    sample: bool = False
    names: list[str] = field(default_factory=list)
    replaced_loads: list[str] = field(default_factory=list)


def read_selection(con: duckdb.DuckDBPyConnection, spec: Spec) -> Selection:
    """The selection's tables and facts, read from the warehouse as it stands."""
    check_selection(con, spec)
    frames = read_tables(con, spec)
    names = [r["name"] for r in records(con, """
        select name from staging.partnerships where list_contains($p, partnership_id)
        order by list_position($p, partnership_id)""", {"p": list(spec.partnerships)})]
    return Selection(spec, frames, names, assumptions(con), grant_objects(frames["grants"]))


def impact_map(lines: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """The published outcome lines in Social Value UK's impact map layout, with each measure's
    proxy as the measures table publishes it (withheld where its licence says so). A measure
    imported from an impact map keeps its stakeholder ("stakeholder: outcome")."""
    proxies = measures.rename(columns={"framework": "measure_framework",
                                       "edition": "measure_edition", "code": "measure_code"})[
        ["measure_framework", "measure_edition", "measure_code", "proxy_value_gbp",
         "price_year", "source"]]
    # the line's own proxy is the catalogue's, unmasked: the measures table's is the one to show
    out = lines.drop(columns=["proxy_value_gbp", "price_year", "source"], errors="ignore").merge(
        proxies, on=["measure_framework", "measure_edition", "measure_code"], how="left")
    imported = out["measure_framework"].fillna("").str.startswith("impact-map-")
    split = out["outcome"].fillna("").str.split(": ", n=1, expand=True).reindex(
        columns=[0, 1])
    out["stakeholder"] = split[0].where(imported)
    out["outcome"] = split[1].where(imported, out["outcome"])
    return out.assign(indicator=out["unit"], duration=out["benefit_years"],
                      start=out["benefit_start_year"], proxy=out["source"],
                      value=out["proxy_value_gbp"], impact_gbp=out["present_value_gbp"])


def build(selection: Selection, folder: Path, policy: Policy, settings: Settings,
          built_at: dt.datetime) -> Built:
    """Write the extract into `folder` (created; must not exist) and check it."""
    spec = selection.spec.with_loads(selection.load_ids)
    frames = {name: _flagged_sample(frame, name, selection.sample)
              for name, frame in suppression.apply(selection.frames, policy).items()}
    # laid out from the published (suppressed) lines, so it hides exactly what they hide
    frames["impact_map"] = impact_map(frames["social_value"], frames["measures"])
    hidden = suppression.suppressed_cells(frames)
    tables = list(TABLES)
    published = {t.name: conform(frames[t.name], t) for t in tables}
    rows = {name: len(frame) for name, frame in published.items()}
    about = About(spec=spec, names=selection.names, built_at=built_at, sample=selection.sample,
                  assumptions=selection.assumptions, policy=policy, settings=settings,
                  rows=rows, suppressed=hidden, tables=tables,
                  measures=published["measures"], versions=published["data_versions"])
    folder.mkdir(parents=True)
    parquet_about = {"selection": spec.as_dict(), "built_at": built_at.isoformat(),
                     "sample_data": about.sample, "licence": settings.licence["name"],
                     "sample_notice": SAMPLE_NOTICE if about.sample else None}
    for t in tables:
        if "csv" in spec.formats:
            write_csv(published[t.name], t, folder / f"{t.name}.csv")
        if "parquet" in spec.formats:
            write_parquet(published[t.name], t, folder / f"{t.name}.parquet", about.base_year,
                          parquet_about)
    if "xlsx" in spec.formats:
        write_workbook(published, tables, readme(about), folder / f"{spec.folder}.xlsx",
                       built_at, about.sample, about.base_year)
    (folder / "README.md").write_text(zip_readme(about, spec.folder), encoding="utf-8")
    (folder / "method.md").write_text(method_note(about), encoding="utf-8")
    (folder / "extract.yaml").write_text(specs.dump(spec), encoding="utf-8")
    grants = giving360.package(
        selection.grants, title=about.title + ": grants",
        description=(SAMPLE_NOTICE + " " if about.sample else "") + "Grants to the partners "
                    "of the selection, as their funders published them, less personal data.",
        issued=built_at.date(), licence_url=settings.licence["path"],
        publisher=settings.publisher["name"])
    if grants["grants"]:
        giving360.write(grants, folder / "grants-360giving.json")
    if "csv" in spec.formats:
        others = [_entry(folder, p) for p in sorted(folder.iterdir()) if p.suffix != ".csv"]
        path = folder / "datapackage.json"
        path.write_text(json.dumps(datapackage.descriptor(about, tables, others), indent=2,
                                   ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        errors = datapackage.validate(path)
        if errors:
            raise ExtractFailed("the data package does not validate: " + "; ".join(errors[:5]))
    return Built(spec=spec, folder=folder, zip=None, rows=rows, suppressed=hidden,
                 sample=about.sample, names=selection.names,
                 replaced_loads=selection.replaced_loads,
                 files=[_entry(folder, p) for p in sorted(folder.iterdir())])


def build_in_place(selection: Selection, parent: Path, policy: Policy, settings: Settings,
                   built_at: dt.datetime) -> Built:
    """Build the extract as `<parent>/<name>/` and `<parent>/<name>.zip`, replacing any earlier
    one only once the new one is complete and valid."""
    parent.mkdir(parents=True, exist_ok=True)
    name = selection.spec.folder
    token = uuid.uuid4().hex[:8]
    staging = parent / f".{name}.building-{token}"
    try:
        built = build(selection, staging, policy, settings, built_at)
        zipped = parent / f".{name}.zip.building-{token}"
        _zip(staging, name, zipped, built_at)
        final = parent / name
        old = parent / f".{name}.old-{token}"
        if final.exists():
            final.rename(old)
        staging.rename(final)
        os.replace(zipped, parent / f"{name}.zip")
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        (parent / f".{name}.zip.building-{token}").unlink(missing_ok=True)
    built.folder = parent / name
    built.zip = parent / f"{name}.zip"
    return built


def _flagged_sample(frame: pd.DataFrame, name: str, sample: bool) -> pd.DataFrame:
    """Every table says whether it was built from the bundled sample data (data_versions says it
    per file)."""
    if name == "data_versions" or "sample_data" not in BY_NAME[name].names:
        return frame
    return frame.assign(sample_data=sample)


def _zip(folder: Path, name: str, target: Path, built_at: dt.datetime) -> None:
    stamp = built_at.timetuple()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.iterdir()):
            info = zipfile.ZipInfo(f"{name}/{path.name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())


def _entry(folder: Path, path: Path) -> dict:
    table = path.stem if path.suffix in (".csv", ".parquet") and path.stem in BY_NAME else None
    return {"path": path.name, "format": FORMAT_OF.get(path.suffix, path.suffix.lstrip(".")),
            "table": table, "bytes": path.stat().st_size}
