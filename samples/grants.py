"""Grants in the 360Giving Data Standard 1.4: a community foundation's JSON and a trust's flat
spreadsheet (tables/foundation_grants.csv, trust_grants.csv), one title a formula-injection
attempt."""

import datetime as dt
import json
import random
from pathlib import Path

from samples import table_files as tables
from samples.councils import COUNCILS
from samples.dates import FY_END, FY_START, month_end
from samples.money import pounds
from samples.organisations import ORGS
from samples.writing import write_csv

# (recipient, council for beneficiary location, title, description)
FOUNDATION_GRANTS = tuple(
    (ORGS[row["recipient"]], row["council"], row["title"], row["description"])
    for row in tables.rows("foundation_grants.csv")
)
# (recipient, title, description)
TRUST_GRANTS = tuple(
    (ORGS[row["recipient"]], row["title"], row["description"])
    for row in tables.rows("trust_grants.csv")
)


def is_formula(title: str) -> bool:
    """A title a spreadsheet would run as a formula (the planted injection attempt)."""
    return title.startswith("=")


def award_dates(rng: random.Random) -> tuple[dt.date, dt.date, dt.date]:
    """An award date in FY 2024-25 and a 12- or 24-month planned period that follows it."""
    award = FY_START + dt.timedelta(days=rng.randint(0, (FY_END - FY_START).days))
    start = month_end(award.year, award.month) + dt.timedelta(days=1)
    index = start.month - 1 + rng.choice((12, 24))
    end = dt.date(start.year + index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)
    return award, start, end


def write_grants(out: Path, rng: random.Random) -> dict:
    """Write the 360Giving JSON and flat CSV; return their ledger entry."""
    funder = {"id": "GB-CHC-9999001", "name": "Illustrative Community Foundation"}
    grants = []
    for number, (org, council, title, description) in enumerate(FOUNDATION_GRANTS, start=1):
        award, start, end = award_dates(rng)
        place = COUNCILS[council]
        grants.append({
            "id": f"360G-sample-ICF-{number:04d}",
            "title": title,
            "description": description + " (illustrative)",
            "currency": "GBP",
            "amountAwarded": rng.randint(20, 240) * 250,
            "awardDate": award.isoformat(),
            "plannedDates": [{"startDate": start.isoformat(), "endDate": end.isoformat()}],
            "recipientOrganization": [
                {"id": org.org_id, "name": org.name, "postalCode": org.postcode}
            ],
            "fundingOrganization": [dict(funder)],
            "beneficiaryLocation": [
                {"name": place.area, "geoCode": place.geo_code, "geoCodeType": "LAD"}
            ],
        })
    path = out / "grants" / "illustrative-community-foundation.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"grants": grants}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )

    rows = []
    for number, (org, title, description) in enumerate(TRUST_GRANTS, start=1):
        award, _, _ = award_dates(rng)
        rows.append([
            f"360G-sample-INT-{number:04d}", title, description + " (illustrative)", "GBP",
            str(rng.randint(8, 120) * 250), award.isoformat(), org.org_id, org.name,
            org.postcode, "GB-CHC-9999002", "Illustrative Northern Trust",
        ])
    write_csv(
        out / "grants" / "illustrative-trust-grants.csv",
        [
            "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
            "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Postal Code",
            "Funding Org:Identifier", "Funding Org:Name",
        ],
        rows,
    )
    injection_row, title = next(
        (i, row[1]) for i, row in enumerate(rows, start=2) if is_formula(row[1])
    )
    return {
        "json": {
            "file": "grants/illustrative-community-foundation.json",
            "grants": len(grants),
            "amount_total": pounds(sum(g["amountAwarded"] for g in grants) * 100),
        },
        "csv": {
            "file": "grants/illustrative-trust-grants.csv",
            "grants": len(rows),
            "amount_total": pounds(sum(int(r[4]) for r in rows) * 100),
            "faults": [{
                "row": injection_row, "kind": "formula_injection", "column": "Title",
                "value": title, "bad": False,
            }],
        },
    }
