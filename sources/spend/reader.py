"""Reading one council spend file into typed spend lines, ready for validation and loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from schemas.spend import RULES, spend_line_schema
from sources.periods import Period
from sources.progress import execute_with_progress
from sources.spend.detect import detect_forms, detect_layout
from sources.spend.parse import typed_spend_sql
from sources.spend.profiles import CouncilProfile
from sources.tables import land_text_table, preview
from warehouse.duck import ident, literal
from warehouse.ingest import Prepared, Reader
from warehouse.loads import Target

STAGED_COLUMNS = ["period_key", "month", "payment_date", "amount", "gross", "vat", "beneficiary",
                  "is_redacted", "redaction_label", "department", "service", "expense_type",
                  "purpose", "transaction_ref", "body", "supplier_id", "merchant_category",
                  "charity_number", "company_number", "org_id", "postcode", "duplicate_of_row"]


def spend_reader(profile: CouncilProfile, scratch: Path, stated: Period | None = None,
                 today: dt.date | None = None) -> Reader:
    """A reader of `profile`'s spend files, for warehouse.ingest.ingest_file."""

    def read(con: duckdb.DuckDBPyConnection, path: Path, stem: str) -> Prepared:
        pv = preview(path, sheet=profile.sheet)
        layout = detect_layout(pv, profile)
        table = land_text_table(con, pv, layout.header_index, f"{stem}_rows", scratch)
        forms = detect_forms(con, table, layout, profile, stated, path.name)
        typed = f"{stem}_typed"
        execute_with_progress(
            con, f"create temp table {ident(typed)} as {typed_spend_sql(table, layout, forms)}",
            f"parsing {path.name}")
        target = Target("spend", "staging.council_spend", STAGED_COLUMNS, scope_column="council",
                        period_column="period_key", amount_column="amount",
                        constants={"amount_basis": literal(layout.amount_basis)})
        schema = spend_line_schema(forms.period, today or dt.date.today(),
                                   "transaction" in layout.columns)
        detected = {
            "reader": table.reader, "encoding": table.encoding, "sheet": table.sheet,
            "header_row": table.header_row, "columns": layout.columns,
            "unmapped_columns": layout.unmapped, "amount_basis": layout.amount_basis,
            "date_formats": forms.date_formats, "date_forms_seen": forms.date_forms_seen,
            "amount_forms_seen": forms.amount_forms_seen, "period": forms.period.label,
            "period_source": forms.period_source, "data_rows": table.rows,
            "blank_rows": table.blank_rows,
        }
        return Prepared(typed, table.name, target, schema, RULES,
                        [f"{m:%Y-%m}" for m in forms.period.months], forms.period.label,
                        detected)

    return read
