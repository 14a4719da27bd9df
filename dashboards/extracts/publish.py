"""The standard funder extracts the site serves: one per partnership, every year, every funder's
grants, every format, under `site/extracts/`, with `site/extracts/index.json` for the dashboards'
download links:

    {"built_at": "...", "sample_data": true,
     "extracts": [{"partnership_id": "...", "partnership_name": "...",
                   "folder": "extracts/<id>/",
                   "files": [{"path": "extracts/<id>/<file>", "format": "csv", "table": "accounts",
                              "bytes": 1502}, ...]}]}

Paths are relative to `site/`. Each extract is swapped in whole (`build.build_in_place`), the
index last, so a page never links to a file that is not there yet.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import duckdb

from basics.duck import records
from dashboards.extracts.build import Built, Selection, build_in_place, read_selection
from dashboards.extracts.method import Settings
from dashboards.extracts.spec import Spec
from dashboards.suppression import Policy

INDEX = "index.json"


def standard_specs(con: duckdb.DuckDBPyConnection) -> list[Spec]:
    """One extract per partnership with accounts: every year, every funder, every format. None
    while the accounts are not built (no outcome returns yet, or a warehouse of spend only)."""
    from basics.duck import table_exists

    if not table_exists(con, "marts.partnership_accounts"):
        return []
    return [Spec(partnerships=(r["partnership_id"],), name=r["partnership_id"]) for r in records(
        con, "select distinct partnership_id from marts.partnership_accounts order by 1")]


def read_standard(con: duckdb.DuckDBPyConnection) -> list[Selection]:
    """Every standard extract's selection, read in one go (the warehouse lock is then free while
    the files are written)."""
    return [read_selection(con, spec) for spec in standard_specs(con)]


def publish_standard(selections: list[Selection], extracts: Path, policy: Policy,
                     settings: Settings, built_at: dt.datetime | None = None) -> list[Built]:
    """Rebuild every standard extract under `extracts` (site/extracts), drop those of
    partnerships no longer in the accounts, and rewrite the index."""
    built_at = built_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    extracts.mkdir(parents=True, exist_ok=True)
    built = [build_in_place(s, extracts, policy, settings, built_at) for s in selections]
    _remove_stale(extracts, {b.spec.folder for b in built})
    write_index(extracts, built, built_at)
    return built


def index(extracts_folder_name: str, built: list[Built], built_at: dt.datetime) -> dict:
    """index.json's contents (paths relative to the site folder)."""
    def entry(b: Built) -> dict:
        folder = f"{extracts_folder_name}/{b.spec.folder}/"
        files = [{**f, "path": folder + f["path"]} for f in b.files]
        files.append({"path": f"{extracts_folder_name}/{b.zip.name}", "format": "zip",
                      "table": None, "bytes": b.zip.stat().st_size})
        return {"partnership_id": b.spec.partnerships[0], "partnership_name": b.names[0],
                "folder": folder, "sample_data": b.sample, "files": files}

    return {"built_at": built_at.isoformat(), "sample_data": any(b.sample for b in built),
            "extracts": [entry(b) for b in built]}


def write_index(extracts: Path, built: list[Built], built_at: dt.datetime) -> Path:
    path = extracts / INDEX
    partial = extracts / f".{INDEX}.building"
    partial.write_text(json.dumps(index(extracts.name, built, built_at), indent=2) + "\n",
                       encoding="utf-8")
    os.replace(partial, path)
    return path


def _remove_stale(extracts: Path, keep: set[str]) -> None:
    """Extracts of partnerships that have gone (only folders socialvalue wrote: with an
    extract.yaml), and builds a killed run left half-done (an hour old: a build in progress in
    another run is left alone)."""
    an_hour_ago = time.time() - 3600
    for path in extracts.iterdir():
        leftover = path.name.startswith(".") and (".building-" in path.name
                                                  or ".old-" in path.name)
        if leftover and path.stat().st_mtime < an_hour_ago:
            _remove(path)
        elif path.is_dir() and (path / "extract.yaml").exists() and path.name not in keep:
            _remove(path)
            (extracts / f"{path.name}.zip").unlink(missing_ok=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
