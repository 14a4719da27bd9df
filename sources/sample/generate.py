"""Generate the bundled sample data for socialvalue.

Everything this module writes under ``sources/sample/data/`` is SAMPLE DATA for demonstrations
and tests. The real facts are the ones in the project's domain fact sheet (the E3M *Procurement to
Partnership Toolkit* case studies: partnership names, routes, dates, the Oldham and Plymouth
contract values, and the names of the real organisations). Every other organisation name is
invented, and every identifier, amount, payment date, quantity, target, score, evidence value and
proxy value is illustrative.

The council spend files imitate four different publishing styles and carry deliberately planted
faults. ``data/EXPECTED.json`` is the ledger of what was written (rows, faults, totals); it is
computed here from the rows as they are written, never typed in.

Run from the project root::

    python -m sources.sample.generate              # rewrite everything under data/
    python -m sources.sample.generate --faults-table   # also print the README fault table

The output is deterministic: one seeded ``random.Random(20240401)`` hands a child seed to each
section in a fixed order, nothing depends on today's date or on set ordering, and XLSX files are
written with fixed document properties and fixed zip timestamps.
"""

import csv
import datetime as dt
import io
import json
import random
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import openpyxl
from openpyxl.writer.excel import ExcelWriter

SEED = 20240401
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FIXED_TIMESTAMP = dt.datetime(2025, 4, 30, 12, 0)
E3M = "E3M Procurement to Partnership Toolkit (2021)"
ILLUSTRATIVE = "illustrative"

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
MONTH_ABBR = [name[:3] for name in MONTH_NAMES]
# Financial year 2024-25, April to March.
FY_MONTHS = [(2024, m) for m in range(4, 13)] + [(2025, m) for m in range(1, 4)]
FY_START = dt.date(2024, 4, 1)
FY_END = dt.date(2025, 3, 31)
QUARTERS = {
    "Q1": FY_MONTHS[0:3],
    "Q2": FY_MONTHS[3:6],
    "Q3": FY_MONTHS[6:9],
    "Q4": FY_MONTHS[9:12],
}


# --------------------------------------------------------------------------------------------
# Small helpers: money, dates, writers
# --------------------------------------------------------------------------------------------


def pounds(pence: int) -> str:
    """Pence as a plain decimal string: 123456 -> '1234.56', -25000 -> '-250.00'."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def pounds_with_commas(pence: int) -> str:
    """Pence with thousands separators: 123456 -> '1,234.56'."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100:,}.{abs(pence) % 100:02d}"


def vat_on(net: int) -> int:
    """Standard-rate (20%) VAT on a net amount in pence, rounded half away from zero."""
    sign = -1 if net < 0 else 1
    return sign * ((abs(net) * 20 + 50) // 100)


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def working_days(year: int, month: int) -> list[dt.date]:
    """Monday-to-Friday dates of a month (bank holidays are not modelled)."""
    day = dt.date(year, month, 1)
    days = []
    while day.month == month:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def excel_serial(day: dt.date) -> int:
    """Excel's 1900-system serial number for a date (valid after 1 March 1900)."""
    return (day - dt.date(1899, 12, 30)).days


def bool_text(value: bool) -> str:
    return "true" if value else "false"


def write_csv(
    path: Path,
    header: list[str],
    rows: Iterable[list],
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    preamble: Iterable[str] = (),
) -> None:
    """Write a CSV file; ``preamble`` lines (junk above the header) are written verbatim."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        for line in preamble:
            handle.write(line + newline)
        writer = csv.writer(handle, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)


def save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save an XLSX file byte-for-byte reproducibly.

    openpyxl's own ``save`` stamps the current time into the document properties and into every
    zip entry, so we write through ``ExcelWriter`` ourselves and then re-pack the archive with a
    fixed timestamp.
    """
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))


def child_rng(master: random.Random) -> random.Random:
    """A section's own generator, so one section's draws never shift another's."""
    return random.Random(master.randrange(2**32))


# --------------------------------------------------------------------------------------------
# Organisations and partnerships
# --------------------------------------------------------------------------------------------

# legal form -> (is VCSE, has an asset lock)
LEGAL_FORMS = {
    "charity": (True, True),
    "CIO": (True, True),
    "CIC": (True, True),
    "community benefit society": (True, True),
    "company limited by guarantee": (True, False),
    "company limited by shares": (False, False),
    "local authority": (False, False),
    "NHS body": (False, False),
}


@dataclass(frozen=True)
class Org:
    """An organisation. Names of real organisations are real; ids and postcodes are invented."""

    org_id: str
    name: str
    legal_form: str
    postcode: str

    @property
    def charity_number(self) -> str:
        return self.org_id.removeprefix("GB-CHC-") if self.org_id.startswith("GB-CHC-") else ""

    @property
    def company_number(self) -> str:
        return self.org_id.removeprefix("GB-COH-") if self.org_id.startswith("GB-COH-") else ""

    @property
    def vcse(self) -> bool:
        return LEGAL_FORMS[self.legal_form][0]

    @property
    def asset_lock(self) -> bool:
        return LEGAL_FORMS[self.legal_form][1]


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


@dataclass(frozen=True)
class Council:
    slug: str
    name: str
    org_id: str
    geo_code: str  # ONS code used for 360Giving beneficiaryLocation
    area: str


COUNCILS = {
    "oldham": Council("oldham", "Oldham Council", "GB-LAE-OLD", "E08000004", "Oldham"),
    "plymouth": Council("plymouth", "Plymouth City Council", "GB-LAE-PLY", "E06000026", "Plymouth"),
    "leicestershire": Council(
        "leicestershire", "Leicestershire County Council", "GB-LAE-LEC", "E10000018",
        "Leicestershire",
    ),
    "croydon": Council("croydon", "Croydon Council", "GB-LAE-CRY", "E09000008", "Croydon"),
}

# --- Oldham: names are real (E3M); charity numbers and postcodes are invented.
ACTION_TOGETHER = Org("GB-CHC-9914307", "Action Together", "CIO", "OL1 9ZA")
AGE_UK_OLDHAM = Org("GB-CHC-9920518", "Age UK Oldham", "charity", "OL1 9ZB")
POSITIVE_STEPS = Org("GB-CHC-9931762", "Positive Steps", "charity", "OL8 9ZD")
TOG_MIND = Org("GB-CHC-9947215", "Tameside, Oldham & Glossop Mind", "charity", "OL9 9ZE")
OLDHAM_COUNCIL = Org("GB-LAE-OLD", "Oldham Council", "local authority", "OL1 9ZF")

# --- Plymouth: the council is real; the seven other alliance members are invented.
PLYMOUTH_COUNCIL = Org("GB-LAE-PLY", "Plymouth City Council", "local authority", "PL1 9ZA")
TAMAR_HOUSING = Org("GB-CHC-9951204", "Tamar Housing Trust (illustrative)", "charity", "PL4 9ZB")
STONEHOUSE_WOMEN = Org(
    "GB-CHC-9953318", "Stonehouse Women's Project (illustrative)", "CIO", "PL1 9ZD"
)
HARBOURSIDE = Org("GB-COH-09915527", "Harbourside Recovery CIC (illustrative)", "CIC", "PL2 9ZE")
HOE_HOMES = Org(
    "GB-MPR-99341", "Hoe Community Homes Society (illustrative)", "community benefit society",
    "PL3 9ZF",
)
PLYM_VALLEY = Org(
    "GB-COH-09917744", "Plym Valley Advice Centre (illustrative)", "company limited by guarantee",
    "PL7 9ZG",
)
CATTEWATER = Org(
    "GB-CHC-9956630", "Cattewater Drug & Alcohol Service (illustrative)", "charity", "PL9 9ZH"
)
# Out of area on purpose (Exeter), to exercise local-roots checks.
NHS_TRUST = Org("GB-NHS-ZZ9", "Illustrative Community NHS Trust", "NHS body", "EX1 9ZJ")

# --- Leicestershire: council and Barnardo's are real names (E3M); the other two are invented.
LEICS_COUNCIL = Org(
    "GB-LAE-LEC", "Leicestershire County Council", "local authority", "LE3 9ZA"
)
# Out of area on purpose (a national charity's head office outside the county).
BARNARDOS = Org("GB-CHC-9961420", "Barnardo's", "charity", "IG6 9ZB")
WREAKE_TRUST = Org(
    "GB-CHC-9963051", "Wreake Valley Foster Carers Trust (illustrative)", "charity", "LE7 9ZD"
)
SOAR_VALLEY = Org(
    "GB-COH-09921876", "Soar Valley Young People's Network (illustrative)",
    "company limited by guarantee", "LE11 9ZE",
)

# --- Croydon: the council is real; the partnership and its four VCSE partners are invented.
CROYDON_COUNCIL = Org("GB-LAE-CRY", "Croydon Council", "local authority", "CR0 9ZA")
TH_KITCHEN = Org(
    "GB-COH-09930412", "Thornton Heath Community Kitchen CIC (illustrative)", "CIC", "CR7 9ZB"
)
SN_YOUTH = Org("GB-CHC-9972264", "South Norwood Youth Hub (illustrative)", "CIO", "SE25 9ZD")
ADDISCOMBE_ADVICE = Org(
    "GB-COH-09931587", "Addiscombe Advice Centre (illustrative)", "company limited by guarantee",
    "CR0 9ZE",
)
LLOYD_PARK = Org(
    "GB-MPR-99417", "Lloyd Park Growers Society (illustrative)", "community benefit society",
    "CR0 9ZF",
)

