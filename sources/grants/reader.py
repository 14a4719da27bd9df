"""Reading one 360Giving grants file (JSON package, CSV or XLSX) into typed grants.

The file's scope is its funder: the one funding organisation's org id when every grant names the
same funder (so a re-issued file from that funder replaces its grants), else the file's stem.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from basics.duck import ident
from basics.files import file_kind
from loading.contract import UNSCOPED, Prepared, Reader, Target
from schemas.grants import RULES, SCHEMA
from sources.grants.columns import COLUMNS, HEADERS, RECIPIENT_COLUMNS
from sources.grants.package import GRANT_JSON, package_table, read_package
from sources.grants.typed import STAGED, typed_grants_sql
from sources.headers import require_columns
from sources.tabular import FileTable, create_typed, read_file_table

WHAT = "360Giving grants file"
TARGET = Target("grants", "staging.grants", STAGED, scope_column="publisher",
                amount_column="amount_awarded")


def grants_reader(scratch: Path) -> Reader:
    """A reader of 360Giving grants files, for warehouse.ingest.ingest_file."""

    def read(con: duckdb.DuckDBPyConnection, path: Path, stem: str) -> Prepared:
        landed = read_grants_table(con, path, stem, scratch)
        published = ident(landed.columns[GRANT_JSON]) if GRANT_JSON in landed.columns else None
        typed = create_typed(con, stem, typed_grants_sql(landed.cells, ident(landed.name),
                                                         published), path)
        return Prepared(typed, landed.name, TARGET, SCHEMA, RULES, [UNSCOPED], None,
                        landed.detected)

    return read


def read_grants_table(con: duckdb.DuckDBPyConnection, path: Path, stem: str,
                scratch: Path) -> FileTable:
    if file_kind(path) == "json":
        name = f"{stem}_rows"
        grants = read_package(path)
        package_table(con, grants, name)
        return FileTable(name, {**HEADERS, GRANT_JSON: GRANT_JSON}, {
            "format": "360Giving JSON package", "grants": len(grants),
            "source_row": "position in the grants array + 1"})
    landed = read_file_table(con, path, stem, COLUMNS, WHAT, scratch)
    if not any(c in landed.columns for c in RECIPIENT_COLUMNS):
        require_columns(path.name, WHAT, [c for c in COLUMNS if c.field in RECIPIENT_COLUMNS],
                        [*landed.columns.values(), *landed.detected["unmapped_columns"]],
                        landed.detected["header_row"])
    return landed


def funders_in(con: duckdb.DuckDBPyConnection, landed: FileTable) -> list[str]:
    funder = landed.cells.text("funder_org_id")
    return [r[0] for r in con.execute(
        f"select distinct {funder} from {ident(landed.name)} where {funder} is not null "
        "order by 1").fetchall()]


def grants_scope(path: Path, scratch: Path) -> str:
    """The scope of a grants file, before it is received: its one funder, else its stem."""
    with duckdb.connect() as con:
        funders = funders_in(con, read_grants_table(con, path, "planned", scratch))
    return funders[0] if len(funders) == 1 else path.stem
