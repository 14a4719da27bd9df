"""Reading one council spend file into typed spend lines, ready for validation and loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb

from basics.cells import date_sql, is_month_form
from basics.duck import ident, records
from basics.periods import Period, overlapping
from loading.contract import Prepared, Reader, Target
from loading.ledger import current_periods
from schemas.spend import RULES, spend_line_schema
from sources.spend.detect import (
    MOST,
    SpendFileRefused,
    SpendForms,
    SpendLayout,
    detect_layout,
    detect_period,
    forms_seen,
    forms_seen_sql,
    learn_date_formats,
    refuse_unread_dates,
    sample_dates,
    unread_dates,
)
from sources.spend.detected import SpendDetection
from sources.spend.parse import (
    STORED,
    absent_columns,
    first_identical_sql,
    repeated_hashes_sql,
    stored_spend_sql,
    typed_spend_sql,
)
from sources.spend.profiles import CouncilProfile
from sources.spend.sample import spread_sample
from sources.tables import Preview, TextTable, preview, read_text_table

# Below this share of dated lines inside the stated period, the period (not the lines) is wrong.
MIN_IN_PERIOD = 0.5
STORE_TYPED_LINES_UP_TO = 100_000  # rows

# The columns of staging.council_spend_lines a load fills; the view staging.council_spend adds
# what every line of the load shares (council, amount basis, file, hash, time) and the month.
STAGED_COLUMNS = ["period_key", "payment_date", "amount", "gross", "vat", "beneficiary",
                  "redaction_label", "department", "service", "expense_type", "purpose",
                  "transaction_ref", "body", "supplier_id", "merchant_category",
                  "charity_number", "company_number", "org_id", "postcode", "duplicate_of_row"]
TARGET = Target("spend", "staging.council_spend", STAGED_COLUMNS, scope_column="council",
                period_column="period_key", amount_column="amount",
                lines_table="staging.council_spend_lines")


def spend_reader(profile: CouncilProfile, scratch: Path, stated: Period | None = None,
                 today: dt.date | None = None, stated_by: str = "stated",
                 detection: SpendDetection | None = None) -> Reader:
    """A reader of `profile`'s spend files, for warehouse.ingest.ingest_file. `stated` is the
    period the files report on, if known (`stated_by` says how it was decided); `detection`,
    what detecting the file found when it was received (its layout and date forms), if it
    still holds: the file is then read by it, not detected again."""

    def read(con: duckdb.DuckDBPyConnection, path: Path, stem: str) -> Prepared:
        pv = preview(path, sheet=profile.sheet)
        if detection is not None:
            layout, rows_sampled = detection.layout, detection.rows_sampled
        else:
            layout = detect_layout(pv, profile)
            rows_sampled = len(layout.sample)
        table, date_formats = _read_lines(con, pv, layout, profile, stem, scratch,
                                    detection and detection.date_formats)
        # Undated files take their period from the dates already parsed, not from a new parse.
        dates = f"(select {ident(STORED['payment_date'])} as d from {ident(table.computed)})"
        period, source = detect_period(con, dates, stated, path.name, today)
        source = stated_by if stated is not None else source
        refuse_partial_overlap(con, profile.slug, period, path.name)
        forms = SpendForms(date_formats, period, source)
        by_month = any(is_month_form(f) for f in date_formats)
        hashes, repeats, typed = f"{stem}_repeated", f"{stem}_repeats", f"{stem}_typed"
        con.execute(f"create temp table {ident(hashes)} as {repeated_hashes_sql(table)}")
        con.execute(f"create temp table {ident(repeats)} as "
                    f"{first_identical_sql(table, hashes)}")
        # A large file's typed lines stay a view over its stored rows, not a second copy; a small
        # file's are stored, because planning the view for each statement that reads it costs
        # more than the copy.
        kind = "view" if table.rows > STORE_TYPED_LINES_UP_TO else "table"
        con.execute(f"create temp {kind} {ident(typed)} as "
                    f"{typed_spend_sql(table, layout, forms, repeats, by_month)}")
        detected_checks, date_forms, amount_forms = file_checks(con, typed, forms, path.name,
                                                                 layout, profile)
        target = replace(TARGET, columns=STAGED_COLUMNS + (["date_precision"] if by_month
                                                            else []),
                         constants={column: "null" for column in absent_columns(layout)})
        checked = ("period_check_date" if by_month and not period.month_aligned
                   else "payment_date")
        schema = spend_line_schema(period, today or dt.date.today(),
                                   "transaction" in layout.columns, checked)
        detected = {
            "parser": table.parser, "encoding": table.encoding, "sheet": table.sheet,
            "delimiter": pv.delimiter if pv.kind == "csv" else None,
            "header_row": table.header_row, "columns": layout.columns,
            "column_evidence": layout.evidence, "rows_sampled": rows_sampled,
            "unmapped_columns": layout.unmapped, "amount_basis": layout.amount_basis,
            "date_formats": forms.date_formats, "date_forms_seen": date_forms,
            "date_precision": "month" if by_month else "day",
            "amount_forms_seen": amount_forms, "period": period.label,
            "period_start": f"{period.start}", "period_end": f"{period.end}",
            "period_source": forms.period_source, "data_rows": table.rows,
            "blank_rows": table.blank_rows, **detected_checks,
        }
        if profile.ended:
            detected["council_ended"] = profile.ended
        return Prepared(typed, table.name, target, schema, RULES, period.segments,
                        period.label, detected)

    return read


def _read_lines(con: duckdb.DuckDBPyConnection, pv: Preview, layout: SpendLayout,
                profile: CouncilProfile, stem: str, scratch: Path, carried: list[str] | None
                ) -> tuple[TextTable, list[str]]:
    """Store the file's rows with their dates read, and the date forms that read them: those
    found when the file was received (`carried`), else learned as the rows are read, from the
    sample spread through the file and from its first rows."""
    date_formats: list[str] = []

    def parsed(sample: str, cells: list[str]) -> dict[str, str]:
        first = f"(select {ident(layout.columns['date'])} as d from {ident(sample)})"
        if carried is not None and not _first_rows_show_more(con, first, carried, profile):
            date_formats[:] = carried
        else:
            date_formats[:] = _learn_date_formats(con, pv, layout, first, profile, stem)
        return stored_spend_sql(layout, date_formats, cells)

    table = read_text_table(con, pv, layout.header_index, f"{stem}_rows", scratch,
                            computed=parsed)
    return table, date_formats


def _first_rows_show_more(con: duckdb.DuckDBPyConnection, first: str, carried: list[str],
                          profile: CouncilProfile) -> bool:
    """Whether the file's first rows write dates in a form the sample taken when it was received
    did not show (then the forms are learned again, from both, as for a file never detected)."""
    if profile.date_format:
        return False  # the profile's form is the only one, whatever the rows show
    unread = f"(select d from {first} where d is not null and {date_sql('d', carried)} is null)"
    return bool(learn_date_formats(con, unread, profile))


def _learn_date_formats(con: duckdb.DuckDBPyConnection, pv: Preview, layout: SpendLayout,
                        first: str, profile: CouncilProfile, stem: str) -> list[str]:
    """The date forms learned from the sample spread through the file and its first rows."""
    if not layout.sample:  # a layout carried from receiving keeps no rows: sample them again
        layout = replace(layout, sample=spread_sample(pv, layout.header_index))
    sampled = sample_dates(con, layout, f"{stem}_sampled_dates")
    try:
        values = f"(select d from {sampled} union all select d from {first})"
        return learn_date_formats(con, values, profile)
    finally:
        con.unregister(f"{stem}_sampled_dates")


def refuse_partial_overlap(con: duckdb.DuckDBPyConnection, council: str, period: Period,
                           file_name: str) -> None:
    """A file replaces what an earlier file loaded for exactly the same days; one that covers
    only part of an earlier file's days would leave the rest of that file half-replaced, so it
    is refused, saying which file it overlaps."""
    loaded = current_periods(con, "spend", council)
    ours = set(period.segments)
    for segment in period.segments:
        for other in overlapping(segment, loaded):
            if other not in ours:
                earlier = loaded[other]
                raise SpendFileRefused(
                    f"{file_name}: its period {period.label} covers part of {other}, loaded "
                    f"from {earlier['file_name']} (period {earlier['period_label']}); a file "
                    "replaces only whole periods loaded before: state the earlier file's period "
                    f"with --period {earlier['period_label']} if this file re-issues it")


def file_checks(con: duckdb.DuckDBPyConnection, typed: str, forms: SpendForms,
                file_name: str, layout: SpendLayout, profile: CouncilProfile
                ) -> tuple[dict, dict[str, int], dict[str, int]]:
    """Checks on the file as a whole: most dates written must be read (else the file is
    refused: its lines are never all quarantined for the form of their dates), and they must
    mostly fall in its period (else the period is wrong and the file is refused); a totals line,
    if any, should equal its lines' sum. With them, in the same pass, the date and amount forms
    its lines use."""
    period = forms.period
    seen = forms_seen_sql(forms.date_formats)
    inside = f"payment_date between date '{period.start}' and date '{period.end}'"
    if any(is_month_form(f) for f in forms.date_formats):
        inside = (f"({inside} or (date_precision = 'month' and payment_date between "
                  f"date '{period.start.replace(day=1)}' and date '{period.end}'))")
    row = records(con, f"""
        select count(payment_date) as dated, count(payment_date_raw) as written,
               count(*) filter (where {inside}) as in_period,
               sum(amount) filter (where is_totals_row) as declared_total,
               sum(amount) filter (where not is_totals_row) as sum_of_lines,
               count(*) filter (where is_totals_row) as totals_rows,
               {", ".join(f"{sql} as {ident(name)}" for name, sql in seen.items())}
        from {ident(typed)}""")[0]
    if row["written"] and row["dated"] / row["written"] < MOST:
        unread = f"(select payment_date_raw as d from {ident(typed)})"
        _, _, examples = unread_dates(con, unread, forms.date_formats)
        refuse_unread_dates(file_name, layout.columns["date"], row["written"], row["dated"],
                            examples, profile, "written")
    if row["dated"] and row["in_period"] / row["dated"] < MIN_IN_PERIOD:
        raise SpendFileRefused(
            f"{file_name}: only {row['in_period']} of {row['dated']} dated lines fall in "
            f"{period.label} ({period.start} to {period.end}); if the file reports on another "
            "period, state it with --period")
    checks = {"lines_in_period": row["in_period"], "lines_dated": row["dated"]}
    if row["totals_rows"]:
        checks["declared_total"] = str(row["declared_total"])
        checks["declared_total_matches_lines"] = row["declared_total"] == row["sum_of_lines"]
    return (checks, *forms_seen({name: row[name] for name in seen}))
