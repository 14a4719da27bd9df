"""The sample's calendar: financial year 2024-25 (April to March), its months and quarters."""

import datetime as dt

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
MONTH_ABBR = [name[:3] for name in MONTH_NAMES]
FY_MONTHS = [(2024, m) for m in range(4, 13)] + [(2025, m) for m in range(1, 4)]
FY_START = dt.date(2024, 4, 1)
FY_END = dt.date(2025, 3, 31)
QUARTERS = {
    "Q1": FY_MONTHS[0:3],
    "Q2": FY_MONTHS[3:6],
    "Q3": FY_MONTHS[6:9],
    "Q4": FY_MONTHS[9:12],
}


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def working_days(year: int, month: int) -> list[dt.date]:
    """Monday-to-Friday dates of a month (bank holidays are not modelled)."""
    day = dt.date(year, month, 1)
    days = []
    while day.month == month:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def excel_serial(day: dt.date) -> int:
    """Excel's 1900-system serial number for a date (valid after 1 March 1900)."""
    return (day - dt.date(1899, 12, 30)).days
