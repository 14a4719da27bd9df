"""The extract as a Frictionless Data Package: `datapackage.json`, one tabular resource per CSV
table with its Table Schema, validated with the `frictionless` library before it is published.

A hidden count reads `c` in the CSV files; the schemas list `c` (and the empty string) among the
missing values, so a count column still validates as an integer and a loader reads a hidden cell
as missing, with the `<...>_suppressed` column saying why.
"""

from __future__ import annotations

from pathlib import Path

import frictionless

from dashboards.extracts.dictionary import Table, unit_text
from dashboards.extracts.method import About, formula_rule, personal_data_rule, suppression_rule
from dashboards.publication import SAMPLE_NOTICE
from dashboards.suppression import SYMBOL


def table_schema(table: Table, base_year: int | None) -> dict:
    fields = [{"name": c.name, "type": c.type, "description": c.meaning,
               "unit": unit_text(c, base_year)} for c in table.columns]
    schema: dict = {"fields": fields,
                    "missingValues": ["", SYMBOL] if table.suppressible else [""]}
    if table.key:
        schema["primaryKey"] = list(table.key)
    return schema


def descriptor(about: About, tables: list[Table], other_files: list[dict]) -> dict:
    """datapackage.json: the package, its licence, provenance and one resource per CSV table.
    `other_files` lists the workbook, Parquet files, grants and notes beside the CSVs."""
    notice = (SAMPLE_NOTICE + " ") if about.sample else ""
    return {
        "profile": "tabular-data-package",
        "name": about.spec.folder,
        "title": about.title,
        "description": notice + f"Social value accounts, outcomes against targets, inputs, SROI "
                       f"and cost per outcome, and imperative compliance. Selection: "
                       f"{about.selection}.",
        "created": about.built_at.isoformat(timespec="seconds"),
        "licenses": [about.settings.licence],
        "contributors": [{"title": about.settings.publisher["name"], "role": "publisher"}],
        "keywords": ["social value", "SROI", "VCSE", "councils", "partnerships"],
        "sample_data": about.sample,
        "sample_notice": SAMPLE_NOTICE if about.sample else None,
        "selection": about.spec.as_dict(),
        "currency": "GBP",
        "price_base_year": about.base_year,
        "suppression": {"rule": suppression_rule(about.policy), "symbol": SYMBOL,
                        "cells_hidden": about.suppressed},
        "formula_safety": formula_rule(),
        "personal_data": personal_data_rule(),
        "load_ids": sorted(set(about.versions["load_id"])),
        "other_files": other_files,
        "resources": [{
            "name": t.name,
            "path": f"{t.name}.csv",
            "profile": "tabular-data-resource",
            "title": t.title,
            "description": notice + f"One row per {t.row}." + "".join(" " + n for n in t.notes),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(t, about.base_year),
        } for t in tables],
    }


def validate(path: Path) -> list[str]:
    """Every error `frictionless` finds in the package (none when it is valid)."""
    report = frictionless.validate(str(path))
    if report.valid:
        return []
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors]
