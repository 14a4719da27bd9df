"""The spend line schema: what a Transparency Code payment line must be to be loaded.

A line that breaks a rule is quarantined with the rule's name and reason. A line published twice
is flagged (duplicate_of_row), not quarantined: the Code's files do repeat genuine lines, and a
split payment (one transaction number over several different lines) is valid.
"""

from __future__ import annotations

import datetime as dt

import pandera.pandas as pa

from basics.periods import Period
from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, named, present, timestamp

DATE_READABLE = Rule.legible("payment_date",
                             "payment date missing or not a date in a recognised form")
DATE_NOT_FUTURE = Rule("payment_date_not_in_future", "payment_date",
                       "payment date is in the future", "payment_date_raw")
DATE_IN_PERIOD = Rule("payment_date_in_period", "payment_date",
                      "payment date outside the file's publication period", "payment_date_raw")
AMOUNT_READABLE = Rule.legible(
    "amount", "amount missing, or not a number that reads one way in pounds and pence")
AMOUNT_NOT_ZERO = Rule("amount_not_zero", "amount", "amount is zero", "amount_raw")
BENEFICIARY = Rule("beneficiary_named_or_redacted", "beneficiary",
                   "beneficiary is blank and not marked as redacted", "beneficiary")
NOT_TOTALS = Rule("not_a_totals_row", "amount",
                  "a totals line at the foot of the file, not a payment", "amount_raw")
TRANSACTION = Rule.filled("transaction_ref", "transaction reference missing")

RULES = {r.name: r for r in [EXTRA_CELLS, DATE_READABLE, DATE_NOT_FUTURE, DATE_IN_PERIOD,
                             AMOUNT_READABLE, AMOUNT_NOT_ZERO, BENEFICIARY, TRANSACTION,
                             NOT_TOTALS]}


def spend_line_schema(period: Period, today: dt.date, has_transaction_column: bool,
                      checked_date: str = "payment_date") -> pa.DataFrameSchema:
    """Row rules for the spend lines of one file, whose publication period is `period`.
    `checked_date` is the column the in-period rule judges: the payment date, or for a file
    with dates by month in a period that starts mid-month, a date placed inside the period
    when the line's month overlaps it (sources/spend/parse.py)."""
    in_period = named(pa.Check.in_range, timestamp(period.start), timestamp(period.end),
                      rule=DATE_IN_PERIOD)
    columns = {
        "payment_date": pa.Column(nullable=True, checks=[
            present(DATE_READABLE),
            named(pa.Check.le, timestamp(today), rule=DATE_NOT_FUTURE),
            *([in_period] if checked_date == "payment_date" else []),
        ]),
        "amount": pa.Column(float, nullable=True, checks=[
            present(AMOUNT_READABLE),
            named(pa.Check.ne, 0, rule=AMOUNT_NOT_ZERO),
        ]),
        "beneficiary": pa.Column(nullable=True),
        "is_redacted": pa.Column(bool, nullable=False),
        "is_totals_row": pa.Column(bool, nullable=False, checks=[
            pa.Check(lambda s: ~s, name=NOT_TOTALS.name, error=NOT_TOTALS.name)]),
    }
    if checked_date != "payment_date":
        columns[checked_date] = pa.Column(nullable=True, checks=[in_period])
    if has_transaction_column:
        columns["transaction_ref"] = required(TRANSACTION)
    return file_schema(
        columns,
        checks=[pa.Check(lambda df: df["beneficiary"].notna() | df["is_redacted"],
                         name=BENEFICIARY.name, error=BENEFICIARY.name)],
        name="spend_line",
    )
