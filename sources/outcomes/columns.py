"""The columns of an outcome return, as in `templates/outcome-return-template.csv`."""

from __future__ import annotations

from sources.headers import Column

WHAT = "outcome return"
COLUMNS = (
    Column("partnership_id"), Column("partner_org_id"), Column("period"), Column("measure_code"),
    Column("quantity"), Column("unit", required=False), Column("beneficiaries"),
    Column("evidence_grade"), Column("target", required=False), Column("notes", required=False),
)
