"""Column headings in plain words for the spreadsheet a funder opens.

CSV and Parquet keep the code names (`present_value_low_gbp`), which other systems load by; the
XLSX workbook is read by people, so its headings say what a column is and its unit ("Social
value, cautious (£, 2026 prices)"). The data dictionary gives both, so either can be looked up.
"""

from __future__ import annotations

import re

from dashboards.extracts.dictionary import Column, unit_text

WORDS = {
    "partnership_id": "Partnership ID", "partnership_name": "Partnership",
    "partner_org_id": "Partner organisation ID", "partner_name": "Partner",
    "partner_role": "Partner's role", "lead_council": "Lead council",
    "financial_year": "Financial year", "quarter_key": "Quarter", "period": "Period",
    "period_start": "Period start", "period_end": "Period end",
    "quarters_reported": "Quarters reported", "price_base_year": "Price base year",
    "inputs_gbp": "Put in: council spend, grants and other inputs",
    "inputs_nominal_gbp": "Put in, as paid",
    "council_spend_gbp": "Council spend", "grants_gbp": "Grants",
    "other_money_gbp": "Other money (inputs register)", "in_kind_gbp": "In-kind support",
    "staff_time_gbp": "Staff time", "volunteer_time_gbp": "Volunteers' time",
    "inputs_outside_outcome_quarters_gbp": "Put in during quarters without outcomes",
    "account_start": "Account from", "account_end": "Account to",
    "inputs_not_uprated_gbp": "Put in, not restated to the base year",
    "gross_value_gbp": "Gross value, first year",
    "net_impact_gbp": "Net impact, first year", "net_value_gbp": "Net value over the years",
    "present_value_gbp": "Social value, central", "present_value_low_gbp":
    "Social value, cautious", "present_value_high_gbp": "Social value, generous",
    "harm_present_value_gbp": "Social value of harms (included)",
    "overlap_excluded_present_value_gbp": "Social value left out as overlapping",
    "sroi_low": "SROI, cautious", "sroi_central": "SROI, central", "sroi_high": "SROI, generous",
    "beneficiaries": "People benefiting", "cost_per_beneficiary_gbp":
    "Cost per person benefiting", "weakest_evidence_grade": "Weakest evidence grade",
    "outcome_lines": "Outcomes reported", "lines_not_valued": "Outcomes not valued",
    "lines_overlapping": "Outcomes overlapping another measure",
    "imperatives_assessed": "Imperatives assessed", "imperatives_met": "Imperatives met",
    "imperatives_not_met": "Imperatives not met",
    "imperatives_no_evidence": "Imperatives without evidence",
    "partners_assessed": "Partners assessed", "partners_meeting_all":
    "Partners meeting every imperative", "sensitivity": "Cautious and generous cases",
    "measure_code": "Measure code", "cost_per_unit_gbp": "All inputs per unit (not a unit cost)",
    "quarter": "Quarter", "quantity": "Quantity", "target": "Target",
    "achievement": "Result as a share of target", "variance": "Result less target",
    "target_kind": "Target or ceiling", "target_met": "Target met (or ceiling kept)",
    "evidence_grade": "Evidence grade", "is_harm": "A harm", "counted": "Counted in the account",
    "excluded_reason": "Why not counted", "proxy_value_gbp": "Proxy value per unit",
    "proxy_value_base_gbp": "Proxy value per unit, base year", "sample_data": "Sample data",
    "vcse": "VCSE organisation", "sroi": "SROI", "source_row": "Row in the file",
    "file_sha256": "File SHA-256", "load_id": "Load ID", "org_id": "Organisation ID",
    "transaction_ref": "Transaction reference", "is_redacted": "Payee redacted",
    "in_outcome_period": "In a quarter with outcome returns",
}
UNITS = [(r"^GBP, (\d{4}|base-year) prices$", r"£, \1 prices"),
         (r"^GBP as paid.*$", "£ as paid"), (r"^GBP in price_year prices$", "£, its price year"),
         (r"^share \(0-1\).*$", "share, 0-1"), (r"^ratio.*$", "£ per £1"),
         (r"^people \(count\)$", "people")]


def words(name: str) -> str:
    """A code name in words when no heading is written for it: `drop_off` -> `Drop off`."""
    text = re.sub(r"_gbp$", "", name).replace("_", " ")
    text = re.sub(r"\b(vcse|sme|sroi|id|nhs)\b", lambda m: m.group(1).upper(), text)
    return text[:1].upper() + text[1:]


def heading(column: Column, base_year: int | None = None) -> str:
    """The column's heading in the workbook: its name in words and, for money, shares and
    ratios, its unit."""
    label = WORDS.get(column.name) or words(column.name)
    unit = unit_text(column, base_year)
    for pattern, short in UNITS:
        if re.match(pattern, unit):
            return f"{label} ({re.sub(pattern, short, unit)})"
    return label
