"""The sample's organisation registers: small extracts, in the layouts the registers publish
(tables/registers.yaml), of the organisations the sample councils pay, so the demo matches payees
to registers.

Every row is illustrative: the organisations, numbers and dates are the sample's own (charity
numbers 99xxxxx, company numbers 099xxxxx), not the registers' records. Some of the sample's
payees are left out on purpose (Croydon's companies, a few VCSEs), so the demo shows spend
matched to a register, inferred from a name, and unknown; and one charity was removed from its
register during the year, so its payments count as a charity's only up to its removal.
"""

import csv
from pathlib import Path

from samples import table_files as tables
from samples.organisations import ORGS
from samples.spend_lines import OTHER_PAYEES

_LAYOUTS = tables.document("registers.yaml")
CCEW_HEADER: list[str] = _LAYOUTS["charity_commission_header"]
CH_HEADER: list[str] = _LAYOUTS["companies_house_header"]
MUTUALS_HEADER: list[str] = _LAYOUTS["mutuals_header"]
HOUSING_HEADER: list[str] = _LAYOUTS["housing_header"]

CIO, CHARITY = "CIO", "Trust"
PRIVATE = "Private Limited Company"
PLC = "Public Limited Company"
CIC = "Community Interest Company"
GUARANTEE = "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)"
# The one charity that leaves its register during the sample year.
REMOVED = _LAYOUTS["removed_charity"]


def _with_prefix(prefix: str) -> list:
    """The sample's organisations whose org id is in one register (GB-CHC-, GB-COH-, GB-MPR-)."""
    return [org for org in ORGS.values() if org.org_id.startswith(prefix)]


def charities() -> list[tuple[str, str, str]]:
    """(number, name, type) of the sample's charities on the register."""
    rows = [(o.org_id.removeprefix("GB-CHC-"), o.name, CIO if o.legal_form == "CIO" else CHARITY)
            for o in _with_prefix("GB-CHC-")]
    by_number = [p for payees in OTHER_PAYEES.values() for p in payees if p.charity_number]
    rows += [(p.charity_number, p.name, CIO if "CIO" in p.name or "Charitable Inc" in p.name
              else CHARITY) for p in by_number if p.name not in {r[1] for r in rows}]
    rows += [(c["number"], c["name"], c["type"]) for c in _LAYOUTS["charities_by_name_only"]]
    return rows


def companies() -> list[tuple[str, str, str]]:
    """(number, name, category) of the sample's companies at Companies House."""
    rows = [(o.org_id.removeprefix("GB-COH-"), o.name,
             CIC if o.legal_form == "CIC" else GUARANTEE)
            for o in _with_prefix("GB-COH-")]
    number = 9940000
    for council in ("oldham", "plymouth", "leicestershire"):
        for payee in OTHER_PAYEES[council]:
            if payee.kind == "vcse" and not payee.name.endswith(("CIC", "Company")):
                continue
            if payee.kind in ("nhs", "public", "hmrc"):
                continue
            if payee.company_number:
                code = payee.company_number
            else:
                number += 17
                code = f"{number:08d}"
            category = CIC if "CIC" in payee.name or "Interest Company" in payee.name else (
                PLC if payee.name.endswith("plc") else PRIVATE)
            rows.append((code, payee.name, category))
    return rows


def write_registers(out: Path) -> list[str]:
    """Write the four sample registers under `out/registers/`; returns their paths."""
    folder = out / "registers"
    folder.mkdir(parents=True, exist_ok=True)
    ccew = folder / "publicextract.charity.txt"
    with ccew.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\r\n")
        writer.writerow(CCEW_HEADER)
        rows = [*charities(), (REMOVED["number"], REMOVED["name"], REMOVED["type"])]
        for i, (number, name, kind) in enumerate(rows, start=1):
            removed = REMOVED["removed"] + " 00:00:00" if number == REMOVED["number"] else ""
            cells = {"date_of_extract": "2025-04-30 00:00:00",
                     "organisation_number": str(9900000 + i),
                     "registered_charity_number": number, "linked_charity_number": "0",
                     "charity_name": name.upper(), "charity_type": kind,
                     "charity_registration_status": "Removed" if removed else "Registered",
                     "date_of_registration": "2015-06-01 00:00:00", "date_of_removal": removed,
                     "charity_is_cio": "True" if kind == CIO else "False"}
            writer.writerow([cells.get(h, "") for h in CCEW_HEADER])
    ch = folder / "BasicCompanyData-2025-04-01.csv"
    with ch.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        f.write(",".join(CH_HEADER) + "\r\n")
        for number, name, category in companies():
            cells = [""] * len(CH_HEADER)
            cells[0], cells[1], cells[10], cells[11] = name.upper(), number, category, "Active"
            cells[12], cells[14] = "United Kingdom", "01/04/2012"
            cells[32] = f"http://business.data.gov.uk/id/company/{number}"
            writer.writerow(cells)
    mutuals = folder / "SocietyList.csv"
    with mutuals.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(MUTUALS_HEADER)
        for org in _with_prefix("GB-MPR-"):
            number = org.org_id.removeprefix("GB-MPR-")
            writer.writerow([number, "R", number, org.name, "Community Benefit Society",
                             f"{org.postcode}", "12/06/2015", "",
                             "Co-operative and Community Benefit Societies Act 2014", "", "",
                             "Registered"])
    housing = folder / "registered-providers.csv"
    with housing.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HOUSING_HEADER)
        for provider in _LAYOUTS["housing_providers"]:
            writer.writerow([provider["number"], ORGS[provider["org"]].name,
                             provider["registered"], provider["designation"],
                             provider["corporate_form"]])
    return [str(p.relative_to(out)) for p in (ccew, ch, mutuals, housing)]
