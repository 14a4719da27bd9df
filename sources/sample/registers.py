"""The sample's organisation registers: small extracts, in the layouts the registers publish, of
the organisations the sample councils pay, so the demo matches payees to registers.

Every row is illustrative: the organisations, numbers and dates are the sample's own (charity
numbers 99xxxxx, company numbers 099xxxxx), not the registers' records. Some of the sample's
payees are left out on purpose (Croydon's companies, a few VCSEs), so the demo shows spend
matched to a register, inferred from a name, and unknown; and one charity was removed from its
register during the year, so its payments count as a charity's only up to its removal.
"""

from __future__ import annotations

import csv
from pathlib import Path

CCEW_HEADER = [
    "date_of_extract", "organisation_number", "registered_charity_number",
    "linked_charity_number", "charity_name", "charity_type", "charity_registration_status",
    "date_of_registration", "date_of_removal", "charity_reporting_status",
    "latest_acc_fin_period_start_date", "latest_acc_fin_period_end_date", "latest_income",
    "latest_expenditure", "charity_contact_address1", "charity_contact_address2",
    "charity_contact_address3", "charity_contact_address4", "charity_contact_address5",
    "charity_contact_postcode", "charity_contact_phone", "charity_contact_email",
    "charity_contact_web", "charity_company_registration_number", "charity_insolvent",
    "charity_in_administration", "charity_previously_excepted", "charity_is_cdf_or_cif",
    "charity_is_cio", "cio_is_dissolved", "date_cio_dissolution_notice", "charity_activities",
    "charity_gift_aid", "charity_has_land",
]
CH_HEADER = (
    "CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, "
    "RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
    "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
    "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
    "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,"
    "Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,"
    "Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,"
    "SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,"
    "LimitedPartnerships.NumLimPartners,URI"
    + "".join(f",PreviousName_{i}.CONDATE, PreviousName_{i}.CompanyName" for i in range(1, 11))
    + ",ConfStmtNextDueDate, ConfStmtLastMadeUpDate"
).split(",")
MUTUALS_HEADER = [
    "Society Number", "Society Suffix", "Full Registation Number", "Society Name",
    "Registered As", "Society Address", "Registration Date", "Deregistration Date",
    "Registration Act", "Standard Industrial Classification Code (SIC)",
    "Reporting Classification", "Society Status",
]
HOUSING_HEADER = ["Registration number", "Organisation name", "Registration date",
                  "Designation", "Corporate form"]

CIO, CHARITY = "CIO", "Trust"
PRIVATE = "Private Limited Company"
PLC = "Public Limited Company"
CIC = "Community Interest Company"
GUARANTEE = "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)"
# The one charity that leaves its register during the sample year.
REMOVED = ("9986207", "Pennycross Carers Charitable Incorporated Organisation", "2024-09-30")


def charities(g) -> list[tuple[str, str, str]]:
    """(number, name, type) of the sample's charities on the register; `g` is the generator."""
    partners = [g.ACTION_TOGETHER, g.AGE_UK_OLDHAM, g.POSITIVE_STEPS, g.TOG_MIND,
                g.TAMAR_HOUSING, g.STONEHOUSE_WOMEN, g.CATTEWATER, g.BARNARDOS, g.WREAKE_TRUST,
                g.SN_YOUTH, g.SHOLVER_FOOD_SHARE, g.WADDON_WELLBEING]
    rows = [(o.org_id.removeprefix("GB-CHC-"), o.name, CIO if o.legal_form == "CIO" else CHARITY)
            for o in partners]
    by_number = [p for payees in g.OTHER_PAYEES.values() for p in payees if p.charity_number]
    rows += [(p.charity_number, p.name, CIO if "CIO" in p.name or "Charitable Inc" in p.name
              else CHARITY) for p in by_number if p.name not in {r[1] for r in rows}]
    # by name only: the spend files give no number for these
    rows += [("9986101", "Efford Allotment Trust", CHARITY)]
    return rows


def companies(g) -> list[tuple[str, str, str]]:
    """(number, name, category) of the sample's companies at Companies House."""
    rows = [(o.org_id.removeprefix("GB-COH-"), o.name,
             CIC if o.legal_form == "CIC" else GUARANTEE)
            for o in (g.HARBOURSIDE, g.PLYM_VALLEY, g.SOAR_VALLEY, g.TH_KITCHEN,
                      g.ADDISCOMBE_ADVICE)]
    number = 9940000
    for council in ("oldham", "plymouth", "leicestershire"):
        for payee in g.OTHER_PAYEES[council]:
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


def write_registers(out: Path, g) -> list[str]:
    """Write the four sample registers under `out/registers/`; returns their paths."""
    folder = out / "registers"
    folder.mkdir(parents=True, exist_ok=True)
    ccew = folder / "publicextract.charity.txt"
    with ccew.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\r\n")
        writer.writerow(CCEW_HEADER)
        rows = [*charities(g), (REMOVED[0], REMOVED[1], CIO)]
        for i, (number, name, kind) in enumerate(rows, start=1):
            removed = REMOVED[2] + " 00:00:00" if number == REMOVED[0] else ""
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
        for number, name, category in companies(g):
            cells = [""] * len(CH_HEADER)
            cells[0], cells[1], cells[10], cells[11] = name.upper(), number, category, "Active"
            cells[12], cells[14] = "United Kingdom", "01/04/2012"
            cells[32] = f"http://business.data.gov.uk/id/company/{number}"
            writer.writerow(cells)
    mutuals = folder / "SocietyList.csv"
    with mutuals.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(MUTUALS_HEADER)
        for org in (g.HOE_HOMES, g.LLOYD_PARK):
            number = org.org_id.removeprefix("GB-MPR-")
            writer.writerow([number, "R", number, org.name, "Community Benefit Society",
                             f"{org.postcode}", "12/06/2015", "",
                             "Co-operative and Community Benefit Societies Act 2014", "", "",
                             "Registered"])
    housing = folder / "registered-providers.csv"
    with housing.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HOUSING_HEADER)
        writer.writerow(["A9951", g.TAMAR_HOUSING.name, "01/04/1998", "Non-profit", "Charity"])
    return [str(p.relative_to(out)) for p in (ccew, ch, mutuals, housing)]
