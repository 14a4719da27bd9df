"""Re-publishing the selection's grants in the 360Giving Data Standard, checked before writing.

Each grant is re-published as its funder published it (`staging.grants.grant_json`), less what
could identify a person: a grant to an individual (`recipientIndividual`) is left out, and the
contact name, email and telephone of any organisation are removed. The package is checked with
`jsonschema` against the schemas in `schema/` (see its README: a subset of the standard, not the
official 1.4 files).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMAS = Path(__file__).with_name("schema")
GRANT_SCHEMA = "360-giving-grant-core.json"
PACKAGE_SCHEMA = "360-giving-package-core.json"
PERSONAL = ("contactName", "email", "telephone")
ORGANISATIONS = ("recipientOrganization", "fundingOrganization")


class InvalidGrants(ValueError):
    """The grants to re-publish do not meet the 360Giving schema."""


def without_people(grant: dict) -> dict | None:
    """The grant with no personal data, or None for a grant to an individual."""
    if grant.get("recipientIndividual"):
        return None
    out = dict(grant)
    for key in ORGANISATIONS:
        if key in out:
            out[key] = [{k: v for k, v in org.items() if k not in PERSONAL} for org in out[key]]
    return out


def package(grants: list[dict], *, title: str, description: str, issued: dt.date,
            licence_url: str, publisher: str) -> dict:
    """A 360Giving JSON package of the grants (each stripped of personal data)."""
    kept = [g for g in (without_people(g) for g in grants) if g is not None]
    return {"grants": kept, "title": title, "description": description,
            "issued": issued.isoformat(), "license": licence_url,
            "publisher": {"name": publisher}}


def problems(data: dict) -> list[str]:
    """Every way `data` breaks the 360Giving package schema, each naming the grant and field."""
    validator = Draft4Validator(_schema(PACKAGE_SCHEMA), registry=_registry(),
                                format_checker=_formats())
    found = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(package)"
        if error.validator == "oneOf" and isinstance(error.instance, dict) and error.context:
            # A grant missing a required field fails both recipient branches: say which field.
            reasons = sorted({e.message for e in error.context if e.validator == "required"})
            found.append(f"{where}: {' or '.join(reasons) or error.message}")
        else:
            found.append(f"{where}: {error.message}")
    return found


def write(data: dict, path: Path) -> Path:
    """Write the package, refusing one that the schema rejects."""
    found = problems(data)
    if found:
        raise InvalidGrants("the grants do not meet the 360Giving schema: " + "; ".join(found[:5]))
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


def _registry() -> Registry:
    return Registry().with_resource(
        GRANT_SCHEMA, Resource.from_contents(_schema(GRANT_SCHEMA), default_specification=DRAFT4))


def _formats() -> FormatChecker:
    # The standard's dates are "a date-time OR a YYYY-MM-DD date" (oneOf): without a real
    # date-time check every plain date would match both branches and fail.
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if "T" not in value.upper():
            return False
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def uri(value) -> bool:
        return not isinstance(value, str) or bool(urlparse(value).scheme)

    return checker
