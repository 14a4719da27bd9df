"""Each chart's numbers in a sentence or two, for readers who do not read the chart: what is
highest and lowest, with units, periods and ranges. Suppressed figures are never named."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboards.site import formatting as f
from dashboards.site.model import Summary


def _per_year(frame: pd.DataFrame, say: Callable[[pd.DataFrame, str], str],
              year: str = "financial_year") -> list[Summary]:
    if frame.empty:
        return [Summary("No figures yet.")]
    return [Summary(say(rows, y), y) for y, rows in frame.groupby(year, sort=True)]


def ranges(frame: pd.DataFrame, columns: tuple[str, str, str], what: str,
           fmt: Callable[[object], str], basis: str) -> list[Summary]:
    """Highest and lowest central estimates, each with its range."""
    central, low, high = columns

    def say(rows: pd.DataFrame, year: str) -> str:
        rows = rows.sort_values(central, ascending=False)

        def one(r) -> str:
            return (f"{r['partnership_name']}, {fmt(r[central])} (low {fmt(r[low])}, high "
                    f"{fmt(r[high])}; weakest evidence {r['weakest_evidence_grade'] or 'none'})")
        if len(rows) == 1:
            return f"{year}: {what} of {one(rows.iloc[0])}; {basis}."
        return (f"{year}: the highest {what} is {one(rows.iloc[0])}; the lowest "
                f"{one(rows.iloc[-1])}. {len(rows)} partnerships; {basis}.")
    return _per_year(frame, say)


def costs(frame: pd.DataFrame, names: dict[str, str], basis: str) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        shown = rows[rows["cost_per_unit_gbp"].notna()].sort_values("cost_per_unit_gbp")
        if shown.empty:
            return f"{year}: no cost per outcome can be shown."
        lo, hi = shown.iloc[0], shown.iloc[-1]
        hidden = int(rows["cost_per_unit_gbp_suppressed"].sum())
        text = (f"{year}: costs per outcome run from {f.money(lo['cost_per_unit_gbp'])} per "
                f"{lo['unit']} ({lo['outcome'].lower()}, {names.get(lo['partnership_id'])}) to "
                f"{f.money(hi['cost_per_unit_gbp'])} per {hi['unit']} "
                f"({hi['outcome'].lower()}, {names.get(hi['partnership_id'])}); {basis}.")
        if hidden:
            text += f" {hidden} suppressed (too few people to publish)."
        return text
    return _per_year(frame, say)


def status_shares(frame: pd.DataFrame, what: str) -> list[Summary]:
    """frame: one row per partnership-year with share_met, n_met, of."""
    def say(rows: pd.DataFrame, year: str) -> str:
        rows = rows.sort_values("share_met", ascending=False)
        parts = [f"{r['partnership_name']} {f.share(r['share_met'], 0)} ({int(r['n_met'])} of "
                 f"{int(r['of'])})" for _, r in rows.iterrows()]
        return f"{year}, share of {what}: " + "; ".join(parts) + "."
    return _per_year(frame, say)


def shares_over_time(frame: pd.DataFrame, names: dict[str, str], what: str) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        parts = []
        for pid, one in rows.groupby("partnership_id", sort=False):
            one = one.sort_values("quarter_key")
            first, last = one.iloc[0], one.iloc[-1]
            parts.append(f"{names.get(pid, pid)} from {f.share(first['share'], 0)} in "
                         f"{f.quarter_label(first['quarter_key'])} to "
                         f"{f.share(last['share'], 0)} in {f.quarter_label(last['quarter_key'])}")
        return f"{year}, {what}: " + "; ".join(parts) + "."
    return _per_year(frame, say)


def council_shares(frame: pd.DataFrame) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        parts = [f"{r['council_name']} {f.share(r['vcse'], 0)} to VCSE organisations and "
                 f"{f.share(r['local'], 0)} to local suppliers, of "
                 f"{f.money(r['council_total_gbp'])}" + (
                     "" if f.blank(r.get("matched_gbp")) else
                     f" ({f.money(r['matched_gbp'])} of it matched to a register)")
                 for _, r in rows.iterrows()]
        return f"{year}: " + "; ".join(parts) + " (£ as paid)."
    return _per_year(frame, say)


def radar(frame: pd.DataFrame, names: dict[str, str], framework: str) -> list[Summary]:
    def say(rows: pd.DataFrame, period: str) -> str:
        means = rows.groupby("partnership_id")["score"].mean().sort_values(ascending=False)
        parts = [f"{names.get(p, p)} {m:.1f}" for p, m in means.items()]
        item = rows.groupby(["item_code", "item_title"])["score"].mean().sort_values()
        low = item.index[0]
        return (f"{period}, mean self-assessed score against the {framework} (0-5): "
                + "; ".join(parts) + f". Lowest on average: {low[0]} {low[1]} "
                f"({item.iloc[0]:.1f}).")
    return _per_year(frame, say, year="period")


def measures(cells: pd.DataFrame) -> list[Summary]:
    def say(rows: pd.DataFrame, year: str) -> str:
        parts = []
        for outcome, one in rows.groupby("outcome", sort=False):
            shown = one[~one["quantity_suppressed"]]
            total = "" if one["quantity_suppressed"].any() else (
                f"{f.number(one['quantity'].sum())} in the year")
            met = one["achievement"].dropna()
            detail = total or f"{len(shown)} of {len(one)} quarters shown"
            if len(met):
                detail += f", at or above target in {int((met >= 1).sum())} of {len(met)} quarters"
            parts.append(f"{outcome}: {detail}")
        hidden = int(rows["quantity_suppressed"].sum())
        text = f"{year}: " + "; ".join(parts) + "."
        if hidden:
            text += f" {hidden} quarterly figures suppressed (shown as c)."
        return text
    return _per_year(cells, say)


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
            text += (f" The largest present value reported is {best['partner_name']}'s, "
                     f"{f.money(best['present_value_gbp'])} (low "
                     f"{f.money(best['present_value_low_gbp'])}, high "
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
    return [Summary(f"{rows} rows quarantined in {frame['feed'].nunique()} feeds, breaking "
                    f"{int(frame['n'].sum())} rules; most often "
                    + ", ".join(f"{k} ({v})" for k, v in by_rule.head(3).items()) + ".")]
