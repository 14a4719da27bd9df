"""Each chart's numbers in a sentence or two, for readers who do not read the chart: what is
highest and lowest, with units, periods and ranges. Suppressed figures are never named."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboards.site import formatting as f
from dashboards.site.model import Summary
from dashboards.site.sentences import Item, Items, Sentence


def _per_year(frame: pd.DataFrame, say: Callable[[pd.DataFrame, str], str | Summary],
              year: str = "financial_year") -> list[Summary]:
    if frame.empty:
        return [Summary("No figures yet.")]
    out = []
    for y, rows in frame.groupby(year, sort=True):
        said = say(rows, y)
        out.append(said if isinstance(said, Summary) else Summary(said, y))
    return out


def pounds(value) -> str:
    """An SROI ratio as pounds of value for every £1: `£2.70`."""
    return "no inputs" if f.blank(value) else f"£{float(value):.2f}"


def _overlaps(rows: pd.DataFrame, low: str, high: str) -> list[Item]:
    """A statement per pair of partnerships whose ranges overlap: their order is uncertain,
    shown only while both are."""
    out = []
    recs = rows.to_dict("records")
    for i, a in enumerate(recs):
        for b in recs[i + 1:]:
            if f.blank(a[low]) or f.blank(b[low]):
                continue
            if float(a[low]) <= float(b[high]) and float(b[low]) <= float(a[high]):
                out.append(Item(f"{a['partnership_name']} and {b['partnership_name']}",
                                [a["partnership_id"], b["partnership_id"]], every=True))
    return out


def ranges(frame: pd.DataFrame, columns: tuple[str, str, str], what: str,
           fmt: Callable[[object], str], basis: str) -> list[Summary]:
    """Each partnership's central estimate with its range, largest first, and the pairs whose
    ranges overlap (so that neither can be called the larger)."""
    central, low, high = columns

    def say(rows: pd.DataFrame, year: str) -> Summary:
        rows = rows.sort_values(central, ascending=False)
        items = [Item(f"{r['partnership_name']} {fmt(r[central])} ({fmt(r[low])} to "
                      f"{fmt(r[high])})", [r["partnership_id"]]) for r in tables_records(rows)]
        return Summary.told([
            Sentence([f"{year}, {what}, largest central estimate first, with the range from "
                      "cautious to generous assumptions: ", Items("all", items), f" ({basis})."]),
            Sentence(["Ranges that overlap, so the order between them is uncertain: ",
                      Items("overlap", _overlaps(rows, low, high), last=" and "), "."],
                     needs="overlap",
                     otherwise="No two ranges shown overlap."),
        ], year)
    return _per_year(frame, say)


def tables_records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def status_shares(frame: pd.DataFrame, what: str) -> list[Summary]:
    """frame: one row per partnership-year with share_met, n_met, of."""
    def say(rows: pd.DataFrame, year: str) -> Summary:
        rows = rows.sort_values("share_met", ascending=False)
        items = [Item(f"{r['partnership_name']} {f.share(r['share_met'], 0)} ({int(r['n_met'])} "
                      f"of {int(r['of'])})", [r["partnership_id"]]) for r in tables_records(rows)]
        return Summary.told([Sentence([f"{year}, share of {what}: ", Items("all", items),
                                       "."])], year)
    return _per_year(frame, say)


def shares_over_time(frame: pd.DataFrame, names: dict[str, str], what: str) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> Summary:
        items = []
        for pid, one in rows.groupby("partnership_id", sort=False):
            one = one.sort_values("quarter_key")
            first, last = one.iloc[0], one.iloc[-1]
            items.append(Item(f"{names.get(pid, pid)} from {f.share(first['share'], 0)} in "
                              f"{f.quarter_label(first['quarter_key'])} to "
                              f"{f.share(last['share'], 0)} in "
                              f"{f.quarter_label(last['quarter_key'])}", [pid]))
        return Summary.told([Sentence([f"{year}, {what}: ", Items("all", items), "."])], year)
    return _per_year(frame, say)


def council_shares(frame: pd.DataFrame) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> Summary:
        items = [Item(f"{r['council_name']} {f.share(r['vcse'], 0)} to VCSE organisations and "
                      f"{f.share(r['partnership'], 0)} to its partnerships, of "
                      f"{f.money(r['council_total_gbp'])}" + (
                           "" if f.blank(r.get("matched_gbp")) else
                           f" ({f.money(r['matched_gbp'])} of it matched to a register)"),
                       list(r["partnerships"]))
                 for r in tables_records(rows)]
        return Summary.told([Sentence([f"{year}: ", Items("all", items), " (£ as paid)."])],
                            year)
    return _per_year(frame, say)


def locality(frame: pd.DataFrame) -> list[Summary]:
    """Where spend went by supplier locality, saying first how much of it has a locality at
    all: a share to local suppliers means little when most suppliers cannot be placed."""
    def say(rows: pd.DataFrame, year: str) -> Summary:
        items = []
        for r in tables_records(rows):
            known = 1 - float(r["unknown"] or 0)
            items.append(Item(
                f"{r['council_name']}: locality unknown for {f.share(r['unknown'], 0)} of its "
                f"spend; {f.share(r['local'], 0)} went to local suppliers and "
                f"{f.share(r['not_local'], 0)} to suppliers that are not local"
                + (f" (of the spend whose locality is known, {f.share(r['local'] / known, 0)} "
                   "local)" if known > 0 else ""), list(r["partnerships"])))
        return Summary.told([Sentence([f"{year}: ", Items("all", items), " (£ as paid)."])],
                            year)
    return _per_year(frame, say)


def radar(frame: pd.DataFrame, names: dict[str, str], framework: str) -> list[Summary]:
    def say(rows: pd.DataFrame, period: str) -> Summary:
        items = []
        for pid, one in rows.groupby("partnership_id", sort=False):
            low = one.sort_values(["score", "item_code"]).iloc[0]
            items.append((float(one["score"].mean()), Item(
                f"{names.get(pid, pid)} {one['score'].mean():.1f} (lowest: {low['item_code']} "
                f"{low['item_title']}, {f.number(low['score'])})", [pid])))
        items = [i for _, i in sorted(items, key=lambda x: -x[0])]
        return Summary.told([Sentence([f"{period}, mean self-assessed score against the "
                                       f"{framework} (0-5), highest mean first: ",
                                       Items("all", items), "."])], period)
    return _per_year(frame, say, year="period")


def against_target(achieved: pd.Series, harm: bool, target) -> str:
    """How a measure did against its target over the quarters with one, worded by direction:
    a floor is met at or above it; a ceiling (for a harm) is kept at or below it."""
    if harm:
        over = int((achieved > 1).sum())
        ceiling = f" of {f.number(target)}" if not f.blank(target) else ""
        if over:
            return f"above the ceiling{ceiling} in {over} of {len(achieved)} quarters"
        return f"within the ceiling{ceiling} in every one of {len(achieved)} quarters"
    return f"at or above target in {int((achieved >= 1).sum())} of {len(achieved)} quarters"


def measures(cells: pd.DataFrame, years: pd.DataFrame | None = None) -> list[Summary]:
    """Each measure's year in words: its total (published unless it is a small count, whatever
    its quarters show), and how it did against target in the quarters shown."""
    totals = {} if years is None else {
        (r["financial_year"], r["outcome"]): r for r in years.to_dict("records")}

    def say(rows: pd.DataFrame, year: str) -> str:
        parts = []
        for outcome, one in rows.groupby("outcome", sort=False):
            shown = one[~one["quantity_suppressed"]]
            year_row = totals.get((year, outcome))
            if year_row is not None and not year_row["quantity_suppressed"]:
                total = f"{f.number(year_row['quantity'])} in the year"
                if one["quantity_suppressed"].any():
                    total += f" ({len(shown)} of {len(one)} quarters shown)"
            elif one["quantity_suppressed"].any():
                total = f"{len(shown)} of {len(one)} quarters shown"
            else:
                total = f"{f.number(one['quantity'].sum())} in the year"
            detail = total
            met = one["achievement"].dropna()
            if len(met):
                harm = bool(one["is_harm"].fillna(False).any())
                targets = one["target"].dropna().unique()
                target = targets[0] if len(targets) == 1 else None
                detail += ", " + against_target(met, harm, target)
            parts.append(f"{outcome}: {detail}")
        hidden = int(rows["quantity_suppressed"].sum())
        text = f"{year}: " + "; ".join(parts) + "."
        if hidden:
            text += f" {hidden} quarterly figures suppressed (shown as c)."
        return text
    return _per_year(cells, say)


def themes(frame: pd.DataFrame, years: pd.DataFrame, account: pd.DataFrame,
           basis: str) -> list[Summary]:
    """The theme chart in words: each theme's year (in full where it can be given), and how
    much of the account the quarters leave out, and why."""
    def say(rows: pd.DataFrame, year: str) -> str:
        own = years[(years["financial_year"] == year) & (years["theme"] != "All themes")]
        parts = []
        for r in own.sort_values("present_value_gbp", ascending=False,
                                 na_position="last").to_dict("records"):
            value = ("c" if r.get("present_value_gbp_suppressed")
                     else f.money(r["present_value_gbp"]))
            parts.append(f"{f.humanise(r['theme'])} {value}")
        text = f"{year}, social value by theme over the year: " + ("; ".join(parts) or "none")
        text += "."
        whole = account[account["financial_year"] == year]
        left = float(whole["withheld_gbp"].fillna(0).sum()) if len(whole) else 0.0
        if rows["value_partial"].any() and left:
            total = float(whole["present_value_gbp"].sum())
            text += (f" The quarters show {f.money(total - left)} of the year's "
                     f"{f.money(total)} (a hatched bar is only part of its quarter): the other "
                     f"{f.money(left)} is not placed in a "
                     "quarter, since that would let a small count of people be worked out "
                     "from the published figures.")
        if own["present_value_gbp_suppressed"].fillna(False).any():
            text += " A theme's year shown as c would reveal a small count of people."
        return f"{text} {basis}."
    return _per_year(frame, say)


def stacked(frame: pd.DataFrame, stack: str, what: str, basis: str) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        shown = rows[~rows["value_suppressed"]]
        totals = shown.groupby(stack)["value"].sum().sort_values(ascending=False)
        hidden = int(rows["value_suppressed"].sum())
        parts = [f"{f.humanise(k)} {f.money(v)}" for k, v in totals.items()]
        text = f"{year}, {what} in the quarters shown: " + ("; ".join(parts) or "none") + "."
        if hidden:
            text += (f" {hidden} quarterly figures are suppressed (c), as they would reveal a "
                     "small count of people.")
        return f"{text} {basis}."
    return _per_year(frame, say)


def partners(frame: pd.DataFrame, basis: str) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        top = rows.sort_values("inputs_gbp", ascending=False).iloc[0]
        shown = rows[~rows["present_value_gbp_suppressed"]].sort_values(
            "present_value_gbp", ascending=False)
        text = (f"{year}: {len(rows)} partners. {top['partner_name']} received the most, "
                f"{f.money(top['inputs_gbp'])}.")
        if len(shown):
            best = shown.iloc[0]
            text += (f" The largest social value reported is {best['partner_name']}'s, "
                     f"{f.money(best['present_value_gbp'])} (cautious "
                     f"{f.money(best['present_value_low_gbp'])}, generous "
                     f"{f.money(best['present_value_high_gbp'])}).")
        return f"{text} {basis}."
    return _per_year(frame, say)


def flows(frame: pd.DataFrame, basis: str) -> list[Summary]:
    if frame.empty:
        return [Summary("No money to the partners is recorded for the quarters reported.")]
    by_source = frame.groupby("source")["amount_gbp"].sum().sort_values(ascending=False)
    parts = [f"{k} {f.money(v)}" for k, v in by_source.items()]
    return [Summary(f"In the quarters with outcome returns: {'; '.join(parts)}, to "
                    f"{frame['partner_name'].nunique()} partners; {basis}.")]


def matrix(frame: pd.DataFrame) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        counts = rows["status"].value_counts()
        text = (f"{year}: {counts.get('met', 0)} of {len(rows)} assessments met, "
                f"{counts.get('not met', 0)} not met, {counts.get('no evidence', 0)} without "
                "evidence.")
        misses = rows[rows["status"] != "met"]
        if len(misses):
            text += " " + "; ".join(f"{r['partner_name']}: {r['imperative_title']} "
                                    f"({r['status']})" for _, r in misses.iterrows()) + "."
        return text
    return _per_year(frame, say)


def bars(frame: pd.DataFrame, label: str, what: str, words: bool = True) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        rows = rows.sort_values("amount_gbp", ascending=False)
        parts = [f"{f.humanise(r[label]) if words else r[label]} {f.money(r['amount_gbp'])} "
                 f"({f.share(r['share'])})" for _, r in rows.head(5).iterrows()]
        more = f", and {len(rows) - 5} more" if len(rows) > 5 else ""
        return f"{year}, {what}: " + "; ".join(parts) + more + " (£ as paid)."
    return _per_year(frame, say)


def months(frame: pd.DataFrame) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        by_month = rows.groupby("month")["amount_gbp"].sum()
        hi, lo = by_month.idxmax(), by_month.idxmin()
        return (f"{year}: {f.money(by_month.sum())} over {len(by_month)} months; most in "
                f"{pd.Timestamp(hi):%B %Y} ({f.money(by_month.max())}), least in "
                f"{pd.Timestamp(lo):%B %Y} ({f.money(by_month.min())}) (£ as paid).")
    return _per_year(frame, say)


def quarantine(frame: pd.DataFrame, rows: int) -> list[Summary]:
    """frame: failures per feed and rule; `rows`: the rows quarantined (a row may break
    several rules)."""
    if frame.empty:
        return [Summary("No rows are quarantined.")]
    by_rule = frame.groupby("rule")["n"].sum().sort_values(ascending=False)
    feeds, broken = frame["feed"].nunique(), int(frame["n"].sum())

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"
    return [Summary(f"{n(rows, 'row', 'rows')} quarantined in {n(feeds, 'feed', 'feeds')}, "
                    f"breaking {n(broken, 'rule', 'rules')}; most often: "
                    + "; ".join(f"{k.lower()} ({v})" for k, v in by_rule.head(3).items()) + ".")]
