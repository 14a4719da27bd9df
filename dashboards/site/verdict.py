"""The verdict a commissioner reads first: does each partnership return more than it costs, on
cautious and on generous assumptions, what its figures cover, and how fresh they are.

SROI ranges run from the low case (deadweight, displacement, attribution and drop-off raised:
cautious) to the high case (lowered: generous). A partnership whose low case is at least £1 of
value per £1 of inputs returns more than it costs even on cautious assumptions; one whose range
spans £1 straddles break-even; one whose high case is below £1 falls short even on generous
assumptions. Written in the manner of an ONS bulletin's main points: the finding first, with its
numbers, then what it rests on.
"""

from __future__ import annotations

import pandas as pd

from dashboards.site import formatting as f
from dashboards.site.sentences import Count, Item, Items, Plural, Sentence

ABOVE, STRADDLES, BELOW, UNKNOWN = "above", "straddles", "below", "unknown"
WITHHELD = "withheld"
VERDICTS = {
    ABOVE: "Returns more than it costs, even on cautious assumptions",
    STRADDLES: "Straddles break-even: above it on generous assumptions, below on cautious ones",
    BELOW: "Falls short, even on generous assumptions",
    UNKNOWN: "No verdict: no inputs recorded",
    WITHHELD: "No verdict: the social value is withheld to protect small numbers of people",
}
SHORT = {ABOVE: "Returns more than it costs", STRADDLES: "Straddles break-even",
         BELOW: "Falls short", UNKNOWN: "No verdict", WITHHELD: "No verdict (withheld)"}
WITHHELD_WORDS = ("its social value and return on each £1 are withheld to protect small numbers "
                  "of people (with the other figures published they would let a count too small "
                  "to publish be worked out)")
RANGE_MEANING = ("Each range shows the value with more or less cautious assumptions about what "
                 "would have happened anyway, others' part in it and how fast benefits fade.")


def verdict(low, high, withheld: bool = False) -> str:
    """Where the SROI range lies against £1; WITHHELD where the account's social value is
    withheld (dashboards.account_figures), UNKNOWN where there are no inputs."""
    if withheld:
        return WITHHELD
    if f.blank(low) or f.blank(high):
        return UNKNOWN
    if float(low) >= 1:
        return ABOVE
    if float(high) < 1:
        return BELOW
    return STRADDLES


def pounds_per_pound(low, high) -> str:
    """`£1.62 to £4.16`: an SROI range as pounds of value per pound put in."""
    if f.blank(low) or f.blank(high):
        return "no inputs"
    return f"£{float(low):.2f} to £{float(high):.2f}"


def quarter_months(quarter_key: str) -> list[str]:
    """`2024-25-Q1` -> ['2024-04', '2024-05', '2024-06'] (financial-year quarters)."""
    start, q = int(quarter_key[:4]), int(quarter_key[-1])
    out = []
    for i in range(3):
        month = 4 + 3 * (q - 1) + i
        year = start + (month - 1) // 12
        out.append(f"{year}-{(month - 1) % 12 + 1:02d}")
    return out