PARTNERSHIPS = (
    Partnership(
        partnership_id="oldham-social-prescribing",
        name="Oldham Social Prescribing Innovation Partnership",
        council="oldham",
        route="direct award",
        start=dt.date(2024, 11, 1),
        end=dt.date(2030, 10, 31),
        value_gbp=3_900_000,
        value_note=(
            "£3.9m over 6 years, £650k a year; re-let Nov 2024 by direct award to Action "
            "Together; the 2019 partnership was about £1.1m-£1.25m over 3 years (sources differ)"
        ),
        description=(
            "Social prescribing consortium led by Action Together with Age UK Oldham, Positive "
            "Steps and Tameside, Oldham & Glossop Mind. First let March 2019 as an innovation "
            "partnership (2019-03-01 to 2022-02-28); this row is the November 2024 re-let. "
            "Outcomes framed as less social isolation, less loneliness, better self-reported "
            "wellbeing and fewer health inequalities."
        ),
        source=E3M,
        partners=(
            Partner(ACTION_TOGETHER, "lead", E3M, 2_291_667),
            Partner(AGE_UK_OLDHAM, "member", E3M, 1_041_667),
            Partner(POSITIVE_STEPS, "member", E3M, 1_041_667),
            Partner(TOG_MIND, "member", E3M, 1_041_666),
            Partner(OLDHAM_COUNCIL, "council", E3M),
        ),
        spend_vocab=(
            ("Public Health", "Contracted Services - Voluntary Sector",
             "Social prescribing partnership - monthly payment"),
            ("Public Health", "Volunteer Expenses", "Social prescribing volunteer expenses"),
            ("Public Health", "Training", "Link worker training"),
        ),
    ),
    Partnership(
        partnership_id="plymouth-complex-needs",
        name="Plymouth Alliance for Complex Needs",
        council="plymouth",
        route="alliance contract",
        start=dt.date(2019, 4, 1),
        end=dt.date(2029, 3, 31),
        value_gbp=7_700_000,
        value_note="£7.7m in year one; 25 former contracts merged",
        description=(
            "25 former homelessness and substance misuse contracts merged into one alliance "
            "contract; 8 members including the council share responsibility for outcomes. Live "
            "1 April 2019 for 5 years, extendable to 2029. The seven non-council members named "
            "here are illustrative."
        ),
        source=E3M,
        partners=(
            Partner(PLYMOUTH_COUNCIL, "council", E3M),
            Partner(TAMAR_HOUSING, "member", ILLUSTRATIVE, 13_500_000),
            Partner(STONEHOUSE_WOMEN, "member", ILLUSTRATIVE, 6_250_000),
            Partner(HARBOURSIDE, "member", ILLUSTRATIVE, 8_875_000),
            Partner(HOE_HOMES, "member", ILLUSTRATIVE, 7_125_000),
            Partner(PLYM_VALLEY, "member", ILLUSTRATIVE, 4_500_000),
            Partner(CATTEWATER, "member", ILLUSTRATIVE, 11_800_000),
            Partner(NHS_TRUST, "member", ILLUSTRATIVE, 10_450_000),
        ),
        spend_vocab=(
            ("Adult Social Care", "Alliance Contract Payments",
             "Complex needs alliance - monthly payment"),
            ("Housing", "Supported Accommodation", "Alliance supported accommodation"),
            ("Public Health", "Substance Misuse Services", "Alliance treatment services"),
        ),
    ),
    Partnership(
        partnership_id="leicestershire-childrens",
        name="Leicestershire Children's Innovation Partnership",
        council="leicestershire",
        route="innovation partnership",
        start=dt.date(2017, 10, 1),
        end=dt.date(2027, 9, 30),
        value_gbp=2_400_000,
        value_note="illustrative value; the toolkit gives no contract value",
        description=(
            "2017/18, the first innovation partnership of its kind in the UK: Barnardo's as a "
            "design partner with provider potential under the light-touch regime; co-design, "
            "co-delivery and co-investment for looked-after children. End date, value and the "
            "two other VCSE partners are illustrative."
        ),
        source=E3M,
        partners=(
            Partner(LEICS_COUNCIL, "council", E3M),
            Partner(BARNARDOS, "design partner", E3M, 1_200_000),
            Partner(WREAKE_TRUST, "member", ILLUSTRATIVE, 425_000),
            Partner(SOAR_VALLEY, "member", ILLUSTRATIVE, 375_000),
        ),
        spend_vocab=(
            ("Children's Services", "Contracted Services - Voluntary Sector",
             "Children's innovation partnership - monthly payment"),
            ("Children's Services", "Co-investment Contributions",
             "Innovation partnership co-investment"),
            ("Children's Services", "Training", "Foster carer training"),
        ),
    ),
    Partnership(
        partnership_id="croydon-community",
        name="Croydon Community Partnership (illustrative)",
        council="croydon",
        route="grant",
        start=dt.date(2023, 4, 1),
        end=dt.date(2026, 3, 31),
        value_gbp=1_200_000,
        value_note="illustrative: £400k a year over 3 years",
        description=(
            "Illustrative grant-funded partnership between Croydon Council and four community "
            "organisations (Croydon is listed among the toolkit's case studies; this "
            "partnership is invented)."
        ),
        source=ILLUSTRATIVE,
        partners=(
            Partner(CROYDON_COUNCIL, "council", ILLUSTRATIVE),
            Partner(TH_KITCHEN, "member", ILLUSTRATIVE, 950_000),
            Partner(SN_YOUTH, "member", ILLUSTRATIVE, 900_000),
            Partner(ADDISCOMBE_ADVICE, "member", ILLUSTRATIVE, 833_333),
            Partner(LLOYD_PARK, "member", ILLUSTRATIVE, 650_000),
        ),
        spend_vocab=(
            ("Communities", "Grants to Voluntary Organisations",
             "Community partnership grant - monthly instalment"),
            ("Communities", "Capacity Building", "Community partnership capacity building"),
            ("Communities", "Volunteer Expenses", "Community partnership volunteer expenses"),
        ),
    ),
)
PARTNERSHIP_BY_COUNCIL = {p.council: p for p in PARTNERSHIPS}


def delivery_partners(partnership: Partnership) -> list[Partner]:
    """Partners other than the council (the ones paid, reporting outcomes and evidence)."""
    return [p for p in partnership.partners if p.role != "council"]


# --------------------------------------------------------------------------------------------
# B. Registers
# --------------------------------------------------------------------------------------------


def write_registers(out: Path) -> None:
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


# --------------------------------------------------------------------------------------------
# D. Measure catalogue and price index (the project's own illustrative values, CC0-1.0)
# --------------------------------------------------------------------------------------------

CATALOGUE_SOURCE = (
    "socialvalue project: illustrative value for demonstration only; "
    "replace with a licensed or official catalogue"
)


@dataclass(frozen=True)
class Measure:
    code: str
    theme: str
    outcome: str
    unit: str
    proxy_gbp: str
    price_year: int
    deadweight: str
    attribution: str
    displacement: str
    drop_off: str
    benefit_years: int
    discount: str
    overlaps_with: str = ""
    sensitive: bool = False
    counts: str = "people"


MEASURES = (
    Measure("ILL-WB-01", "social", "Improved self-reported wellbeing", "person", "1450.00",
            2021, "0.25", "0.30", "0.00", "0.20", 2, "standard"),
    Measure("ILL-ISO-01", "social", "Reduced social isolation", "person", "920.00",
            2023, "0.30", "0.25", "0.00", "0.25", 2, "standard", overlaps_with="ILL-WB-01"),
    Measure("ILL-GP-01", "social", "GP appointment avoided", "appointment", "42.00",
            2019, "0.20", "0.20", "0.00", "0.00", 1, "health", counts="not people"),
    Measure("ILL-AE-01", "social", "A&E attendance avoided", "attendance", "175.00",
            2021, "0.25", "0.20", "0.00", "0.00", 1, "health", counts="not people"),
    Measure("ILL-VOL-01", "social", "Hour of volunteering", "hour", "11.50",
            2024, "0.10", "0.15", "0.05", "0.00", 1, "standard", counts="not people"),
    Measure("ILL-ROUGH-01", "social", "Moved from rough sleeping into accommodation", "person",
            "9800.00", 2019, "0.15", "0.25", "0.05", "0.30", 3, "standard"),
    Measure("ILL-TEN-01", "social", "Tenancy sustained for 6 months", "tenancy", "3600.00",
            2023, "0.20", "0.20", "0.05", "0.20", 2, "standard", counts="tenancies"),
    Measure("ILL-TEN-02", "social", "Tenancy lost (negative outcome)", "tenancy", "-4200.00",
            2023, "0.00", "0.20", "0.00", "0.00", 1, "standard", counts="tenancies"),
    Measure("ILL-SUB-01", "social", "Completed substance misuse treatment", "person", "6100.00",
            2021, "0.30", "0.35", "0.00", "0.30", 3, "health"),
    Measure("ILL-LAC-01", "social", "Looked-after child placement stability maintained", "child",
            "5400.00", 2024, "0.35", "0.30", "0.00", "0.20", 2, "standard", sensitive=True),
    Measure("ILL-EET-01", "jobs", "Young person into education, employment or training",
            "person", "3900.00", 2023, "0.40", "0.25", "0.10", "0.30", 2, "standard"),
    Measure("ILL-EMP-01", "jobs", "Person moved into employment", "person", "8200.00",
            2024, "0.35", "0.20", "0.15", "0.25", 3, "standard"),
)
MEASURE_BY_CODE = {m.code: m for m in MEASURES}

# Illustrative GDP-deflator-like index, 2024 = 100.0 (NOT HM Treasury's figures).
PRICE_INDEX = (
    (2017, "82.4"), (2018, "84.0"), (2019, "85.7"), (2020, "88.1"), (2021, "88.9"),
    (2022, "93.6"), (2023, "97.5"), (2024, "100.0"), (2025, "102.4"), (2026, "104.6"),
)


