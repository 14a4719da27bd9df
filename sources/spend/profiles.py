"""Council profiles: what the pipeline knows about each body that publishes spend.

Every UK local authority is known from the register (sources/spend/register.py): its name, codes
and region, so `--council bradford` works with nothing to configure. A profile is an optional
override: a small YAML file named after the council's slug, shipped for the sample councils
(`sources/councils/`) or written by an analyst as `<SOCIALVALUE_HOME>/config/councils/<slug>.yaml`.
A profile named after a council's slug adds to what the register says; one named otherwise is a
body of its own (the GLA as `gla`, Transport for London as `tfl`, a government department), for
which `name` alone is enough. Everything else has a default or is detected from the file.

    name: Oldham Council
    org_id: GB-LAE-OLD            # org-id.guide identifier (the register's, for a council)
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

A profile file that cannot be read (a bad name, bad YAML, an unknown key) stops only its own
council, never the others.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from basics.settings import paths
from sources.portals.source import BadSource, PortalSource, parse_source
from sources.spend.columns import SYNONYMS
from sources.spend.register import AmbiguousCouncil, Authority, UnknownCouncil, authorities, slugify
from sources.spend.register import resolve as resolve_authority

SHIPPED = Path(__file__).resolve().parents[1] / "councils"
SLUG = re.compile(r"^[a-z][a-z0-9-]{1,40}$")

__all__ = ["AmbiguousCouncil", "BadProfile", "CouncilProfile", "UnknownCouncil", "get_profile",
           "load_profiles"]


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
    # From the register, for a local authority: its code, GSS code, type and end (if abolished).
    register_code: str | None = None
    gss_code: str | None = None
    authority_type: str | None = None
    ended: str | None = None
    portal: PortalSource | None = None  # the YAML's `source:`: where the council publishes


# The keys a profile file may set (the rest come from its name and the register).
PROFILE_KEYS = ("name", "org_id", "local_postcode_areas", "london", "cadence",
                "publication_lag_days", "header_row", "sheet", "date_format", "columns",
                "source")


def profile_dirs() -> list[Path]:
    """Shipped profiles first, the analyst's own after them (so theirs win)."""
    return [SHIPPED, paths().config / "councils"]


def profile_files() -> dict[str, Path]:
    """Every profile file by its stem, the analyst's winning over the shipped one."""
    files: dict[str, Path] = {}
    for folder in profile_dirs():
        for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            files[file.stem] = file
    return files


def load_profiles() -> dict[str, CouncilProfile]:
    """The bodies that have a profile file, by slug; files that cannot be read are left out
    (`profile_problems` says why), so one bad file never stops the others."""
    profiles: dict[str, CouncilProfile] = {}
    for file in profile_files().values():
        try:
            profile = read_profile(file)
        except BadProfile:
            continue
        profiles[profile.slug] = profile
    return profiles


def profile_problems() -> list[str]:
    """One line for each profile file that cannot be read, saying why."""
    problems = []
    for file in profile_files().values():
        try:
            read_profile(file)
        except BadProfile as err:
            problems.append(str(err))
    return problems


def get_profile(council: str) -> CouncilProfile:
    """The profile of the body `council` names: a profile file's slug, or any name or code of a
    local authority in the register (then its profile file, if any, adds to it)."""
    text = council.strip()
    files = profile_files()
    key = slugify(text)
    if key in files:
        return read_profile(files[key])
    _refuse_unreadable_file_for(key, files)
    try:
        authority = resolve_authority(text)
    except AmbiguousCouncil:
        raise
    except UnknownCouncil as err:
        raise UnknownCouncil(
            f"unknown council: {err}. A public body that is not a local authority needs a "
            f"profile: write {paths().config / 'councils' / ((key or 'its-name') + '.yaml')} "
            "with at least `name: <its name>`") from None
    if authority.slug in files:
        return read_profile(files[authority.slug])
    _refuse_unreadable_file_for(authority.slug, files)
    return from_register(authority)