def coverage(heads: pd.DataFrame, lines: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    """Per partnership-year: quarters with outcome returns (of 4), outcome lines valued (of
    those reported), and months of the lead council's spend loaded in those quarters."""
    rows = []
    months_loaded = {}
    if len(monthly):
        for council, one in monthly.groupby("council"):
            months_loaded[council] = {pd.Timestamp(m).strftime("%Y-%m") for m in one["month"]}
    for r in heads.to_dict("records"):
        mine = lines[(lines["partnership_id"] == r["partnership_id"])
                     & (lines["financial_year"] == r["financial_year"])]
        quarters = sorted(set(mine["quarter_key"])) if len(mine) else []
        months = [m for q in quarters for m in quarter_months(q)]
        loaded = months_loaded.get(r["lead_council"], set())
        reported = int(r.get("outcome_lines") or 0)
        not_valued = int(r.get("lines_not_valued") or 0)
        rows.append({"partnership_id": r["partnership_id"],
                     "financial_year": r["financial_year"],
                     "quarters": len(quarters), "months": len(months),
                     "months_loaded": sum(m in loaded for m in months),
                     "lines": reported, "lines_valued": reported - not_valued})
    return pd.DataFrame(rows, columns=["partnership_id", "financial_year", "quarters", "months",
                                       "months_loaded", "lines", "lines_valued"])


def gaps(c: dict) -> str:
    """What a partnership-year's figures do not cover, in words ('' when they cover all)."""
    out = []
    if c["quarters"] < 4:
        out.append(f"outcome returns for {c['quarters']} of 4 quarters (the account covers "
                   "those quarters only)")
    if c["months_loaded"] < c["months"]:
        out.append(f"council spend for {c['months_loaded']} of the {c['months']} months they "
                   "span, so its costs may be understated")
    if c["lines_valued"] < c["lines"]:
        out.append(f"{c['lines'] - c['lines_valued']} of {c['lines']} outcomes reported have "
                   "no value in the catalogue")
    return "; ".join(out)


def lead(heads: pd.DataFrame, cover: pd.DataFrame, year: str) -> list[Sentence]:
    """The main points for one financial year, as sentences the filters can re-tell."""
    rows = heads[heads["financial_year"] == year].sort_values("sroi_low", ascending=False)
    groups: dict[str, list[Item]] = {ABOVE: [], STRADDLES: [], BELOW: [], UNKNOWN: [],
                                     WITHHELD: []}
    everyone = []
    for r in rows.to_dict("records"):
        pid = r["partnership_id"]
        everyone.append(Item(r["partnership_name"], [pid]))
        outcome = verdict(r["sroi_low"], r["sroi_high"], bool(r.get("value_withheld")))
        groups[outcome].append(Item(r["partnership_name"] if outcome == WITHHELD else
                                    f"{r['partnership_name']} ("
                                    f"{pounds_per_pound(r['sroi_low'], r['sroi_high'])} "
                                    "for every £1)", [pid]))
    covered = {(c["partnership_id"], c["financial_year"]): c for c in cover.to_dict("records")}
    missing = []
    for r in rows.to_dict("records"):
        c = covered.get((r["partnership_id"], year))
        if c and gaps(c):
            missing.append(Item(f"{r['partnership_name']} has {gaps(c)}", [r["partnership_id"]]))

    def cost(one: str, many: str, key: str) -> Plural:
        return Plural(key, [one], [many])

    return [
        Sentence([f"In {year}, ", Count(ABOVE), " of the ", Count("all"), " ",
                  cost("partnership", "partnerships", "all"), " ",
                  Items("all", everyone, hidden=True),
                  cost("returns more in social value than it costs",
                       "return more in social value than they cost", ABOVE),
                  ", even on cautious assumptions: ", Items(ABOVE, groups[ABOVE], last=" and "),
                  "."], needs=ABOVE,
                 otherwise=f"In {year}, no partnership shown returns more than it costs on "
                           "cautious assumptions."),
        Sentence([Count(STRADDLES, capital=True), " ",
                  cost("straddles break-even", "straddle break-even", STRADDLES), ": ",
                  Items(STRADDLES, groups[STRADDLES], last=" and "), "."], needs=STRADDLES),
        Sentence([Count(BELOW, capital=True), " ",
                  cost("falls short even on generous assumptions",
                       "fall short even on generous assumptions", BELOW), ": ",
                  Items(BELOW, groups[BELOW], last=" and "), "."], needs=BELOW),
        Sentence([Count(UNKNOWN, capital=True), " ",
                  cost("has", "have", UNKNOWN), " no inputs recorded: ",
                  Items(UNKNOWN, groups[UNKNOWN], last=" and "), "."], needs=UNKNOWN),
        Sentence(["For ", Items(WITHHELD, groups[WITHHELD], last=" and "), ", the social value "
                  "and the return on each £1 are withheld to protect small numbers of people: "
                  "with the other figures published they would let a count too small to "
                  "publish be worked out."], needs=WITHHELD),
        Sentence([RANGE_MEANING]),
        Sentence(["The figures are incomplete where a partnership has only part of its data: ",
                  Items("gaps", missing), "."], needs="gaps",
                 otherwise=f"The figures cover every quarter of {year}'s outcome returns and "
                           "every month of the lead councils' spend in those quarters."),
    ]


def quarter_index(key) -> int | None:
    """`2024-25-Q4` -> a count of quarters, to subtract one from another."""
    if not isinstance(key, str) or len(key) < 10 or key[-2] != "Q":
        return None
    return int(key[:4]) * 4 + int(key[-1]) - 1


def month_index(key) -> int | None:
    """`2025-03` -> a count of months."""
    if not isinstance(key, str) or len(key) != 7:
        return None
    return int(key[:4]) * 12 + int(key[5:]) - 1


def behind(dataset: str, latest, due) -> tuple[int, str] | None:
    """How many periods a feed is behind the one now due: (n, 'quarters'|'months')."""
    if dataset == "outcomes":
        a, b, unit = quarter_index(latest), quarter_index(due), "quarter"
    else:
        a, b, unit = month_index(latest), month_index(due), "month"
    if a is None or b is None or b <= a:
        return None
    return b - a, unit + ("s" if b - a != 1 else "")


def period_words(dataset: str, period) -> str:
    if f.blank(period):
        return "nothing yet"
    if dataset == "outcomes":
        return f.quarter_label(period)
    try:
        return pd.Timestamp(f"{period}-01").strftime("%B %Y")
    except ValueError:
        return str(period)


def freshness_line(feed: dict | None, what: str) -> str:
    """'Outcome returns up to 2024-25 Q4 · 6 quarters overdue' for one feed."""
    if not feed:
        return f"{what}: none loaded"
    text = f"{what} up to {period_words(feed['dataset'], feed['latest_period'])}"
    late = behind(feed["dataset"], feed["latest_period"], feed["due_period"])
    if late:
        text += f" · {late[0]} {late[1]} overdue"
    elif feed.get("status") == "ok":
        text += " · on time"
    return text
