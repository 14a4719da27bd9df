"""From the text a council published to typed spend lines, in DuckDB SQL.

Parsing never rejects a row: a value that cannot be read becomes NULL beside its raw text, and the
Pandera schema (schemas/spend.py) decides what is quarantined and why. The text is the landed
cells (sources.tables), already trimmed and NULL when empty.
"""

from __future__ import annotations

from basics.cells import date_sql, money_sql, precision_sql
from basics.duck import ident, literal
from basics.periods import Period
from sources.spend.detect import SpendForms, SpendLayout, period_key_sql
from sources.tables import TextTable

# How councils write a withheld beneficiary: "REDACTED PERSONAL DATA", "Redacted Data",
# "REDACTED COMMERCIAL CONFIDENTIALITY", "redacted", "Personal data withheld", ...
REDACTION_MARKERS = ["redact", "withheld", "commercial confidential", "personal data",
                     "not disclosed"]

TEXT_FIELDS = ["department", "service", "expense_type", "purpose", "transaction", "body",
               "supplier_id", "merchant_category", "charity_number", "company_number", "org_id",
               "postcode"]


def redacted_sql(column: str) -> str:
    lowered = f"lower(coalesce({column}, ''))"
    return "(" + " or ".join(f"contains({lowered}, {literal(m)})" for m in REDACTION_MARKERS) + ")"


# The typed values parsed as the file's text is stored (sources.tables.Computed), under names
# no header uses: the costly parsing, done once. Everything else is a cheap view over them.
STORED = {"payment_date": "_sv_payment_date", "amount": "_sv_amount", "gross": "_sv_gross",
          "vat": "_sv_vat", "is_redacted": "_sv_is_redacted", "is_totals_row": "_sv_is_totals_row",
          "row_hash": "_sv_row_hash", "date_precision": "_sv_date_precision"}


def stored_spend_sql(layout: SpendLayout, date_formats: list[str],
                     cells: list[str]) -> dict[str, str]:
    """{stored column: SQL over the landed text} for the values of `STORED` the file has;
    `cells` are all the file's columns, whose hash finds repeated lines."""
    cols = {f: ident(h) for f, h in layout.columns.items()}
    amount = money_sql(cols["amount"])
    if layout.amount_basis == "gross minus VAT":
        amount = f"({amount} - coalesce({money_sql(cols['vat'])}, 0))"
    precision = precision_sql(cols["date"], date_formats)
    return {
        STORED["payment_date"]: date_sql(cols["date"], date_formats),
        # Only a file with month-only dates stores their precision (a day, otherwise).
        **({STORED["date_precision"]: precision} if precision else {}),
        STORED["amount"]: amount,
        **{STORED[f]: money_sql(cols[f]) for f in ("gross", "vat") if f in cols},
        STORED["is_redacted"]: redacted_sql(cols["beneficiary"]),
        STORED["is_totals_row"]: _totals_sql(cols),
        STORED["row_hash"]: f"hash({', '.join(ident(c) for c in cells)})",
    }


def typed_spend_sql(table: TextTable, layout: SpendLayout, forms: SpendForms,
                    repeats: str, by_month: bool = False) -> str:
    """SELECT producing one typed spend line per landed row, with its segment of the period
    (`period_key`), from the values stored beside the text (`table.computed`, filled by
    `stored_spend_sql`) and the table `repeats` of rows identical to an earlier one
    (`first_identical_sql`).

    Only the fields the file has become columns (`absent_columns` names the others): a column
    of NULLs costs as much to store in DuckDB as one of values. `by_month`: the file has dates
    written as a month only, whose precision is stored (`date_precision`)."""
    cols = {f: ident(h) for f, h in layout.columns.items()}
    money = [f"{ident(STORED[f])} as {f}" for f in ("gross", "vat") if f in cols]
    if by_month:
        money.append(f"{ident(STORED['date_precision'])} as date_precision")
    texts = [f"{cols[f]} as {_staged(f)}" for f in TEXT_FIELDS if f in cols]
    period = forms.period
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {ident(STORED['payment_date'])} as payment_date,
        {cols['date']} as payment_date_raw,
        {ident(STORED['amount'])} as amount,
        {cols['amount']} as amount_raw,
        {''.join(f"{m}, " for m in money)}
        {ident(STORED['is_redacted'])} as is_redacted,
        {cols['beneficiary']} as named,
        {ident(STORED['is_totals_row'])} as is_totals_row,
        {''.join(f"{t}, " for t in texts)}
        first_identical_row
    from {ident(table.computed)} left join {ident(repeats)} using (source_row)
)
select
    * exclude (named, first_identical_row),
    -- A redacted line keeps its label, never a name: it must not be re-identified.
    case when not is_redacted then named end as beneficiary,
    case when is_redacted then named end as redaction_label,
    case when first_identical_row < source_row then first_identical_row end as duplicate_of_row,
    date_trunc('month', payment_date)::date as month,
    {period_key_sql(period, by_month)} as period_key{_checked_date(period, by_month)}
from parsed
"""


def absent_columns(layout: SpendLayout) -> list[str]:
    """Staged columns the file has no field for (NULL on every line it loads)."""
    return [_staged(f) for f in ("gross", "vat", *TEXT_FIELDS) if f not in layout.columns]


def _staged(field: str) -> str:
    return "transaction_ref" if field == "transaction" else field


def repeated_hashes_sql(table: TextTable) -> str:
    """The row hashes (stored as the text was read) that more than one row of `table` has."""
    row_hash = ident(STORED["row_hash"])
    return (f"select {row_hash} from {ident(table.computed)} group by {row_hash} "
            "having count(*) > 1")


def first_identical_sql(table: TextTable, repeated_hashes: str) -> str:
    """source_row and the first row identical to it in every cell, for the rows that repeat.

    Identical rows have the same hash, so only the rows whose hash is in the (small) table
    `repeated_hashes` are compared cell by cell: partitioning every row by every column costs
    several times the whole parse on a large file. The hashes are a table of their own so that
    DuckDB builds its join on them, not on the file."""
    cells = ", ".join(ident(c) for c in table.columns)
    row_hash = ident(STORED["row_hash"])
    return (f"select source_row, min(source_row) over (partition by {cells}) as "
            f"first_identical_row from {ident(table.computed)} where {row_hash} in "
            f"(select {row_hash} from {ident(repeated_hashes)})")


def _totals_sql(cols: dict[str, str]) -> str:
    """A 'Total' or 'Grand total' line some councils add at the foot: it has no date, and one of
    its text cells says total."""
    cells = [cols[f] for f in ("beneficiary", "department", "service", "expense_type", "purpose",
                               "body", "transaction") if f in cols]
    says_total = " or ".join(
        f"regexp_full_match(lower(coalesce({c}, '')), '(grand |sub ?)?totals?:?')"
        for c in cells)
    # A CASE, unlike AND, looks for the words only on the few lines without a date.
    return (f"(case when {cols['date']} is null then ({says_total or 'false'})"
            " else false end)")


def _checked_date(period: Period, by_month: bool) -> str:
    """A line dated by month only is in a period that does not start on the 1st (a 4-weekly
    one) when its month overlaps the period: the in-period rule judges this date for it."""
    if not by_month or period.month_aligned:
        return ""
    return (f",\n    case when date_precision = 'month' and payment_date <= date '{period.end}'"
            f" and last_day(payment_date) >= date '{period.start}' then "
            f"greatest(payment_date, date '{period.start}') else payment_date end "
            "as period_check_date")
