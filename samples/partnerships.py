"""The four sample partnerships and their partners (tables/partnerships.yaml), and the
partnership and partner registers written from them."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from samples.councils import COUNCILS
from samples.organisations import ORGS, Org
from samples.table_files import document
from samples.writing import bool_text, write_csv


@dataclass(frozen=True)
class Partner:
    """One organisation's place in one partnership."""

    org: Org
    role: str  # lead, member, design partner, council
    source: str  # E3M for memberships named in the toolkit, otherwise illustrative
    monthly_pence: int = 0  # the council's regular monthly payment to this partner


@dataclass(frozen=True)
class Partnership:
    partnership_id: str
    name: str
    council: str  # council slug
    route: str
    start: dt.date
    end: dt.date
    value_gbp: int
    value_note: str
    description: str
    source: str
    partners: tuple[Partner, ...]
    spend_vocab: tuple[tuple[str, str, str], ...]  # (service, expense, purpose); first = regular


def _partnership(entry: dict, sources: dict[str, str]) -> Partnership:
    partners = tuple(
        Partner(ORGS[p["org"]], p["role"], sources[p["source"]], p.get("monthly_pence", 0))
        for p in entry["partners"]
    )
    return Partnership(
        partnership_id=entry["partnership_id"], name=entry["name"], council=entry["council"],
        route=entry["route"], start=dt.date.fromisoformat(entry["start"]),
        end=dt.date.fromisoformat(entry["end"]), value_gbp=entry["value_gbp"],
        value_note=entry["value_note"], description=entry["description"],
        source=sources[entry["source"]], partners=partners,
        spend_vocab=tuple(tuple(v) for v in entry["spend_vocabulary"]),
    )


def _load() -> tuple[Partnership, ...]:
    table = document("partnerships.yaml")
    return tuple(_partnership(entry, table["sources"]) for entry in table["partnerships"])


PARTNERSHIPS = _load()
PARTNERSHIP_BY_COUNCIL = {p.council: p for p in PARTNERSHIPS}


def delivery_partners(partnership: Partnership) -> list[Partner]:
    """Partners other than the council (the ones paid, reporting outcomes and evidence)."""
    return [p for p in partnership.partners if p.role != "council"]


def write_partnership_registers(out: Path) -> None:
    """Write the partnership register and the partner register."""
    write_csv(
        out / "registers" / "partnerships.csv",
        [
            "partnership_id", "name", "lead_council", "lead_council_org_id",
            "commissioning_route", "start_date", "end_date", "contract_value_gbp",
            "contract_value_note", "description", "source",
        ],
        (
            [
                p.partnership_id, p.name, p.council, COUNCILS[p.council].org_id, p.route,
                p.start.isoformat(), p.end.isoformat(), str(p.value_gbp), p.value_note,
                p.description, p.source,
            ]
            for p in PARTNERSHIPS
        ),
    )
    write_csv(
        out / "registers" / "partners.csv",
        [
            "partnership_id", "org_id", "name", "role", "legal_form", "vcse",
            "registered_postcode", "asset_lock", "source",
        ],
        (
            [
                p.partnership_id, m.org.org_id, m.org.name, m.role, m.org.legal_form,
                bool_text(m.org.vcse), m.org.postcode, bool_text(m.org.asset_lock), m.source,
            ]
            for p in PARTNERSHIPS
            for m in p.partners
        ),
    )
