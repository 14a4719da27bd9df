"""How figures read on a page: pounds with their price year, ratios, shares, periods.

Estimates are shown in whole pounds (pence would claim a precision the method does not have).
Text bound for a Plotly chart is escaped here, because Plotly reads a little HTML (`<b>`, `<br>`,
`<a href>`) inside labels and names: a partner called `<b>X</b>` must read as typed.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

MISSING = "–"


def blank(value) -> bool:
    """True for None, NaN and pandas' NA."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def money(value) -> str:
    """£1,234,567 (or −£90,117 for a harm); a dash when there is no figure."""
    if blank(value):
        return MISSING
    value = float(value)
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def money_short(value) -> str:
    """£1.97m, £456k, £830: for headline cards and chart labels."""
    if blank(value):
        return MISSING
    value = float(value)
    sign = "−" if value < 0 else ""
    size = abs(value)
    if size >= 999_500:
        return f"{sign}£{size / 1e6:.2f}m"
    if size >= 10_000:
        return f"{sign}£{size / 1e3:.0f}k"
    return f"{sign}£{size:,.0f}"


def ratio(value) -> str:
    """An SROI ratio, "2.70 : 1"."""
    return "no inputs" if blank(value) else f"{float(value):.2f} : 1"


def share(value, places: int = 1) -> str:
    return MISSING if blank(value) else f"{float(value) * 100:.{places}f}%"


def number(value, places: int = 0) -> str:
    """A quantity that is not a count of people (hours, appointments) or a rate."""
    if blank(value):
        return MISSING
    value = float(value)
    if places == 0 and not math.isclose(value, round(value)):
        places = 1
    return f"{value:,.{places}f}"


def price_basis(base_year) -> str:
    """The unit every £ on a page is in: "£, 2026 prices"."""
    return f"£, {int(base_year)} prices" if not blank(base_year) else "£, prices as paid"


def quarter_label(quarter_key: str) -> str:
    """`2024-25-Q1` -> `2024-25 Q1`."""
    if isinstance(quarter_key, str) and quarter_key[-3:-2] == "-" and quarter_key[-2] == "Q":
        return f"{quarter_key[:-3]} {quarter_key[-2:]}"
    return str(quarter_key)


def when(value) -> str:
    """A timestamp to the minute, or a dash."""
    if blank(value):
        return MISSING
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def plotly_text(value) -> str:
    """Text from the data, safe inside a Plotly label, name or hover text."""
    return html.escape("" if blank(value) else str(value), quote=False)


def humanise(code: str) -> str:
    """`sme_or_other` -> `SME or other`: category codes as words."""
    words = re.sub(r"\b(vcse|sme)\b", lambda m: m.group(1).upper(), str(code).replace("_", " "))
    return words[:1].upper() + words[1:]