def write_catalogue(out: Path) -> None:
    """Write the illustrative measure catalogue and the illustrative price index."""
    write_csv(
        out / "catalogue" / "illustrative-2026.csv",
        [
            "framework", "edition", "code", "theme", "outcome", "unit", "proxy_value_gbp",
            "price_year", "source", "licence", "deadweight", "attribution", "displacement",
            "drop_off", "benefit_years", "discount_schedule", "overlaps_with",
            "sensitive_cohort", "counts",
        ],
        (
            [
                "socialvalue-illustrative", "2026.1", m.code, m.theme, m.outcome, m.unit,
                m.proxy_gbp, str(m.price_year), CATALOGUE_SOURCE, "CC0-1.0", m.deadweight,
                m.attribution, m.displacement, m.drop_off, str(m.benefit_years), m.discount,
                m.overlaps_with, bool_text(m.sensitive), m.counts,
            ]
            for m in MEASURES
        ),
    )
    write_csv(
        out / "catalogue" / "price-index.csv",
        ["year", "index", "source"],
        (
            [str(year), index, "illustrative; replace with HM Treasury GDP deflators (OGL)"]
            for year, index in PRICE_INDEX
        ),
    )


# --------------------------------------------------------------------------------------------
# A. Spend over £500
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payee:
    """Who a spend line pays, as the council would print it."""

    name: str
    kind: str  # key into SPEND_VOCAB, or "partner"
    charity_number: str = ""
    company_number: str = ""


# kind -> (service, expense type, purpose) choices; councils relabel services as departments.
SPEND_VOCAB = {
    "office": (
        ("Corporate Services", "Stationery", "Office stationery"),
        ("Corporate Services", "Office Furniture", "Replacement desks and chairs"),
        ("Libraries", "Library Consumables", "Library consumables"),
    ),
    "fleet": (
        ("Waste and Recycling", "Vehicle Repairs and Maintenance", "Refuse vehicle servicing"),
        ("Highways", "Vehicle Hire", "Short-term van hire"),
        ("Waste and Recycling", "Tyres", "Fleet tyre replacement"),
    ),
    "grounds": (
        ("Parks and Open Spaces", "Grounds Maintenance", "Grass cutting and hedges"),
        ("Parks and Open Spaces", "Tree Works", "Tree safety works"),
        ("Highways", "Winter Maintenance", "Gritting salt"),
    ),
    "catering": (
        ("Children's Services", "Catering", "School holiday meals"),
        ("Adult Social Care", "Provisions", "Day centre meals"),
        ("Corporate Services", "Hospitality", "Refreshments for consultation events"),
    ),
    "it": (
        ("ICT", "Software Licences", "Annual software licence"),
        ("ICT", "IT Hardware", "Laptops and peripherals"),
        ("ICT", "IT Support Services", "Network support"),
    ),
    "agency": (
        ("Adult Social Care", "Agency Staff", "Agency social worker cover"),
        ("Children's Services", "Agency Social Workers", "Agency social worker cover"),
        ("Corporate Services", "Temporary Staff", "Temporary administrative staff"),
    ),
    "print": (
        ("Corporate Services", "Printing", "Council tax leaflets"),
        ("Communities", "Publicity", "Event posters"),
        ("Corporate Services", "Postage", "Bulk mailing"),
    ),
    "construction": (
        ("Housing", "Building Repairs", "Responsive repairs"),
        ("Highways", "Highway Works", "Footway resurfacing"),
        ("Corporate Services", "Planned Maintenance", "Roof repairs"),
    ),
    "vcse": (
        ("Communities", "Grants to Voluntary Organisations", "Community grant"),
        ("Adult Social Care", "Day Care Services", "Day opportunities"),
        ("Public Health", "Health Improvement Services", "Health improvement sessions"),
        ("Children's Services", "Short Breaks", "Short breaks for disabled children"),
        ("Housing", "Homelessness Support", "Floating support"),
    ),
    "nhs": (
        ("Public Health", "Payments to NHS Bodies", "Joint commissioning contribution"),
        ("Adult Social Care", "Payments to NHS Bodies", "Hospital discharge support"),
        ("Children's Services", "Payments to NHS Bodies", "Health visiting contribution"),
    ),
    "public": (
        ("Corporate Services", "Payments to Other Public Bodies", "Partnership contribution"),
        ("Communities", "Payments to Other Public Bodies", "Community safety contribution"),
        ("Highways", "Payments to Other Public Bodies", "Transport levy"),
    ),
    "hmrc": (
        ("Corporate Services", "Payments to Government Departments", "Statutory payment"),
    ),
    "person": (
        ("Adult Social Care", "Direct Payments", "Direct payment to service user"),
        ("Children's Services", "Foster Carer Allowances", "Fostering allowance"),
        ("Children's Services", "Special Guardianship Allowances", "Special guardianship"),
    ),
    "commercial": (
        ("Housing", "Temporary Accommodation", "Emergency accommodation"),
        ("Legal Services", "Settlements", "Settlement of claim"),
    ),
}
# Bands in pence; the draw is skewed towards the low end, as real spend files are.
AMOUNT_BANDS = {
    "office": (55_000, 480_000),
    "fleet": (60_000, 1_500_000),
    "grounds": (80_000, 2_500_000),
    "catering": (52_000, 600_000),
    "it": (90_000, 4_500_000),
    "agency": (150_000, 1_800_000),
    "print": (55_000, 700_000),
    "construction": (200_000, 8_500_000),
    "vcse": (60_000, 1_500_000),
    "nhs": (500_000, 12_000_000),
    "public": (100_000, 5_000_000),
    "hmrc": (500_000, 3_000_000),
    "person": (52_000, 350_000),
    "commercial": (100_000, 2_500_000),
}
VAT_RATED = ("office", "fleet", "grounds", "catering", "it", "agency", "print", "construction")
COMPANY_KINDS = VAT_RATED

# Two non-partner VCSEs that are paid by their councils and also receive grants.
SHOLVER_FOOD_SHARE = Org("GB-CHC-9981204", "Sholver Food Share CIO", "CIO", "OL2 9ZG")
WADDON_WELLBEING = Org("GB-CHC-9985012", "Waddon Wellbeing CIO", "CIO", "CR0 9ZG")

# Ordinary payees per council: invented companies and VCSEs, placeholder public bodies.
OTHER_PAYEES = {
    "oldham": (
        Payee("Moorland Office Supplies Ltd", "office"),
        Payee("Pennine Fleet Services Ltd", "fleet"),
        Payee("Tandle Hill Grounds Maintenance Ltd", "grounds"),
        Payee("Alexandra Park Catering Limited", "catering"),
        Payee("Greenacres Digital Solutions Ltd", "it"),
        Payee("Kestrel Agency Staffing plc", "agency"),
        Payee("Chadderton Print Works Ltd", "print"),
        Payee("Saddleworth Stone & Paving Ltd", "construction"),
        Payee("Lantern Lane Befrienders CIC", "vcse"),
        Payee(SHOLVER_FOOD_SHARE.name, "vcse", SHOLVER_FOOD_SHARE.charity_number),
        Payee("Hollinwood Men's Shed Trust", "vcse", charity_number="9982317"),
        Payee("Coppice Street Community Interest Company", "vcse"),
        Payee("Failsworth Tea Dance Charitable Incorporated Organisation", "vcse",
              charity_number="9983452"),
        Payee("Illustrative Integrated Care Board", "nhs"),
        Payee("Illustrative Combined Authority", "public"),
        Payee("HM Revenue & Customs", "hmrc"),
    ),
    "plymouth": (
        Payee("Mount Batten Builders’ Merchants Ltd", "construction"),
        Payee("Café Céleste Catering Ltd", "catering"),
        Payee("Sutton Harbour Print – Design Ltd", "print"),
        Payee("Tamarside Fleet Hire Limited", "fleet"),
        Payee("Breakwater Digital Ltd", "it"),
        Payee("Westcountry Agency Staffing plc", "agency"),
        Payee("Mewstone Grounds Care Ltd", "grounds"),
        Payee("Eddystone Office Supplies Ltd", "office"),
        Payee("Breakwater Befriending CIC", "vcse"),
        Payee("Ocean City Food Share CIO", "vcse"),
        Payee("Efford Allotment Trust", "vcse"),
        Payee("Keyham Repair Café Community Interest Company", "vcse"),
        Payee("Pennycross Carers Charitable Incorporated Organisation", "vcse"),
        Payee("Illustrative Integrated Care Board", "nhs"),
        Payee("Illustrative Police and Crime Commissioner", "public"),
        Payee("HM Revenue & Customs", "hmrc"),
    ),
    "leicestershire": (
        Payee("Charnwood Highway Supplies Ltd", "construction", company_number="09914521"),
        Payee("Bosworth Fleet Maintenance Limited", "fleet", company_number="09914688"),
        Payee("Beacon Hill IT Services Ltd", "it", company_number="09915032"),
        Payee("Rutland Road Agency Staffing plc", "agency", company_number="09915177"),
        Payee("Soar Gravel & Aggregates Ltd", "grounds", company_number="09915340"),
        Payee("Bradgate Catering Ltd", "catering", company_number="SC991274"),
        Payee("Market Bosworth Print Ltd", "print", company_number="09915603"),
        Payee("Quorn Office Supplies Ltd", "office", company_number="09915718"),
        Payee("Foxton Locks Family Support CIC", "vcse", company_number="09916042"),
        Payee("Hinckley Young Carers CIO", "vcse", charity_number="9984116"),
        Payee("Melton Rural Transport Trust", "vcse", charity_number="9984273"),
        Payee("Ashby Reading Friends Community Interest Company", "vcse",
              company_number="09916395"),
        Payee("Lutterworth Respite Charitable Incorporated Organisation", "vcse",
              charity_number="9984508"),
        Payee("Illustrative Integrated Care Board", "nhs"),
        Payee("Illustrative District Council", "public"),
        Payee("HM Revenue & Customs", "hmrc"),
    ),
    "croydon": (
        Payee("Purley Way Office Supplies Ltd", "office"),
        Payee("Wandle Fleet Services Limited", "fleet"),
        Payee("Addington Hills Grounds Care Ltd", "grounds"),
        Payee("Fairfield Digital Ltd", "it"),
        Payee("Surrey Street Catering Ltd", "catering"),
        Payee("Gateway Agency Staffing plc", "agency"),
        Payee("Selsdon Print & Post Ltd", "print"),
        Payee("Norwood Junction Building Services Ltd", "construction"),
        Payee("Selhurst Supper Club CIC", "vcse"),
        Payee(WADDON_WELLBEING.name, "vcse"),
        Payee("Norbury Brook Heritage Trust", "vcse"),
        Payee("Coulsdon Carers Community Interest Company", "vcse"),
        Payee("New Addington Tenants Charitable Incorporated Organisation", "vcse"),
        Payee("Illustrative Integrated Care Board", "nhs"),
        Payee("Illustrative Mayor's Office for Policing", "public"),
        Payee("HM Revenue & Customs", "hmrc"),
    ),
}
# How often each broad kind of ordinary payee turns up.
PAYEE_WEIGHTS = {"company": 60, "vcse": 25, "nhs": 6, "public": 6, "hmrc": 3}

