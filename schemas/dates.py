"""The rules of a row's start and end dates (a partnership's, a contribution's)."""

from __future__ import annotations

from schemas.rules import Rule

START_DATE = Rule.legible("start_date",
                          "start date missing or not a date (YYYY-MM-DD or DD/MM/YYYY)")
END_DATE = Rule.legible("end_date", "end date not a date (YYYY-MM-DD or DD/MM/YYYY)")
DATES_IN_ORDER = Rule("dates_in_order", "end_date", "end date before start date", "end_date_raw")
