"""The UK's local authorities, current and abolished, as mySociety's register lists them.

Every council that publishes spend is known here without a profile: its official name, the
register code that org-id.guide's `GB-LAE-` identifiers use (`MAN`), its ONS GSS code
(`E08000003`), its type, region, and the dates it started and ended. A council is named on the
command line by any of them: a slug of its name (`manchester`, `newcastle-upon-tyne`), its
register code, GSS code or `GB-LAE-` identifier, or any spelling the register's lookup lists.
A name that could be several authorities (`newcastle`) is refused with the candidates.

The register is shipped in `sources/councils/register/` with its licence (MIT, mySociety).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGISTER = Path(__file__).resolve().parents[1] / "councils" / "register"
AUTHORITIES_CSV = REGISTER / "uk_local_authorities.csv"
LOOKUP_CSV = REGISTER / "lookup_name_to_registry.csv"
# org-id.guide's list for English local authorities; the register codes are its identifiers.
ENGLISH_ORG_ID_PREFIX = "GB-LAE-"


class UnknownCouncil(LookupError):
    """A name that is no council the register or a profile knows."""


class AmbiguousCouncil(UnknownCouncil):
    """A name that could be more than one authority."""


@dataclass(frozen=True)
class Authority:
    """One local authority as the register has it."""

    code: str
    name: str
    nice_name: str
    slug: str
    gss_code: str | None
    nation: str
    region: str | None
    kind: str
    start: dt.date | None
    end: dt.date | None
    replaced_by: str | None
    current: bool

    @property
    def org_id(self) -> str | None:
        """The org-id.guide identifier (English authorities only: GB-LAE-<code>)."""
        return ENGLISH_ORG_ID_PREFIX + self.code if self.nation == "England" else None

    @property
    def london(self) -> bool:
        return self.region == "London"

    def describe(self) -> str:
        """'Newcastle City Council (NET, E08000021)', with the end date of an abolished one."""
        ids = ", ".join(i for i in (self.code, self.gss_code) if i)
        ended = f", abolished {self.end:%Y-%m-%d}" if self.end else ""
        return f"{self.name} ({ids}{ended})"


def slugify(text: str) -> str:
    """A name as a slug: 'Newcastle upon Tyne' -> 'newcastle-upon-tyne', '&' read as 'and'."""
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@cache
def authorities() -> dict[str, Authority]:
    """Every authority in the register, by its slug."""
    with AUTHORITIES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # Current authorities take their short name's slug first, so when an abolished one had the
    # same short name (North Yorkshire's county council and its successor) the current one is
    # `north-yorkshire` and the other is named from its official name.
    rows.sort(key=lambda r: (r["current-authority"] != "True", r["local-authority-code"]))
    out: dict[str, Authority] = {}
    for r in rows:
        slug = slugify(r["nice-name"])
        if slug in out:
            slug = slugify(r["official-name"])
        if slug in out:
            slug = f"{slug}-{r['local-authority-code'].lower()}"
        out[slug] = Authority(
            code=r["local-authority-code"], name=" ".join(r["official-name"].split()),
            nice_name=r["nice-name"], slug=slug, gss_code=r["gss-code"] or None,
            nation=r["nation"], region=r["region"] or None,
            kind=r["local-authority-type-name"], start=_date(r["start-date"]),
            end=_date(r["end-date"]), replaced_by=r["replaced-by"] or None,
            current=r["current-authority"] == "True")
    return out


@cache
def _by_name() -> dict[str, frozenset[str]]:
    """Every name, code and spelling (as a slug) -> the slugs of the authorities it names."""
    by_code = {a.code: a.slug for a in authorities().values()}
    names: dict[str, set[str]] = {}

    def add(name: str, slug: str) -> None:
        if key := slugify(name):
            names.setdefault(key, set()).add(slug)

    for a in authorities().values():
        for name in (a.name, a.nice_name, a.code, a.gss_code or "",
                     ENGLISH_ORG_ID_PREFIX + a.code if a.org_id else ""):
            add(name, a.slug)
    with LOOKUP_CSV.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["local-authority-code"] in by_code:
                add(r["la-name"], by_code[r["local-authority-code"]])
    return {k: frozenset(v) for k, v in names.items()}


def resolve(text: str) -> Authority:
    """The one authority `text` names, or UnknownCouncil (AmbiguousCouncil with candidates)."""
    key = slugify(text)
    known = authorities()
    if key in known:
        return known[key]
    matches = _by_name().get(key, frozenset())
    if len(matches) == 1:
        return known[next(iter(matches))]
    if matches:
        raise AmbiguousCouncil(_ambiguous(text, sorted(matches)))
    # Not a name: perhaps the first words of one ('newcastle', 'kingston').
    starting = sorted({s for name, slugs in _by_name().items() if name.startswith(key + "-")
                       for s in slugs}) if key else []
    if len(starting) > 1:
        raise AmbiguousCouncil(_ambiguous(text, starting))
    hint = (f"; did you mean {starting[0]}: {known[starting[0]].describe()}?" if starting
            else "")
    raise UnknownCouncil(f"{text!r} is not the name or code of a UK local authority in the "
                         f"register{hint}")


def candidates_listing(slugs: list[str]) -> str:
    known = authorities()
    ordered = sorted(slugs, key=lambda s: (not known[s].current, s))
    return "; ".join(f"{s}: {known[s].describe()}" for s in ordered)


def _ambiguous(text: str, slugs: list[str]) -> str:
    return (f"the council name {text!r} could be any of {len(slugs)} authorities: "
            f"{candidates_listing(slugs)}; name one by its slug or register code")


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