# The planted faults, month by month (a month is "YYYY-MM"). Row positions are drawn at random;
# the ledger records where each one landed.
#   redacted          a redacted beneficiary (argument: the exact redaction text); valid
#   credit_note       a negative amount; valid
#   split             one transaction on 2-3 lines with different amounts and expense types;
#                     argument (what is split, lines): a partner's monthly payment or a company's
#   duplicate         one clean line repeated immediately after itself (a true duplicate)
#   bad_amount, bad_date, blank_supplier, zero_amount   the council's one genuinely bad row
#   future_date       a payment dated years after the file's month
#   date_outside_period  a payment dated in the month before the file's month
FAULT_PLANS = {
    "oldham": (
        ("2024-04", "redacted", "REDACTED PERSONAL DATA"),
        ("2024-05", "credit_note", None),
        ("2024-06", "split", ("partner", 3)),
        ("2024-07", "redacted", "Redacted Data"),
        ("2024-08", "duplicate", None),
        ("2024-09", "credit_note", None),
        ("2024-09", "redacted", "REDACTED PERSONAL DATA"),
        ("2024-10", "future_date", "15/07/2031"),
        ("2024-11", "split", ("company", 2)),
        ("2024-12", "bad_amount", "TBC"),
        ("2025-01", "redacted", "Redacted Data"),
        ("2025-02", "credit_note", None),
        ("2025-03", "redacted", "REDACTED PERSONAL DATA"),
    ),
    "plymouth": (
        ("2024-04", "redacted", "Redacted Personal Information"),
        ("2024-05", "split", ("company", 2)),
        ("2024-06", "credit_note", None),
        ("2024-07", "redacted", "REDACTED COMMERCIAL CONFIDENTIALITY"),
        ("2024-09", "redacted", "Redacted Personal Information"),
        ("2024-10", "date_outside_period", None),
        ("2024-11", "duplicate", None),
        ("2024-11", "credit_note", None),
        ("2024-12", "split", ("partner", 2)),
        ("2025-01", "redacted", "Redacted Personal Information"),
        ("2025-02", "bad_date", "31-Feb-25"),
        ("2025-03", "credit_note", None),
        ("2025-03", "redacted", "REDACTED COMMERCIAL CONFIDENTIALITY"),
    ),
    "leicestershire": (
        ("2024-04", "redacted", "redacted"),
        ("2024-05", "credit_note", None),
        ("2024-07", "split", ("company", 3)),
        ("2024-08", "redacted", "REDACTED PERSONAL DATA"),
        ("2024-10", "blank_supplier", None),
        ("2024-11", "credit_note", None),
        ("2024-11", "redacted", "redacted"),
        ("2025-01", "split", ("partner", 2)),
        ("2025-01", "duplicate", None),
        ("2025-03", "credit_note", None),
        ("2025-03", "redacted", "redacted"),
    ),
    "croydon": (
        ("2024-04", "redacted", "Redacted Data"),
        ("2024-05", "split", ("partner", 2)),
        ("2024-06", "credit_note", None),
        ("2024-08", "redacted", "REDACTED COMMERCIAL CONFIDENTIALITY"),
        ("2024-09", "zero_amount", None),
        ("2024-10", "split", ("company", 3)),
        ("2024-12", "duplicate", None),
        ("2024-12", "redacted", "Redacted Data"),
        ("2025-01", "credit_note", None),
        ("2025-03", "credit_note", None),
        ("2025-03", "redacted", "REDACTED PERSONAL DATA"),
    ),
}
# Kinds whose rows are genuinely wrong and should be excluded from trusted totals.
BAD_KINDS = (
    "bad_amount", "bad_date", "blank_supplier", "zero_amount", "future_date",
    "date_outside_period",
)


@dataclass
class Fault:
    """A planted fault on one line. ``field`` is logical; each format names the column."""

    kind: str
    field: str  # supplier, amount, date or txn

    @property
    def bad(self) -> bool:
        return self.kind in BAD_KINDS


@dataclass
class Line:
    """One line of a spend file before it is dressed in a council's format."""

    paid: dt.date  # the real payment date; also the sort key
    payee: Payee
    service: str
    expense: str
    purpose: str
    net: int | None  # pence; None when the written amount is not a number
    vat: int
    group: int  # lines of one group share a transaction number
    faults: list[Fault] = field(default_factory=list)
    date_text: str | None = None  # written instead of the formatted date
    amount_text: str | None = None  # written instead of the formatted amount
    commas: bool = False  # Oldham: write the amount with thousands separators
    serial_date: bool = False  # Croydon: write the date as a bare Excel serial number
    duplicated: bool = False  # repeat this line immediately after itself


@dataclass
class Row:
    """A line as written, with its transaction number; ``copy`` marks a true duplicate."""

    line: Line
    txn: str
    copy: bool = False


