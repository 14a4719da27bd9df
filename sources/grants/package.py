"""A 360Giving JSON package (`{"grants": [...]}`) landed as a table of text, like a spreadsheet.

Each grant becomes one row: `source_row` is its position in the `grants` array plus one (the
first grant is row 1), `extra_cells` is empty, then one text column per 360Giving spreadsheet
header (sources/grants/columns.py) and `grant_json`, the grant object exactly as published. Where
the standard allows several (funders, planned dates, locations), the first is flattened; the
whole grant stays in `grant_json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from basics.duck import ident
from basics.files import FileRefused
from basics.limits import MAX_JSON_DEPTH, check_size, json_depth, json_depth_exceeded
from sources.grants.columns import JSON_PATHS
from sources.tables import EmptyFile

GRANT_JSON = "grant_json"


class NotAGrantsPackage(FileRefused):
    """A JSON file that is not a 360Giving package of grants."""


def read_package(path: Path) -> list:
    """The `grants` array of a 360Giving JSON package."""
    check_size(path)
    try:
        with path.open("r", encoding="utf-8-sig") as f:
            package = json.load(f)
    except RecursionError as err:
        raise json_depth_exceeded(path.name) from err
    except UnicodeDecodeError as err:
        raise NotAGrantsPackage(f"{path.name}: not readable as UTF-8 JSON (byte {err.start})"
                                ) from err
    except json.JSONDecodeError as err:
        # The position only: the decoder's message can quote the file.
        raise NotAGrantsPackage(f"{path.name}: not readable as JSON (line {err.lineno}, "
                                f"column {err.colno})") from err
    if json_depth(package) > MAX_JSON_DEPTH:
        raise json_depth_exceeded(path.name)
    if not isinstance(package, dict) or not isinstance(package.get("grants"), list):
        found = ("an object without one" if isinstance(package, dict)
                 else f"a JSON {type(package).__name__}")
        raise NotAGrantsPackage(
            f"{path.name}: not a 360Giving package: expected an object with a \"grants\" array, "
            f"found {found}")
    if not package["grants"]:
        raise EmptyFile(f"{path.name}: the \"grants\" array is empty; an empty file never "
                        "replaces data already loaded")
    return package["grants"]


def package_table(con: duckdb.DuckDBPyConnection, grants: list, name: str) -> None:
    """The grants as temp table `name`, one row of text cells per grant."""
    headers = list(JSON_PATHS)
    frame = pd.DataFrame(
        [[position, None, *(_cell(grant, JSON_PATHS[h]) for h in headers),
          json.dumps(grant, ensure_ascii=False)]
         for position, grant in enumerate(grants, start=1)],
        columns=["source_row", "extra_cells", *headers, GRANT_JSON], dtype="object")
    frame["source_row"] = frame["source_row"].astype("int64")
    con.register("_grants_package", frame)
    try:
        casts = ", ".join(f"{ident(c)}::varchar as {ident(c)}"
                          for c in ["extra_cells", *headers, GRANT_JSON])
        con.execute(f"create or replace temp table {ident(name)} as select "
                    f"source_row::bigint as source_row, {casts} from _grants_package")
    finally:
        con.unregister("_grants_package")


def _cell(grant, path: tuple[str, ...]) -> str | None:
    """The text at `path` in a grant, taking the first item wherever the standard has a list."""
    value = grant
    for key in path:
        if isinstance(value, list):
            value = value[0] if value else None
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