def councils(slugs: list[str]) -> list[CouncilProfile]:
    """The profiles of the given councils (those with data, say) and of every profile file,
    once each; a slug that no longer resolves is left out."""
    found = load_profiles()
    for slug in slugs:
        if slug not in found:
            try:
                found[slug] = get_profile(slug)
            except (UnknownCouncil, BadProfile):
                continue
    return [found[s] for s in sorted(found)]


def from_register(authority: Authority, **overrides) -> CouncilProfile:
    """A profile built from the register alone (or with a profile file's values over it)."""
    profile = CouncilProfile(
        slug=authority.slug, name=authority.name, org_id=authority.org_id,
        london=authority.london, source="register", register_code=authority.code,
        gss_code=authority.gss_code, authority_type=authority.kind,
        ended=f"{authority.end:%Y-%m-%d}" if authority.end else None)
    return dataclasses.replace(profile, **overrides)


def read_profile(file: Path) -> CouncilProfile:
    slug = file.stem
    if not SLUG.match(slug):
        raise BadProfile(f"{file}: the file name must be a slug like 'oldham' or 'west-sussex'"
                         + (f" (rename it {slugify(slug)}.yaml)" if SLUG.match(slugify(slug))
                            else ""))
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise BadProfile(f"{file}: not valid YAML ({_first_line(err)})") from err
    except (OSError, UnicodeDecodeError) as err:
        raise BadProfile(f"{file}: cannot be read as UTF-8 text ({type(err).__name__})") from err
    if not isinstance(data, dict):
        raise BadProfile(f"{file}: a council profile is a mapping of keys to values, e.g. "
                         "`name: <council name>`")
    authority = authorities().get(slug)
    # A council in the register is known by its file name; any other body needs its name.
    if not data.get("name") and authority is None:
        raise BadProfile(f"{file}: a profile for a body that is not a council in the register "
                         "needs at least `name: <its name>`")
    unknown = set(data) - set(PROFILE_KEYS)
    if unknown:
        raise BadProfile(f"{file}: unknown keys {sorted(map(str, unknown))}; a profile may set "
                         f"{', '.join(PROFILE_KEYS)}")
    raw_columns = data.get("columns") or {}
    if not isinstance(raw_columns, dict):
        raise BadProfile(f"{file}: `columns:` must map fields to headers, e.g. "
                         "`columns: {date: Date Paid}`")
    columns = {str(k): str(v) for k, v in raw_columns.items()}
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
    try:
        values = dict(
            name=str(data.get("name") or authority.name),
            local_postcode_areas=tuple(str(a).upper()
                                       for a in data.get("local_postcode_areas") or []),
            cadence=cadence,
            publication_lag_days=int(data.get("publication_lag_days", 30)),
            header_row=int(data["header_row"]) if data.get("header_row") else None,
            sheet=str(data["sheet"]) if data.get("sheet") else None,
            date_format=str(data["date_format"]) if data.get("date_format") else None,
            columns=columns,
            source=str(file),
            portal=portal,
        )
    except (TypeError, ValueError) as err:
        raise BadProfile(f"{file}: {_first_line(err)}") from err
    for key in ("org_id", "london"):
        if key in data:
            values[key] = bool(data[key]) if key == "london" else (
                str(data[key]) if data[key] else None)
    if authority is not None:
        # Named after a council's slug: the register fills in what the profile leaves out.
        return from_register(authority, **values)
    return CouncilProfile(slug=slug, **values)


def _refuse_unreadable_file_for(slug: str, files: dict[str, Path]) -> None:
    """A profile file meant for this council (its name, as a slug, is the council's) that cannot
    be read: say so, rather than quietly using the register."""
    for stem, file in files.items():
        if stem != slug and slugify(stem) == slug:
            read_profile(file)  # raises BadProfile with the reason


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