class SpendBook:
    """Builds a council's spend lines month by month, with its plan of planted faults."""

    def __init__(self, rng: random.Random, council: str) -> None:
        self.rng = rng
        self.council = council
        self.partnership = PARTNERSHIP_BY_COUNCIL[council]
        self.partners = delivery_partners(self.partnership)
        self.others = OTHER_PAYEES[council]
        self.next_group = 0

    # --- payees and amounts

    def partner_payee(self, partner: Partner) -> Payee:
        org = partner.org
        return Payee(org.name, "partner", org.charity_number, org.company_number)

    def pick_other(self, broad: str | None = None) -> Payee:
        """An ordinary payee; ``broad`` is company, vcse, nhs, public or hmrc."""
        if broad is None:
            kinds = list(PAYEE_WEIGHTS)
            broad = self.rng.choices(kinds, weights=[PAYEE_WEIGHTS[k] for k in kinds])[0]
        if broad == "company":
            pool = [p for p in self.others if p.kind in COMPANY_KINDS]
        else:
            pool = [p for p in self.others if p.kind == broad]
        return self.rng.choice(pool)

    def amount(self, kind: str) -> int:
        low, high = AMOUNT_BANDS[kind]
        return low + int((high - low) * self.rng.random() ** 2.2)

    def new_group(self) -> int:
        self.next_group += 1
        return self.next_group

    def line(self, paid: dt.date, payee: Payee, net: int, vocab: tuple[str, str, str]) -> Line:
        service, expense, purpose = vocab
        vat = vat_on(net) if payee.kind in VAT_RATED else 0
        return Line(
            paid=paid, payee=payee, service=service, expense=expense, purpose=purpose,
            net=net, vat=vat, group=self.new_group(),
            commas=abs(net) >= 100_000 and self.rng.random() < 0.4,
        )

    def ordinary_line(self, year: int, month: int, payee: Payee | None = None) -> Line:
        payee = payee or self.pick_other()
        day = self.rng.choice(working_days(year, month))
        vocab = self.rng.choice(SPEND_VOCAB[payee.kind])
        return self.line(day, payee, self.amount(payee.kind), vocab)

    # --- a month

    def partner_pay_day(self, year: int, month: int) -> dt.date:
        """Partners are paid on the first working day on or after the 10th."""
        return next(d for d in working_days(year, month) if d.day >= 10)

    def month(self, year: int, month: int) -> list[Line]:
        """All lines for one month: partner payments, planted faults, then ordinary spend."""
        key = f"{year}-{month:02d}"
        plan = [(kind, arg) for m, kind, arg in FAULT_PLANS[self.council] if m == key]
        target = self.rng.randint(34, 56)
        split_partner = next(
            (arg[1] for kind, arg in plan if kind == "split" and arg[0] == "partner"), 0
        )
        lines = self.partner_lines(year, month, split_partner)
        for kind, arg in plan:
            lines.extend(self.planted(kind, arg, year, month))
        duplicates = sum(1 for kind, _ in plan if kind == "duplicate")
        while len(lines) + duplicates < target:
            lines.append(self.ordinary_line(year, month))
        if duplicates:
            self.mark_duplicate(lines)
        return lines

    def partner_lines(self, year: int, month: int, split_lines: int) -> list[Line]:
        """The regular monthly payment to each delivery partner; one may be split."""
        day = self.partner_pay_day(year, month)
        regular = self.partnership.spend_vocab[0]
        lines = []
        split_target = self.rng.randrange(len(self.partners)) if split_lines else -1
        for index, partner in enumerate(self.partners):
            payee = self.partner_payee(partner)
            if index == split_target:
                lines.extend(
                    self.split_lines(day, payee, partner.monthly_pence, split_lines,
                                     list(self.partnership.spend_vocab))
                )
            else:
                lines.append(self.line(day, payee, partner.monthly_pence, regular))
        return lines

    def split_lines(
        self, day: dt.date, payee: Payee, total: int, count: int,
        vocab: list[tuple[str, str, str]],
    ) -> list[Line]:
        """One payment over ``count`` lines with distinct amounts and expense types."""
        while True:
            weights = [self.rng.randint(25, 60) for _ in range(count)]
            amounts = [total * w // sum(weights) for w in weights[:-1]]
            amounts.append(total - sum(amounts))
            if len(set(amounts)) == count:
                break
        choices = [vocab[0], *self.rng.sample(vocab[1:], count - 1)]
        group = self.new_group()
        lines = []
        for amount, choice in zip(amounts, choices, strict=True):
            line = self.line(day, payee, amount, choice)
            line.group = group
            line.faults.append(Fault("split_payment", "txn"))
            lines.append(line)
        return lines

    def planted(self, kind: str, arg, year: int, month: int) -> list[Line]:
        """Lines carrying one planted fault from the plan."""
        days = working_days(year, month)
        if kind == "redacted":
            vocab_kind = "commercial" if "COMMERCIAL" in arg else "person"
            payee = Payee(arg, vocab_kind)
            line = self.ordinary_line(year, month, payee)
            line.faults.append(Fault("redacted", "supplier"))
            return [line]
        if kind == "credit_note":
            line = self.ordinary_line(year, month, self.pick_other("company"))
            line.net = -self.rng.randint(25_000, 250_000)
            line.vat = vat_on(line.net)
            line.commas = abs(line.net) >= 100_000 and self.rng.random() < 0.5
            line.faults.append(Fault("credit_note", "amount"))
            return [line]
        if kind == "split":
            what, count = arg
            if what == "partner":
                return []  # handled in partner_lines
            payee = self.pick_other("company")
            amount = sum(self.amount(payee.kind) + 60_000 for _ in range(count))
            return self.split_lines(
                self.rng.choice(days), payee, amount, count, list(SPEND_VOCAB[payee.kind])
            )
        if kind == "duplicate":
            return []  # marked once the month's ordinary lines exist
        line = self.ordinary_line(year, month, self.pick_other("company"))
        if kind == "bad_amount":
            line.net, line.amount_text = None, arg
            line.faults.append(Fault(kind, "amount"))
        elif kind == "bad_date":
            line.date_text = arg
            line.faults.append(Fault(kind, "date"))
        elif kind == "blank_supplier":
            line.payee = Payee("", line.payee.kind)
            line.faults.append(Fault(kind, "supplier"))
        elif kind == "zero_amount":
            line.net, line.vat = 0, 0
            line.faults.append(Fault(kind, "amount"))
        elif kind == "future_date":
            line.date_text = arg
            line.faults.append(Fault(kind, "date"))
        elif kind == "date_outside_period":
            previous = days[0] - dt.timedelta(days=1)
            line.paid = self.rng.choice(working_days(previous.year, previous.month)[-8:])
            line.faults.append(Fault(kind, "date"))
        else:
            raise ValueError(f"unknown planted fault {kind!r}")
        return [line]

    def mark_duplicate(self, lines: list[Line]) -> None:
        """Choose one clean company line to be repeated verbatim."""
        clean = [
            line for line in lines
            if not line.faults and line.payee.kind in COMPANY_KINDS
        ]
        self.rng.choice(clean).duplicated = True


def arrange(lines: list[Line], next_txn: Callable[[], str]) -> list[Row]:
    """Sort lines by date, give each group a transaction number, expand duplicates."""
    rows: list[Row] = []
    numbers: dict[int, str] = {}
    for line in sorted(lines, key=lambda item: (item.paid, item.group)):
        if line.group not in numbers:
            numbers[line.group] = next_txn()
        rows.append(Row(line, numbers[line.group]))
        if line.duplicated:
            rows.append(Row(line, numbers[line.group], copy=True))
    return rows


class SpendFormat:
    """One council's way of publishing spend. Subclasses render rows and write files."""

    council = ""
    header: tuple[str, ...] = ()
    fields: ClassVar[dict[str, str]] = {}  # logical field -> column name
    header_row = 1
    encoding: str | None = "utf-8"
    file_format = "csv"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counter = 0

    def periods(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """(period label, months) for each file; monthly unless overridden."""
        return [(f"{y}-{m:02d}", [(y, m)]) for y, m in FY_MONTHS]

    def file_name(self, period: str, months: list[tuple[int, int]]) -> str:
        raise NotImplementedError

    def next_txn(self) -> str:
        raise NotImplementedError

    def render(self, line: Line, txn: str) -> list:
        raise NotImplementedError

    def write(self, path: Path, rows: list[list], period: str) -> None:
        raise NotImplementedError

    def prepare(self, rows: list[Row]) -> None:
        """Hook for format quirks that need the final row order."""

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


class OldhamFormat(SpendFormat):
    """Oldham: monthly UTF-8 CSV with a byte-order mark, dd/mm/yyyy dates, net amounts."""

    council = "oldham"
    header = (
        "Body Name", "Service Area", "Expenses Type", "Invoice Payment Date",
        "Transaction Number", "Net Amount", "Supplier Name", "Charity Number",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Supplier Name", "amount": "Net Amount",
        "date": "Invoice Payment Date", "txn": "Transaction Number",
    }
    encoding = "utf-8-sig"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 1_900_230_000

    def file_name(self, period, months):
        return f"spend/oldham/oldham-spend-{period}.csv"

    def next_txn(self):
        self.counter += self.rng.randint(1, 40)
        return str(self.counter)

    def render(self, line, txn):
        if line.amount_text is not None:
            amount = line.amount_text
        elif line.commas:
            amount = pounds_with_commas(line.net)
        else:
            amount = pounds(line.net)
        return [
            "Oldham Council", line.service, line.expense,
            line.date_text or line.paid.strftime("%d/%m/%Y"), txn, amount, line.payee.name,
            line.payee.charity_number,
        ]

    def write(self, path, rows, period):
        write_csv(path, list(self.header), rows, encoding="utf-8-sig", newline="\r\n")


PLYMOUTH_DIRECTORATES = {
    "Adult Social Care": "People", "Children's Services": "Children's Services",
    "Housing": "People", "Communities": "People", "Libraries": "People",
    "Public Health": "Public Health", "Highways": "Place", "Waste and Recycling": "Place",
    "Parks and Open Spaces": "Place", "ICT": "Resources", "Corporate Services": "Resources",
    "Legal Services": "Resources",
}
PLYMOUTH_GL_GROUPS = {
    "office": "Supplies & Services", "catering": "Supplies & Services",
    "it": "Supplies & Services", "print": "Supplies & Services", "fleet": "Transport",
    "grounds": "Premises", "construction": "Premises", "agency": "Employees",
    "vcse": "Third Party Payments", "nhs": "Third Party Payments",
    "public": "Third Party Payments", "commercial": "Third Party Payments",
    "partner": "Third Party Payments", "hmrc": "Transfer Payments",
    "person": "Transfer Payments",
}


def plymouth_money(pence: int) -> str:
    """'£1,234.56', or '(£250.00)' for a negative amount."""
    text = "£" + pounds_with_commas(abs(pence))
    return f"({text})" if pence < 0 else text


class PlymouthFormat(SpendFormat):
    """Plymouth: monthly Windows-1252 CSV, junk above the header, d-Mon-yy, gross/VAT/net."""

    council = "plymouth"
    header = (
        "Authority Name", "Date of Payment", "SAP Document Number", "Gross", "VAT", "Net",
        "Supplier Name", "Directorate", "G/L description.",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Supplier Name", "amount": "Net", "date": "Date of Payment",
        "txn": "SAP Document Number",
    }
    header_row = 4  # two junk lines and a blank line come first
    encoding = "cp1252"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 5_100_410_000

    def file_name(self, period, months):
        year, month = months[0]
        return f"spend/plymouth/Plymouth payments over 500 - {MONTH_NAMES[month - 1]} {year}.csv"

    def next_txn(self):
        self.counter += self.rng.randint(1, 60)
        return str(self.counter)

    def render(self, line, txn):
        day = line.date_text or f"{line.paid.day}-{MONTH_ABBR[line.paid.month - 1]}-{line.paid:%y}"
        return [
            "Plymouth City Council", day, txn, plymouth_money(line.net + line.vat),
            plymouth_money(line.vat), plymouth_money(line.net), line.payee.name,
            PLYMOUTH_DIRECTORATES[line.service],
            f"{PLYMOUTH_GL_GROUPS[line.payee.kind]} - {line.expense}",
        ]

    def write(self, path, rows, period):
        year, month = int(period[:4]), int(period[5:])
        preamble = (
            "Plymouth City Council",
            f"Payments over £500 - {MONTH_NAMES[month - 1]} {year}",
            "",
        )
        write_csv(path, list(self.header), rows, encoding="cp1252", newline="\r\n",
                  preamble=preamble)


LEICESTERSHIRE_DEPARTMENTS = {
    "Adult Social Care": "Adults and Communities", "Communities": "Adults and Communities",
    "Libraries": "Adults and Communities", "Housing": "Adults and Communities",
    "Children's Services": "Children and Family Services", "Public Health": "Public Health",
    "Highways": "Environment and Transport", "Waste and Recycling": "Environment and Transport",
    "Parks and Open Spaces": "Environment and Transport", "ICT": "Corporate Resources",
    "Corporate Services": "Corporate Resources", "Legal Services": "Corporate Resources",
}


class LeicestershireFormat(SpendFormat):
    """Leicestershire: quarterly UTF-8 CSV, ISO dates, trailing minus, 3 empty trailing columns."""

    council = "leicestershire"
    header = (
        "Department", "Service", "Expenditure Category", "Payment Date", "Payment Reference",
        "Supplier", "Amount (£)", "Company Number", "Charity Number", "", "", "",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Supplier", "amount": "Amount (£)", "date": "Payment Date",
        "txn": "Payment Reference",
    }

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 30_114_000

    def periods(self):
        return [(f"2024-25 {q}", months) for q, months in QUARTERS.items()]

    def file_name(self, period, months):
        return f"spend/leicestershire/LCC_spend_2024-25_{period[-2:]}.csv"

    def next_txn(self):
        self.counter += self.rng.randint(1, 30)
        return str(self.counter)

    def render(self, line, txn):
        amount = pounds(-line.net) + "-" if line.net < 0 else pounds(line.net)
        return [
            LEICESTERSHIRE_DEPARTMENTS[line.service], line.service, line.expense,
            line.paid.isoformat(), txn, line.payee.name, amount, line.payee.company_number,
            line.payee.charity_number, "", "", "",
        ]

    def write(self, path, rows, period):
        write_csv(path, list(self.header), rows)


CROYDON_DIVISIONS = {
    "Adult Social Care": "Adult Social Care and Health",
    "Public Health": "Adult Social Care and Health",
    "Children's Services": "Children, Young People and Education",
    "Housing": "Housing",
    "Communities": "Sustainable Communities, Regeneration and Economic Recovery",
    "Libraries": "Sustainable Communities, Regeneration and Economic Recovery",
    "Highways": "Sustainable Communities, Regeneration and Economic Recovery",
    "Waste and Recycling": "Sustainable Communities, Regeneration and Economic Recovery",
    "Parks and Open Spaces": "Sustainable Communities, Regeneration and Economic Recovery",
    "ICT": "Resources", "Corporate Services": "Resources", "Legal Services": "Resources",
}


class CroydonFormat(SpendFormat):
    """Croydon: monthly XLSX, title above the header, Excel dates (two as bare serials)."""

    council = "croydon"
    header = (
        "Service Division", "Expense Area", "Date Paid", "Transaction Ref", "Vendor Name",
        "Amount Paid", "VAT Recoverable", "Purpose",
    )
    fields: ClassVar[dict[str, str]] = {
        "supplier": "Vendor Name", "amount": "Amount Paid", "date": "Date Paid",
        "txn": "Transaction Ref",
    }
    header_row = 3
    encoding = None
    file_format = "xlsx"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.counter = 4_100

    def file_name(self, period, months):
        return f"spend/croydon/croydon-spend-{period}.xlsx"

    def next_txn(self):
        self.counter += self.rng.randint(1, 25)
        return f"CR-{self.counter:06d}"

    def prepare(self, rows):
        """Two clean lines per file carry their date as a bare serial number."""
        clean = [
            row for row in rows
            if not row.line.faults and not row.line.duplicated and not row.copy
        ]
        for row in self.rng.sample(clean, 2):
            row.line.serial_date = True
            row.line.faults.append(Fault("serial_date", "date"))

    def render(self, line, txn):
        paid = excel_serial(line.paid) if line.serial_date else line.paid
        return [
            CROYDON_DIVISIONS[line.service], line.expense, paid, txn, line.payee.name,
            line.net / 100, line.vat / 100, line.purpose,
        ]

    def write(self, path, rows, period):
        year, month = int(period[:4]), int(period[5:])
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Spend"
        ws["A1"] = (
            f"London Borough of Croydon - Expenditure over £500 - {MONTH_NAMES[month - 1]} {year}"
        )
        for col, name in enumerate(self.header, start=1):
            ws.cell(row=self.header_row, column=col, value=name)
        for r, values in enumerate(rows, start=self.first_data_row):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
                elif c in (6, 7):
                    cell.number_format = "#,##0.00"
        for letter, width in zip("ABCDEFGH", (44, 36, 12, 14, 48, 14, 16, 48), strict=True):
            ws.column_dimensions[letter].width = width
        save_workbook(wb, path)


SPEND_FORMATS = (OldhamFormat, PlymouthFormat, LeicestershireFormat, CroydonFormat)


def json_value(value):
    """A cell value as JSON can hold it."""
    return value.isoformat() if isinstance(value, dt.date) else value


def spend_ledger_entry(
    fmt: SpendFormat, file_name: str, period: str, months: list[tuple[int, int]],
    rows: list[Row], cells: list[list],
) -> dict:
    """What one spend file holds, computed from the rows exactly as written."""
    council = COUNCILS[fmt.council]
    partnership = PARTNERSHIP_BY_COUNCIL[fmt.council]
    partners = delivery_partners(partnership)
    column = {name: index for index, name in enumerate(fmt.header) if name}
    faults = []
    first_row_of_line: dict[int, int] = {}
    total_parseable = total_good = total_good_unique = 0
    partner_totals = {p.org.org_id: 0 for p in partners}
    partner_names = {p.org.name: p.org.org_id for p in partners}
    for index, (row, values) in enumerate(zip(rows, cells, strict=True)):
        spreadsheet_row = fmt.first_data_row + index
        line = row.line
        if not row.copy:
            first_row_of_line[id(line)] = spreadsheet_row
        bad = any(f.bad for f in line.faults)
        if line.net is not None:
            total_parseable += line.net
            if not bad:
                total_good += line.net
                if not row.copy:
                    total_good_unique += line.net
                    if line.payee.name in partner_names:
                        partner_totals[partner_names[line.payee.name]] += line.net
        for fault in line.faults if not row.copy else []:
            column_name = fmt.fields[fault.field]
            entry = {
                "row": spreadsheet_row, "kind": fault.kind, "column": column_name,
                "value": json_value(values[column[column_name]]), "bad": fault.bad,
            }
            if fault.kind == "split_payment":
                entry["group"] = row.txn
            faults.append(entry)
        if row.copy:
            faults.append({
                "row": spreadsheet_row, "kind": "duplicate", "column": fmt.fields["txn"],
                "value": row.txn, "bad": False, "duplicate_of": first_row_of_line[id(line)],
            })
    first_month, last_month = months[0], months[-1]
    return {
        "council": fmt.council,
        "council_name": council.name,
        "council_org_id": council.org_id,
        "file": file_name,
        "format": fmt.file_format,
        "encoding": fmt.encoding,
        "sheet": "Spend" if fmt.file_format == "xlsx" else None,
        "period": period,
        "period_start": dt.date(*first_month, 1).isoformat(),
        "period_end": month_end(*last_month).isoformat(),
        "header_row": fmt.header_row,
        "first_data_row": fmt.first_data_row,
        "rows": len(rows),
        "amount_column": fmt.fields["amount"],
        "amount_total_parseable": pounds(total_parseable),
        "amount_total_excluding_bad_rows": pounds(total_good),
        "amount_total_excluding_bad_and_duplicate_rows": pounds(total_good_unique),
        "partner_totals": {org_id: pounds(p) for org_id, p in partner_totals.items()},
        "faults": faults,
    }


def write_spend(out: Path, rng: random.Random) -> list[dict]:
    """Write every council's spend files; return their ledger entries."""
    ledger = []
    for format_class in SPEND_FORMATS:
        fmt = format_class(child_rng(rng))
        book = SpendBook(child_rng(rng), fmt.council)
        for period, months in fmt.periods():
            lines = [line for y, m in months for line in book.month(y, m)]
            rows = arrange(lines, fmt.next_txn)
            fmt.prepare(rows)
            cells = [fmt.render(row.line, row.txn) for row in rows]
            file_name = fmt.file_name(period, months)
            fmt.write(out / file_name, cells, period)
            ledger.append(spend_ledger_entry(fmt, file_name, period, months, rows, cells))
    return ledger


# --------------------------------------------------------------------------------------------
# C. Outcome returns and the empty template
# --------------------------------------------------------------------------------------------

OUTCOME_HEADER = [
    "partnership_id", "partner_org_id", "period", "measure_code", "quantity", "unit",
    "beneficiaries", "evidence_grade", "target", "notes",
]
EVIDENCE_GRADES = {
    "A": "independently verified",
    "B": "administrative records",
    "C": "partner's own survey",
    "D": "anecdotal",
}
# code -> (fewest people, most people, units per person low, high, usual evidence grade)
OUTCOME_PROFILES = {
    "ILL-WB-01": (15, 60, 1, 1, "C"),
    "ILL-ISO-01": (10, 40, 1, 1, "C"),
    "ILL-GP-01": (3, 30, 1, 3, "B"),
    "ILL-AE-01": (2, 12, 1, 2, "B"),
    "ILL-VOL-01": (5, 25, 4, 12, "B"),
    "ILL-ROUGH-01": (1, 9, 1, 1, "B"),
    "ILL-TEN-01": (4, 25, 1, 1, "B"),
    "ILL-TEN-02": (1, 5, 1, 1, "B"),
    "ILL-SUB-01": (2, 14, 1, 1, "A"),
    "ILL-LAC-01": (1, 9, 1, 1, "B"),
    "ILL-EET-01": (2, 15, 1, 1, "B"),
    "ILL-EMP-01": (1, 8, 1, 1, "B"),
    "ILL-DEBT-01": (5, 20, 1, 1, "B"),  # not in the catalogue: only used for the bad row
}
# Which measures each delivery partner reports every quarter (by org name).
OUTCOME_MEASURES = {
    "Action Together": ("ILL-WB-01", "ILL-VOL-01", "ILL-GP-01"),
    "Age UK Oldham": ("ILL-ISO-01", "ILL-AE-01"),
    "Positive Steps": ("ILL-WB-01", "ILL-GP-01"),
    "Tameside, Oldham & Glossop Mind": ("ILL-WB-01", "ILL-AE-01"),
    TAMAR_HOUSING.name: ("ILL-ROUGH-01", "ILL-TEN-01", "ILL-TEN-02"),
    STONEHOUSE_WOMEN.name: ("ILL-TEN-01", "ILL-SUB-01"),
    HARBOURSIDE.name: ("ILL-SUB-01", "ILL-AE-01"),
    HOE_HOMES.name: ("ILL-TEN-01", "ILL-TEN-02"),
    PLYM_VALLEY.name: ("ILL-TEN-01",),
    CATTEWATER.name: ("ILL-SUB-01", "ILL-AE-01"),
    NHS_TRUST.name: ("ILL-AE-01", "ILL-SUB-01"),
    "Barnardo's": ("ILL-LAC-01", "ILL-EET-01"),
    WREAKE_TRUST.name: ("ILL-LAC-01", "ILL-WB-01"),
    SOAR_VALLEY.name: ("ILL-EET-01", "ILL-WB-01"),
    TH_KITCHEN.name: ("ILL-WB-01", "ILL-VOL-01"),
    SN_YOUTH.name: ("ILL-EET-01", "ILL-WB-01"),
    ADDISCOMBE_ADVICE.name: ("ILL-EMP-01", "ILL-WB-01"),
    LLOYD_PARK.name: ("ILL-VOL-01", "ILL-WB-01"),
}
# (partner name, quarter) -> extra measure reported that quarter, and why.
OUTCOME_EXTRAS = {
    # Valid overlap: wellbeing and isolation for the same cohort (must not be double counted).
    ("Age UK Oldham", "Q2"): ("ILL-WB-01", "overlap"),
    # Bad: a measure code that is not in the catalogue.
    (PLYM_VALLEY.name, "Q2"): ("ILL-DEBT-01", "unknown_measure_code"),
}
# (partner name, quarter, code): bad negative beneficiaries count.
NEGATIVE_BENEFICIARIES = (SN_YOUTH.name, "Q1", "ILL-EET-01")
OUTCOME_NOTES = (
    "Figures from case management system",
    "Provisional; to be confirmed next quarter",
    "Includes people referred late in the previous quarter",
    "Checked by the partnership data lead",
)


def outcome_row(
    rng: random.Random, partnership_id: str, org: Org, quarter: str, code: str
) -> list:
    """One outcome-return line with illustrative figures."""
    low, high, per_low, per_high, grade = OUTCOME_PROFILES[code]
    people = rng.randint(low, high)
    if code == "ILL-VOL-01":
        quantity = people * rng.randint(per_low, per_high) + rng.choice((0, 0.5))
    else:
        quantity = people * rng.randint(per_low, per_high)
    if rng.random() < 0.15:
        grade = rng.choice("ABCD")
    unit = MEASURE_BY_CODE[code].unit if code in MEASURE_BY_CODE else "person"
    target = max(1, round((low + high) / 2 * (per_low + per_high) / 2))
    notes = rng.choice(OUTCOME_NOTES) if rng.random() < 0.25 else ""
    return [
        partnership_id, org.org_id, f"2024-25 {quarter}", code, quantity, unit, people, grade,
        target, notes,
    ]


def outcome_rows(rng: random.Random, partnership: Partnership, quarter: str):
    """Rows for one quarter's return, with (row index, kind, column) of anything planted."""
    rows, planted = [], []
    for partner in delivery_partners(partnership):
        codes = list(OUTCOME_MEASURES[partner.org.name])
        extra = OUTCOME_EXTRAS.get((partner.org.name, quarter))
        if extra:
            codes.append(extra[0])
        for code in codes:
            row = outcome_row(rng, partnership.partnership_id, partner.org, quarter, code)
            if extra and extra[1] == "overlap" and code in ("ILL-WB-01", "ILL-ISO-01"):
                if code == extra[0]:  # the same people as the isolation line
                    twin = next(r for r in rows if r[1] == row[1] and r[3] == "ILL-ISO-01")
                    row[4] = row[6] = twin[6]
                row[9] = "Same cohort reported for wellbeing and for isolation"
                planted.append((len(rows), "overlap", "measure_code"))
            if extra and extra[1] == "unknown_measure_code" and code == extra[0]:
                planted.append((len(rows), "unknown_measure_code", "measure_code"))
            if (partner.org.name, quarter, code) == NEGATIVE_BENEFICIARIES:
                row[6] = -rng.randint(2, 4)
                planted.append((len(rows), "negative_beneficiaries", "beneficiaries"))
            rows.append(row)
    return rows, planted


def write_outcome_xlsx(path: Path, header: list[str], rows: list[list]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Return"
    ws.append(header)
    for row in rows:
        ws.append([value if value != "" else None for value in row])
    save_workbook(wb, path)


def write_outcomes(out: Path, rng: random.Random) -> list[dict]:
    """Write the 16 quarterly outcome returns; return their ledger entries."""
    ledger = []
    for partnership in PARTNERSHIPS:
        pid = partnership.partnership_id
        for quarter in QUARTERS:
            rows, planted = outcome_rows(rng, partnership, quarter)
            as_xlsx = pid == "croydon-community" and quarter in ("Q3", "Q4")
            file_name = f"outcomes/{pid}/{pid}-2024-25-{quarter}.{'xlsx' if as_xlsx else 'csv'}"
            if as_xlsx:
                write_outcome_xlsx(out / file_name, OUTCOME_HEADER, rows)
            else:
                write_csv(out / file_name, OUTCOME_HEADER, ([str(v) for v in r] for r in rows))
            faults = [
                {
                    "row": index + 2, "kind": kind, "column": column,
                    "value": rows[index][OUTCOME_HEADER.index(column)],
                    "bad": kind != "overlap",
                }
                for index, kind, column in planted
            ]
            ledger.append({
                "partnership_id": pid,
                "file": file_name,
                "format": "xlsx" if as_xlsx else "csv",
                "sheet": "Return" if as_xlsx else None,
                "period": f"2024-25 {quarter}",
                "header_row": 1,
                "first_data_row": 2,
                "rows": len(rows),
                "faults": faults,
                "small_beneficiary_rows": [
                    index + 2 for index, row in enumerate(rows) if 1 <= row[6] <= 4
                ],
                "sensitive_rows": [
                    index + 2 for index, row in enumerate(rows)
                    if row[3] in MEASURE_BY_CODE and MEASURE_BY_CODE[row[3]].sensitive
                ],
            })
    return ledger


TEMPLATE_GUIDANCE = (
    ("partnership_id", "The partnership's id from the partnership register.",
     "oldham-social-prescribing"),
    ("partner_org_id", "Your organisation's identifier (org-id.guide form).", "GB-CHC-9914307"),
    ("period", "Financial year and quarter of the return.", "2024-25 Q1"),
    ("measure_code", "A code from the measure catalogue in use.", "ILL-WB-01"),
    ("quantity", "How many units of the measure were delivered in the period.", "42"),
    ("unit", "The measure's unit, as in the catalogue.", "person"),
    ("beneficiaries", "Number of distinct people behind the quantity (0 or more).", "42"),
    ("evidence_grade", "A, B, C or D: how the figure is evidenced (see below).", "B"),
    ("target", "The agreed target for the period, in the same unit.", "40"),
    ("notes", "Anything a reader needs to interpret the figure.", ""),
)


def write_templates(out: Path) -> None:
    """Write the empty outcome-return template as CSV and XLSX (with a guidance sheet)."""
    write_csv(out / "templates" / "outcome-return-template.csv", OUTCOME_HEADER, [])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Return"
    ws.append(OUTCOME_HEADER)
    guide = wb.create_sheet("Guidance")
    guide.append(["column", "what to enter", "example"])
    for row in TEMPLATE_GUIDANCE:
        guide.append(list(row))
    guide.append([])
    guide.append(["evidence_grade", "meaning", ""])
    for grade, meaning in EVIDENCE_GRADES.items():
        guide.append([grade, meaning, ""])
    guide.append([])
    guide.append([
        "note",
        "Counts of 1-4 people (and below 10 for sensitive cohorts) are suppressed before "
        "publication; report the true figure here.", "",
    ])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 80
    guide.column_dimensions["C"].width = 28
    save_workbook(wb, out / "templates" / "outcome-return-template.xlsx")


# --------------------------------------------------------------------------------------------
# E. Imperative evidence and self-assessment
# --------------------------------------------------------------------------------------------

EVIDENCE_HEADER = [
    "partnership_id", "partner_org_id", "period_start", "period_end", "evidence_field",
    "value", "unit", "source_document",
]
# Planted evidence gaps and failures, on invented organisations only.
PAY_BELOW_UK_RATE = (HOE_HOMES.name, "11.44")  # Real Living Wage 2023-24 UK rate: 12.00
PAY_BELOW_LONDON_RATE = (ADDISCOMBE_ADVICE.name, "12.60")  # London rate: 13.15
NO_PAY_EVIDENCE = WREAKE_TRUST.name
NO_OPEN_BOOK = PLYM_VALLEY.name
PAY_FLOOR_PENCE = {"uk": 1200, "london": 1315}


def evidence_rows(rng: random.Random, partnership: Partnership, partner: Partner) -> list[list]:
    """One partner's block of imperative evidence for 2024-25."""
    name = partner.org.name
    london = partnership.council == "croydon"
    floor = PAY_FLOOR_PENCE["london" if london else "uk"]
    pay = pounds(floor + rng.randint(0, 95))
    if name == PAY_BELOW_UK_RATE[0]:
        pay = PAY_BELOW_UK_RATE[1]
    if name == PAY_BELOW_LONDON_RATE[0]:
        pay = PAY_BELOW_LONDON_RATE[1]
    fields = [
        ("lowest_hourly_pay", pay, "GBP/hour", "Payroll summary 2024-25"),
        ("london_weighted", bool_text(london), "boolean", "Payroll summary 2024-25"),
        ("surplus_reinvested", "true", "boolean", "Annual accounts 2024-25"),
        ("local_employment_share", f"{rng.randint(55, 95) / 100:.2f}", "share",
         "Workforce return 2024-25"),
        ("local_spend_share", f"{rng.randint(35, 80) / 100:.2f}", "share",
         "Supplier spend analysis 2024-25"),
        ("open_book", bool_text(name != NO_OPEN_BOOK), "boolean", "Open-book cost statement"),
        ("co_production_sessions", str(rng.randint(4, 24)), "count",
         "Co-production log 2024-25"),
        ("prevention_share", f"{rng.randint(30, 80) / 100:.2f}", "share",
         "Service activity analysis 2024-25"),
        ("data_sharing_agreement", "true", "boolean", "Partnership data sharing agreement"),
        ("board_meetings_attended", str(rng.randint(6, 12)), "count",
         "Partnership board minutes 2024-25"),
    ]
    return [
        [
            partnership.partnership_id, partner.org.org_id, FY_START.isoformat(),
            FY_END.isoformat(), field_name, value, unit, f"{document} (illustrative)",
        ]
        for field_name, value, unit, document in fields
        if not (field_name == "lowest_hourly_pay" and name == NO_PAY_EVIDENCE)
    ]


PRINCIPLES = (
    "Long-term planning over three-year cycles",
    "Integration of stakeholders and sectors",
    "Prevention over reactive management",
    "Collaboration over purchasing",
    "Communication within operations over remote auditing",
    "Transparency on resource, cost and reasonable surplus",
    "Trust over contract prescription",
    "Mutuality and fairness over crude cost minimisation",
    "Flexibility in relationships",
)
CORRECTIVES = (
    "Corrective 1 (title to be configured)",
    "Corrective 2 (title to be configured)",
    "Corrective 3 (title to be configured)",
    "Corrective 4 (title to be configured)",
    "Partnership should replace transaction",
)
SELF_ASSESSMENT_NOTES = (
    "Discussed at partnership board",
    "Evidence held in board papers",
    "Improvement action agreed for next year",
)


def write_evidence(out: Path, rng: random.Random) -> None:
    """Write the imperative evidence and the partnerships' self-assessments."""
    write_csv(
        out / "evidence" / "imperative-evidence.csv",
        EVIDENCE_HEADER,
        (
            row
            for partnership in PARTNERSHIPS
            for partner in delivery_partners(partnership)
            for row in evidence_rows(rng, partnership, partner)
        ),
    )
    rows = []
    for partnership in PARTNERSHIPS:
        items = [("principle", f"P{i}", title) for i, title in enumerate(PRINCIPLES, start=1)]
        items += [("corrective", f"C{i}", title) for i, title in enumerate(CORRECTIVES, start=1)]
        for framework, code, title in items:
            note = rng.choice(SELF_ASSESSMENT_NOTES) if rng.random() < 0.3 else ""
            rows.append([
                partnership.partnership_id, "2024-25", framework, code, title,
                str(rng.choices(range(6), weights=(0, 1, 3, 8, 8, 4))[0]),
                "partnership board (illustrative)", note,
            ])
    write_csv(
        out / "evidence" / "self-assessment.csv",
        ["partnership_id", "period", "framework", "item_code", "item_title", "score",
         "assessor", "notes"],
        rows,
    )


# --------------------------------------------------------------------------------------------
# F. Grants (360Giving Data Standard 1.4)
# --------------------------------------------------------------------------------------------

FORMULA_TITLE = '=HYPERLINK("http://example.invalid","Open me")'

# (recipient, council for beneficiary location, title, description)
FOUNDATION_GRANTS = (
    (ACTION_TOGETHER, "oldham", "Community connectors small grants",
     "Small grants to community groups taking social prescribing referrals."),
    (POSITIVE_STEPS, "oldham", "Young carers wellbeing programme",
     "Group and one-to-one wellbeing support for young carers."),
    (TAMAR_HOUSING, "plymouth", "Winter night shelter",
     "Staffing for a winter night shelter for people sleeping rough."),
    (HARBOURSIDE, "plymouth", "Peer recovery mentors",
     "Training and expenses for volunteer peer recovery mentors."),
    (BARNARDOS, "leicestershire", "Care leavers' transition coaching",
     "Coaching for young people leaving care in Leicestershire."),
    (SOAR_VALLEY, "leicestershire", "Youth employability workshops",
     "Employability workshops for young people not in education, employment or training."),
    (TH_KITCHEN, "croydon", "Community meals",
     "Weekly community meals and cooking sessions."),
    (LLOYD_PARK, "croydon", "Food growing for wellbeing",
     "Food growing sessions for residents referred for low mood."),
    (SHOLVER_FOOD_SHARE, "oldham", "Food share volunteer coordinator",
     "A part-time coordinator for food share volunteers."),
    (WADDON_WELLBEING, "croydon", "Wellbeing walks",
     "Led walking groups for older residents."),
)
TRUST_GRANTS = (
    (AGE_UK_OLDHAM, "Digital inclusion for older people",
     "Tablets and volunteer support to get older people online."),
    (TOG_MIND, "Peer support groups", "Facilitated peer support groups for adults."),
    (STONEHOUSE_WOMEN, "Women's safe space", "Drop-in safe space for women."),
    (CATTEWATER, FORMULA_TITLE,
     "Grant whose title is a spreadsheet formula: a safety test for extracts."),
    (WREAKE_TRUST, "Foster carer peer network", "Peer network for foster carers."),
    (SN_YOUTH, "Youth club evenings", "Two youth club evenings a week."),
)


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
    injection_row = next(i for i, row in enumerate(rows, start=2) if row[1] == FORMULA_TITLE)
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
                "value": FORMULA_TITLE, "bad": False,
            }],
        },
    }


