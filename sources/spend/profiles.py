"""Council profiles: what the pipeline knows about each council that publishes spend.

A profile is a small YAML file named after the council's slug. The project ships profiles for the
councils in its sample data (`sources/councils/`); an analyst adds or overrides one by writing
`<SOCIALVALUE_HOME>/config/councils/<slug>.yaml`. Only `name` is required; everything else has a
default or is detected from the file.

    name: Oldham Council
    org_id: GB-LAE-OLD            # org-id.guide identifier of the council
    local_postcode_areas: [OL]    # postcode areas whose suppliers count as local
    london: false                 # London Living Wage applies to its contracts
    cadence: monthly              # monthly | quarterly: how often it publishes
    publication_lag_days: 30      # a period's file is due this many days after the period ends
    header_row: 4                 # optional: spreadsheet row of the header, if detection fails
    sheet: Spend                  # optional: the XLSX sheet to read
    date_format: "%d/%m/%Y"       # optional: overrides date detection
    columns:                      # optional: field -> header as the council publishes it
      date: Date Paid
      amount: Amount Paid
    source:                       # optional: where the council publishes, for `collect spend`
      kind: ckan                  # ckan | links | pattern (see sources/portals/source.py)
      url: https://datamillnorth.org/api/action/package_show?id=...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from socialvalue.settings import paths
from sources.portals.source import BadSource, PortalSource, parse_source
from sources.spend.columns import SYNONYMS

SHIPPED = Path(__file__).resolve().parents[1] / "councils"
SLUG = re.compile(r"^[a-z][a-z0-9-]{1,40}$")


class UnknownCouncil(LookupError):
    pass


class BadProfile(ValueError):
    pass


@dataclass(frozen=True)
class CouncilProfile:
    slug: str
    name: str
    org_id: str | None = None
    local_postcode_areas: tuple[str, ...] = ()
    london: bool = False
    cadence: str = "monthly"
    publication_lag_days: int = 30
    header_row: int | None = None
    sheet: str | None = None
    date_format: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the profile's file
    portal: PortalSource | None = None  # the YAML's `source:`: where the council publishes


def profile_dirs() -> list[Path]:
    """Shipped profiles first, the analyst's own after them (so theirs win)."""
    return [SHIPPED, paths().config / "councils"]


def load_profiles() -> dict[str, CouncilProfile]:
    profiles: dict[str, CouncilProfile] = {}
    for folder in profile_dirs():
        for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            profiles[file.stem] = read_profile(file)
    return profiles


def council_slugs() -> list[str]:
    return sorted(load_profiles())


def get_profile(slug: str) -> CouncilProfile:
    profiles = load_profiles()
    if slug not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise UnknownCouncil(
            f"unknown council {slug!r} (known: {known}); to add it, write "
            f"{paths().config / 'councils' / (slug + '.yaml')} with at least `name:`"
        )
    return profiles[slug]


def read_profile(file: Path) -> CouncilProfile:
    slug = file.stem
    if not SLUG.match(slug):
        raise BadProfile(f"{file}: the file name must be a slug like 'oldham' or 'west-sussex'")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise BadProfile(f"{file}: not valid YAML ({err})") from err
    if not isinstance(data, dict) or not data.get("name"):
        raise BadProfile(f"{file}: a council profile needs at least `name: <council name>`")
    unknown = set(data) - {f for f in CouncilProfile.__dataclass_fields__ if f not in
                           ("slug", "portal")}
    if unknown:
        raise BadProfile(f"{file}: unknown keys {sorted(unknown)}")
    columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    bad_fields = set(columns) - set(SYNONYMS)
    if bad_fields:
        raise BadProfile(f"{file}: `columns:` has unknown fields {sorted(bad_fields)}; "
                         f"fields are {sorted(SYNONYMS)}")
    try:
        portal = parse_source(data.get("source"))
    except BadSource as err:
        raise BadProfile(f"{file}: {err}") from err
    cadence = data.get("cadence", "monthly")
    if cadence not in ("monthly", "quarterly"):
        raise BadProfile(f"{file}: cadence must be monthly or quarterly, not {cadence!r}")
    return CouncilProfile(
        slug=slug,
        name=str(data["name"]),
        org_id=data.get("org_id"),
        local_postcode_areas=tuple(str(a).upper() for a in data.get("local_postcode_areas", [])),
        london=bool(data.get("london", False)),
        cadence=cadence,
        publication_lag_days=int(data.get("publication_lag_days", 30)),
        header_row=data.get("header_row"),
        sheet=data.get("sheet"),
        date_format=data.get("date_format"),
        columns=columns,
        source=str(file),
        portal=portal,
    )
