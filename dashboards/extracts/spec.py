"""An extract specification: the selection a funder asked for, saved as a small YAML file that
builds the same extract again later.

    # socialvalue funder extract specification
    version: 1
    name: oldham-social-prescribing      # the extract's folder and file names
    partnerships: [oldham-social-prescribing]
    financial_years: [2024-25]           # optional: every year when left out
    funder: GB-CHC-9999001               # optional: only this funder's grants
    formats: [csv, xlsx, parquet]        # optional: all three when left out
    built_from:                          # written by socialvalue: the loads behind the extract
      - load_id ...

`built_from` is what the extract was built from; rebuilding from the file reports any load that
has since been replaced, so a changed figure is never a surprise. The Frictionless data package
(`datapackage.json`) describes the CSV files, so it comes with the csv format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

FORMATS = ("csv", "xlsx", "parquet")
VERSION = 1
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_KEYS = {"version", "name", "partnerships", "financial_years", "funder", "formats", "built_from"}


class BadSpec(ValueError):
    """An extract specification that cannot be used as it stands."""


@dataclass(frozen=True)
class Spec:
    """What an extract holds: one or more partnerships, optionally some financial years and one
    funder's grants, in some formats; `built_from` lists the load ids it was last built from."""

    partnerships: tuple[str, ...]
    financial_years: tuple[str, ...] = ()
    funder: str | None = None
    formats: tuple[str, ...] = FORMATS
    name: str | None = None
    built_from: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.partnerships:
            raise BadSpec("an extract needs at least one partnership")
        for slug in self.partnerships:
            if not _SLUG.match(slug):
                raise BadSpec(f"{slug!r} is not a partnership slug (lower-case, digits, hyphens)")
        for year in self.financial_years:
            m = _YEAR.match(year)
            if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
                raise BadSpec(f"{year!r} is not a financial year like 2024-25")
        unknown = set(self.formats) - set(FORMATS)
        if unknown or not self.formats:
            raise BadSpec(f"formats must be some of {', '.join(FORMATS)}; got "
                          f"{', '.join(sorted(unknown)) or 'none'}")
        if self.name is not None and not _SLUG.match(self.name):
            raise BadSpec(f"name {self.name!r} must be lower-case letters, digits and hyphens")

    @property
    def folder(self) -> str:
        """The extract's folder (and workbook and zip) name."""
        return self.name or "--".join(self.partnerships)

    def as_dict(self) -> dict:
        out: dict = {"version": VERSION, "name": self.folder,
                     "partnerships": list(self.partnerships)}
        if self.financial_years:
            out["financial_years"] = list(self.financial_years)
        if self.funder:
            out["funder"] = self.funder
        out["formats"] = list(self.formats)
        if self.built_from:
            out["built_from"] = list(self.built_from)
        return out

    def with_loads(self, load_ids: list[str]) -> Spec:
        return replace(self, built_from=tuple(load_ids))


def from_dict(data: dict) -> Spec:
    """A specification from its YAML mapping, refusing unknown keys (a typo would otherwise
    silently widen the selection)."""
    if not isinstance(data, dict):
        raise BadSpec("an extract specification is a YAML mapping (partnerships: [...], ...)")
    unknown = set(data) - _KEYS
    if unknown:
        raise BadSpec(f"unknown keys {sorted(unknown)}; use {sorted(_KEYS - {'version'})}")
    if data.get("version", VERSION) != VERSION:
        raise BadSpec(f"specification version {data['version']!r}; this socialvalue reads "
                      f"version {VERSION}")
    return Spec(partnerships=_strings(data, "partnerships"),
                financial_years=_strings(data, "financial_years"),
                funder=(str(data["funder"]) if data.get("funder") else None),
                formats=_strings(data, "formats") or FORMATS,
                name=data.get("name"),
                built_from=_strings(data, "built_from"))


def load(path: Path) -> Spec:
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise BadSpec(f"{path}: not readable as YAML ({err})") from err
    try:
        return from_dict(data)
    except BadSpec as err:
        raise BadSpec(f"{path}: {err}") from err


def dump(spec: Spec) -> str:
    return ("# socialvalue funder extract specification: build it again with\n"
            "#   socialvalue extract --spec extract.yaml\n"
            + yaml.safe_dump(spec.as_dict(), sort_keys=False))


def _strings(data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key) or ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise BadSpec(f"{key} must be a list")
    return tuple(str(v) for v in value)
