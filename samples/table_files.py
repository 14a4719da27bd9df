"""The generator's literal tables (names, payees, measures, planted faults...), read from the
CSV and YAML files in `tables/` beside this module."""

import csv
from functools import cache
from pathlib import Path

import yaml

TABLES = Path(__file__).resolve().parent / "tables"


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with (TABLES / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def rows(name: str) -> list[dict[str, str]]:
    """A CSV table's rows, in file order, every cell a string as written."""
    return [dict(row) for row in _rows(name)]


def document(name: str):
    """A YAML table as plain lists and dictionaries."""
    return yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))


def flag(text: str) -> bool:
    """A table's 'true'/'false' cell."""
    return {"true": True, "false": False}[text]
