"""The partners' imperative evidence for 2024-25 (pay, surplus, local roots, open book...) with
its planted gaps (tables/imperative_evidence.yaml), and the partnerships' self-assessments against
the nine principles and five correctives (tables/self_assessment.yaml)."""

import random
from pathlib import Path

from samples import table_files as tables
from samples.dates import FY_END, FY_START
from samples.money import pounds
from samples.partnerships import PARTNERSHIPS, Partner, Partnership, delivery_partners
from samples.writing import bool_text, write_csv

EVIDENCE_HEADER = [
    "partnership_id", "partner_org_id", "period_start", "period_end", "evidence_field",
    "value", "unit", "source_document",
]
_EVIDENCE = tables.document("imperative_evidence.yaml")
# Real Living Wage rates in pence (2023-24: UK 12.00, London 13.15).
PAY_FLOOR_PENCE: dict[str, int] = _EVIDENCE["pay_floor_pence"]
# Planted evidence gaps and failures, on invented organisations only (by org key).
PAY_BELOW_FLOOR: dict[str, str] = _EVIDENCE["pay_below_floor"]
NO_PAY_EVIDENCE = frozenset(_EVIDENCE["no_pay_evidence"])
NO_OPEN_BOOK = frozenset(_EVIDENCE["no_open_book"])
_SELF_ASSESSMENT = tables.document("self_assessment.yaml")
PRINCIPLES = tuple(_SELF_ASSESSMENT["principles"])
CORRECTIVES = tuple(_SELF_ASSESSMENT["correctives"])
SELF_ASSESSMENT_NOTES = tuple(_SELF_ASSESSMENT["notes"])


def evidence_rows(rng: random.Random, partnership: Partnership, partner: Partner) -> list[list]:
    """One partner's block of imperative evidence for 2024-25."""
    key = partner.org.key
    london = partnership.council == "croydon"
    floor = PAY_FLOOR_PENCE["london" if london else "uk"]
    pay = pounds(floor + rng.randint(0, 95))
    pay = PAY_BELOW_FLOOR.get(key, pay)
    fields = [
        ("lowest_hourly_pay", pay, "GBP/hour", "Payroll summary 2024-25"),
        ("london_weighted", bool_text(london), "boolean", "Payroll summary 2024-25"),
        ("surplus_reinvested", "true", "boolean", "Annual accounts 2024-25"),
        ("local_employment_share", f"{rng.randint(55, 95) / 100:.2f}", "share",
         "Workforce return 2024-25"),
        ("local_spend_share", f"{rng.randint(35, 80) / 100:.2f}", "share",
         "Supplier spend analysis 2024-25"),
        ("open_book", bool_text(key not in NO_OPEN_BOOK), "boolean", "Open-book cost statement"),
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
        if not (field_name == "lowest_hourly_pay" and key in NO_PAY_EVIDENCE)
    ]


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
