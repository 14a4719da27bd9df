"""The naive way to load a spend file, as a baseline and as the reference for correctness.

Everything happens in pandas, as a first version of the pipeline would do it: `read_csv` the whole
file, parse pounds, commas and dates with pandas string methods, validate the whole frame with the
project's own Pandera schema (`schemas.spend.spend_line_schema`, lazy, so every failure of every
row is reported), split the failing rows off with their rule names, and insert the good rows into
DuckDB. It knows the benchmark files' layout (Oldham's headers) instead of detecting it.

The benchmark compares what this loads and quarantines, row by row, with the real ingest path:
the same source rows loaded, the same rows quarantined under the same rules, the same amounts to
the penny and the same exact-duplicate flags.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

from basics.periods import Period
from schemas.spend import RULES, spend_line_schema
from sources.spend.parse import REDACTION_MARKERS

# The benchmark files' headers, as Oldham publishes them.
COLUMNS = {"Body Name": "body", "Service Area": "department", "Expenses Type": "expense_type",
           "Invoice Payment Date": "date", "Transaction Number": "transaction_ref",
           "Net Amount": "amount", "Supplier Name": "beneficiary",
           "Charity Number": "charity_number"}
DATE_FORMAT = "%d/%m/%Y"
TOTAL_WORDS = r"(grand |sub ?)?totals?:?"
HEADER_ROWS = 1


def ingest_naive(path: Path, db: Path, period: Period, today: dt.date) -> dict:
    """Load `path` into a fresh DuckDB database `db`: tables `loaded` and `quarantine`."""
    published = pd.read_csv(path, dtype=str, keep_default_na=False)
    lines = parse(published, period)
    schema = spend_line_schema(period, today, has_transaction_column=True)
    rules = failed_rules(lines, schema)
    bad = lines.index.isin(rules.index)
    quarantine = lines.loc[bad, ["source_row", "amount"]].assign(rules=rules.loc[lines.index[bad]])
    with duckdb.connect(str(db)) as con:
        con.register("good_lines", lines[~bad])
        con.execute("create table loaded as select * replace (amount::decimal(18,2) as amount,"
                    " payment_date::date as payment_date) from good_lines")
        con.register("bad_lines", quarantine)
        con.execute("create table quarantine as select source_row, rules,"
                    " amount::decimal(18,2) as amount from bad_lines")
    return {"rows_read": len(lines), "rows_loaded": int((~bad).sum()),
            "rows_quarantined": int(bad.sum())}


def parse(published: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Typed spend lines from the text as published, with their spreadsheet row numbers."""
    text = published.rename(columns=COLUMNS).apply(lambda s: s.str.strip())
    blank = text == ""
    beneficiary = text["beneficiary"]
    lowered = beneficiary.str.lower()
    redacted = pd.Series(False, index=text.index)
    for marker in REDACTION_MARKERS:
        redacted |= lowered.str.contains(marker, regex=False)
    source_row = pd.Series(range(HEADER_ROWS + 1, HEADER_ROWS + 1 + len(text)),
                           index=text.index, dtype="int64")
    dates = pd.to_datetime(text["date"], format=DATE_FORMAT, errors="coerce")
    says_total = pd.Series(False, index=text.index)
    for column in ("beneficiary", "department", "expense_type", "body", "transaction_ref"):
        says_total |= text[column].str.lower().str.fullmatch(TOTAL_WORDS)
    first_identical = source_row.groupby([published[c] for c in published.columns]
                                         ).transform("min")
    lines = pd.DataFrame({
        "source_row": source_row,
        "extra_cells": pd.Series(None, index=text.index, dtype="str"),
        "payment_date": dates,
        "payment_date_raw": text["date"].mask(blank["date"]),
        "amount": amounts(text["amount"]),
        "amount_raw": text["amount"].mask(blank["amount"]),
        "is_redacted": redacted,
        "beneficiary": beneficiary.mask(redacted | blank["beneficiary"]),
        "redaction_label": beneficiary.where(redacted),
        "is_totals_row": blank["date"] & says_total,
        "department": text["department"].mask(blank["department"]),
        "expense_type": text["expense_type"].mask(blank["expense_type"]),
        "transaction_ref": text["transaction_ref"].mask(blank["transaction_ref"]),
        "body": text["body"].mask(blank["body"]),
        "charity_number": text["charity_number"].mask(blank["charity_number"]),
        "duplicate_of_row": first_identical.where(first_identical < source_row).astype("Int64"),
    })
    in_period = dates.between(pd.Timestamp(period.start), pd.Timestamp(period.end))
    lines["period_key"] = dates.dt.strftime("%Y-%m").where(in_period, f"{period.start:%Y-%m}")
    return lines


def amounts(text: pd.Series) -> pd.Series:
    """'£1,234.56', '(250.00)', '250.00-' and '-250' as numbers; anything else as NaN."""
    negative = (text.str.lstrip("£ ").str.startswith("-") | text.str.endswith("-")
                | (text.str.startswith("(") & text.str.endswith(")")))
    digits = text.str.strip("()-£ ").str.replace(r"[,£ ]|GBP", "", regex=True)
    number = pd.to_numeric(digits.mask(digits == ""), errors="coerce")
    return number.where(~negative, -number)


def failed_rules(lines: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.Series:
    """For each failing row (by index), the sorted names of the rules it breaks."""
    try:
        schema.validate(lines, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return pd.Series(dtype=object)
    if cases["index"].isna().any():
        raise ValueError(f"the frame as a whole fails the schema:\n{cases[cases['index'].isna()]}")
    unknown = set(cases["check"]) - set(RULES)
    if unknown:
        raise ValueError(f"rows fail checks without a rule: {sorted(unknown)}")
    cases = cases.drop_duplicates(subset=["index", "check"])
    return cases.groupby(cases["index"].astype("int64"))["check"].agg(sorted)
