"""Reading one council spend file into typed spend lines, ready for validation and loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from schemas.spend import RULES, spend_line_schema
from sources.periods import Period
from sources.spend.detect import (
    SpendFileRefused,
    SpendForms,
    detect_date_formats,
    detect_layout,
    detect_period,
    forms_seen,
    forms_seen_sql,
)
from sources.spend.parse import (
    STORED,
    absent_columns,
    first_identical_sql,
    repeated_hashes_sql,
    stored_spend_sql,
    typed_spend_sql,
)
from sources.spend.profiles import CouncilProfile
from sources.tables import land_text_table, preview
from warehouse.duck import ident, records
from warehouse.ingest import Prepared, Reader
from warehouse.loads import Target

# Below this share of dated lines inside the stated period, the period (not the lines) is wrong.
MIN_IN_PERIOD = 0.5
STORE_TYPED_LINES_UP_TO = 100_000  # rows

# The columns of staging.council_spend_lines a load fills; the view staging.council_spend adds
# what every line of the load shares (council, amount basis, file, hash, time) and the month.
STAGED_COLUMNS = ["period_key", "payment_date", "amount", "gross", "vat", "beneficiary",
                  "redaction_label", "department", "service", "expense_type", "purpose",
                  "transaction_ref", "body", "supplier_id", "merchant_category",
                  "charity_number", "company_number", "org_id", "postcode", "duplicate_of_row"]


def spend_reader(profile: CouncilProfile, scratch: Path, stated: Period | None = None,
                 today: dt.date | None = None) -> Reader:
    """A reader of `profile`'s spend files, for warehouse.ingest.ingest_file."""

    def read(con: duckdb.DuckDBPyConnection, path: Path, stem: str) -> Prepared:
        pv = preview(path, sheet=profile.sheet)
        layout = detect_layout(pv, profile)
        date_formats: list[str] = []

        def parsed(sample: str, cells: list[str]) -> dict[str, str]:
            # The date forms, learned from the file's first rows, decide how every date is read.
            date_formats[:] = detect_date_formats(con, ident(sample), layout, profile)
            return stored_spend_sql(layout, date_formats, cells)

        table = land_text_table(con, pv, layout.header_index, f"{stem}_rows", scratch,
                                computed=parsed)
        # Undated files take their period from the dates already parsed, not from a new parse.
        dates = f"(select {ident(STORED['payment_date'])} as d from {ident(table.computed)})"
        forms = detect_period(con, dates, profile, date_formats, stated, path.name)
        hashes, repeats, typed = f"{stem}_repeated", f"{stem}_repeats", f"{stem}_typed"
        con.execute(f"create temp table {ident(hashes)} as {repeated_hashes_sql(table)}")
        con.execute(f"create temp table {ident(repeats)} as "
                    f"{first_identical_sql(table, hashes)}")
        # A large file's typed lines stay a view over its stored rows, not a second copy; a small
        # file's are stored, because planning the view for each statement that reads it costs
        # more than the copy.
        kind = "view" if table.rows > STORE_TYPED_LINES_UP_TO else "table"
        con.execute(f"create temp {kind} {ident(typed)} as "
                    f"{typed_spend_sql(table, layout, forms, repeats)}")
        detected_checks, date_forms, amount_forms = file_checks(con, typed, forms, path.name)
        target = Target("spend", "staging.council_spend", STAGED_COLUMNS, scope_column="council",
                        period_column="period_key", amount_column="amount",
                        constants={column: "null" for column in absent_columns(layout)},
                        lines_table="staging.council_spend_lines")
        schema = spend_line_schema(forms.period, today or dt.date.today(),
                                   "transaction" in layout.columns)
        detected = {
            "reader": table.reader, "encoding": table.encoding, "sheet": table.sheet,
            "delimiter": pv.delimiter if pv.kind == "csv" else None,
            "header_row": table.header_row, "columns": layout.columns,
            "unmapped_columns": layout.unmapped, "amount_basis": layout.amount_basis,
            "date_formats": forms.date_formats, "date_forms_seen": date_forms,
            "amount_forms_seen": amount_forms, "period": forms.period.label,
            "period_source": forms.period_source, "data_rows": table.rows,
            "blank_rows": table.blank_rows, **detected_checks,
        }
        return Prepared(typed, table.name, target, schema, RULES,
                        [f"{m:%Y-%m}" for m in forms.period.months], forms.period.label,
                        detected)

    return read


def file_checks(con: duckdb.DuckDBPyConnection, typed: str, forms: SpendForms,
                file_name: str) -> tuple[dict, dict[str, int], dict[str, int]]:
    """Checks on the file as a whole: its dates must mostly fall in its period (else the period
    is wrong and the file is refused), and a totals line, if any, should equal its lines' sum.
    With them, in the same pass, the date and amount forms its lines use."""
    period = forms.period
    seen = forms_seen_sql(forms.date_formats)
    row = records(con, f"""
        select count(payment_date) as dated,
               count(*) filter (where payment_date between date '{period.start}'
                                                      and date '{period.end}') as in_period,
               sum(amount) filter (where is_totals_row) as declared_total,
               sum(amount) filter (where not is_totals_row) as sum_of_lines,
               count(*) filter (where is_totals_row) as totals_rows,
               {", ".join(f"{sql} as {ident(name)}" for name, sql in seen.items())}
        from {ident(typed)}""")[0]
    if row["dated"] and row["in_period"] / row["dated"] < MIN_IN_PERIOD:
        raise SpendFileRefused(
            f"{file_name}: only {row['in_period']} of {row['dated']} dated lines fall in "
            f"{period.label}; if the file reports on another period, state it with --period")
    checks = {"lines_in_period": row["in_period"], "lines_dated": row["dated"]}
    if row["totals_rows"]:
        checks["declared_total"] = str(row["declared_total"])
        checks["declared_total_matches_lines"] = row["declared_total"] == row["sum_of_lines"]
    return (checks, *forms_seen({name: row[name] for name in seen}))
