"""The partners' quarterly outcome returns for 2024-25 (16 files, two of Croydon's as XLSX) with
their planted faults (tables/outcome_faults.csv), and the empty return template."""

import random
from pathlib import Path

import openpyxl

from samples import table_files as tables
from samples.catalogue import MEASURE_BY_CODE
from samples.dates import QUARTERS
from samples.organisations import Org
from samples.partnerships import PARTNERSHIPS, Partnership, delivery_partners
from samples.writing import save_workbook, write_csv

OUTCOME_HEADER = [
    "partnership_id", "partner_org_id", "period", "measure_code", "quantity", "unit",
    "beneficiaries", "evidence_grade", "target", "notes",
]
_RETURNS = tables.document("outcome_returns.yaml")
EVIDENCE_GRADES: dict[str, str] = _RETURNS["evidence_grades"]
OUTCOME_NOTES = tuple(_RETURNS["notes"])
TEMPLATE_GUIDANCE = tuple(tuple(row) for row in _RETURNS["guidance"])
# code -> (fewest people, most people, units per person low, high, usual evidence grade)
OUTCOME_PROFILES = {
    row["code"]: (
        int(row["fewest_people"]), int(row["most_people"]), int(row["units_per_person_low"]),
        int(row["units_per_person_high"]), row["usual_grade"],
    )
    for row in tables.rows("outcome_profiles.csv")
}
# Which measures each delivery partner reports every quarter (by org key).
OUTCOME_MEASURES = {
    row["partner"]: tuple(row["measure_codes"].split())
    for row in tables.rows("outcome_measures.csv")
}
_PLANTED = tables.rows("outcome_faults.csv")
# (partner key, quarter) -> extra measure reported that quarter, and why: a valid overlap
# (wellbeing and isolation for the same cohort, not to be double counted) or a code that is not
# in the catalogue.
OUTCOME_EXTRAS = {
    (row["partner"], row["quarter"]): (row["measure_code"], row["kind"])
    for row in _PLANTED if row["kind"] != "negative_beneficiaries"
}
# (partner key, quarter, code): bad negative beneficiaries count.
NEGATIVE_BENEFICIARIES = next(
    (row["partner"], row["quarter"], row["measure_code"])
    for row in _PLANTED if row["kind"] == "negative_beneficiaries"
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
        codes = list(OUTCOME_MEASURES[partner.org.key])
        extra = OUTCOME_EXTRAS.get((partner.org.key, quarter))
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
            if (partner.org.key, quarter, code) == NEGATIVE_BENEFICIARIES:
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