# --------------------------------------------------------------------------------------------
# The ledger and the entry point
# --------------------------------------------------------------------------------------------


def council_summary(spend: list[dict]) -> list[dict]:
    """Per council: files, rows, fault counts by kind, totals."""
    summary = []
    for slug in COUNCILS:
        entries = [e for e in spend if e["council"] == slug]
        kinds: dict[str, int] = {}
        for entry in entries:
            for fault in entry["faults"]:
                kinds[fault["kind"]] = kinds.get(fault["kind"], 0) + 1
        summary.append({
            "council": slug,
            "files": len(entries),
            "rows": sum(e["rows"] for e in entries),
            "faults_by_kind": dict(sorted(kinds.items())),
            "bad_rows": sum(1 for e in entries for f in e["faults"] if f["bad"]),
            "amount_total_parseable": pounds(
                sum(int(e["amount_total_parseable"].replace(".", "")) for e in entries)
            ),
            "amount_total_excluding_bad_and_duplicate_rows": pounds(
                sum(
                    int(e["amount_total_excluding_bad_and_duplicate_rows"].replace(".", ""))
                    for e in entries
                )
            ),
        })
    return summary


def faults_markdown(ledger: dict) -> str:
    """The README's fault table, rendered from the ledger."""
    lines = ["| file | row | kind | column | value |", "|---|---|---|---|---|"]
    sections = [*ledger["spend"], *ledger["outcomes"], ledger["grants"]["csv"]]
    for entry in sections:
        for fault in entry["faults"]:
            if fault["kind"] == "serial_date":
                continue  # every Croydon file has two; listed by the ledger
            value = str(fault["value"]).replace("|", "\\|")
            lines.append(
                f"| `{entry['file']}` | {fault['row']} | {fault['kind']} | {fault['column']} "
                f"| `{value}` |"
            )
    return "\n".join(lines)


def generate(out: Path = DATA) -> dict:
    """Rewrite everything under ``out`` and return the ledger."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    master = random.Random(SEED)
    spend_rng, outcome_rng, evidence_rng, grant_rng = (child_rng(master) for _ in range(4))
    write_registers(out)
    # The organisation registers (charities, companies, mutuals, housing providers) of the
    # sample's payees: sources/sample/registers.py.
    from sources.sample.registers import write_registers as write_organisation_registers

    write_organisation_registers(out, sys.modules[__name__])
    write_catalogue(out)
    spend = write_spend(out, spend_rng)
    outcomes = write_outcomes(out, outcome_rng)
    write_templates(out)
    write_evidence(out, evidence_rng)
    grants = write_grants(out, grant_rng)
    ledger = {
        "about": (
            "Ledger of the socialvalue sample data, written by sources/sample/generate.py from "
            "the rows it wrote. Row numbers are spreadsheet row numbers (1-based, counting the "
            "header and anything above it). All amounts are illustrative."
        ),
        "seed": SEED,
        "bad_kinds": list(BAD_KINDS),
        "councils": council_summary(spend),
        "spend": spend,
        "outcomes": outcomes,
        "grants": grants,
    }
    (out / "EXPECTED.json").write_text(
        json.dumps(ledger, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return ledger


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    ledger = generate()
    if "--faults-table" in args:
        print(faults_markdown(ledger))


if __name__ == "__main__":
    main()
