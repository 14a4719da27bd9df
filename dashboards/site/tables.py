"""Table views: every chart's numbers as an accessible table, and the pages' other tables.

Cells are made here so they read the same everywhere: pounds in whole pounds, a hidden count as
`c` (never 0 or blank), a true zero as 0, a missing figure as a dash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from dashboards import account_figures
from dashboards.site import formatting as f
from dashboards.site.model import Cell, Row, Table
from dashboards.site.verdict import behind, period_words
from dashboards.site.words import plain
from dashboards.suppression import SYMBOL

SUPPRESSED = ("suppressed: a small number of people, or hidden so that a total cannot reveal "
              "one")
WITHHELD = ("withheld to protect small numbers of people: with the figures published it would "
            "let a count too small to publish be worked out")
WITHHELD_NOTE = (f"{SYMBOL} in a £ or SROI column: {WITHHELD}. An account's social value is a "
                 "sum of its outcomes' counts times published proxies, so where a measure's "
                 "whole year is small it can give that count back.")


def text(value, href: str | None = None, header: bool = False, title: str | None = None) -> Cell:
    return Cell(text=f.MISSING if f.blank(value) else str(value), href=href, header=header,
                title=title)


def hidden() -> Cell:
    return Cell(text=SYMBOL, numeric=True, suppressed=True, title=SUPPRESSED)


def money(value, suppressed: bool = False) -> Cell:
    return hidden() if suppressed else Cell(text=f.money(value), numeric=True)


def count(value, suppressed: bool = False) -> Cell:
    """A count of people: `c` when hidden, 0 when truly zero."""
    if suppressed:
        return hidden()
    return Cell(text=f.MISSING if f.blank(value) else f"{round(float(value)):,}",
                numeric=True)


def number(value, suppressed: bool = False, places: int = 0) -> Cell:
    return hidden() if suppressed else Cell(text=f.number(value, places), numeric=True)


def share(value, suppressed: bool = False) -> Cell:
    return hidden() if suppressed else Cell(text=f.share(value), numeric=True)


def ratio(value, suppressed: bool = False) -> Cell:
    return withheld() if suppressed else Cell(text=f.ratio(value), numeric=True)


def withheld() -> Cell:
    """A £ figure or ratio withheld because, with the figures published, it would let a small
    count of people be worked out (dashboards.account_figures)."""
    return Cell(text=SYMBOL, numeric=True, suppressed=True, title=WITHHELD)


Column = tuple[str, Callable[[dict], Cell]]


def build(caption: str, columns: list[Column], rows: Iterable[dict], *,
          partnership: str | Callable[[dict], object] | None = "partnership_id",
          year: str | None = "financial_year", notes: list[str] | None = None) -> Table:
    """A table from records: each column a label and a function from the record to its cell;
    `partnership` and `year` name the fields the page's filters read."""
    def key(record: dict, field) -> object:
        if field is None:
            return None
        value = field(record) if callable(field) else record.get(field)
        return None if not isinstance(value, list) and f.blank(value) else value

    body = [Row(cells=[cell(r) for _, cell in columns], partnership=key(r, partnership),
                year=key(r, year)) for r in rows]
    numeric = [all(row.cells[i].numeric for row in body) if body else False
               for i in range(len(columns))]
    table = Table(caption=caption, columns=[label for label, _ in columns], rows=body,
                  numeric=numeric, notes=list(notes or []))
    return table


def value_columns(central: str) -> list[Column]:
    """The present value, central (headed `central`), cautious and generous, each blank where
    the disclosure plan withheld it."""
    return [(heading, lambda r, column=column: money(r[column], _flag(r, column)))
            for heading, column in ((central, "present_value_gbp"),
                                    ("Cautious", "present_value_low_gbp"),
                                    ("Generous", "present_value_high_gbp"))]


def records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def _flag(r: dict, column: str) -> bool:
    return bool(r.get(f"{column}_suppressed", False))


def accounts(heads: pd.DataFrame, basis: str, link: Callable[[str], str]) -> Table:
    """Each partnership-year's account: what went in, the social value and the return on each
    £1 with their ranges, people, evidence and imperatives."""
    def by_grade(r: dict) -> Cell:
        if _flag(r, "value_share_grade_a"):
            return withheld()
        return text(", ".join(f"{g} {f.share(r[f'value_share_grade_{g.lower()}'], 0)}"
                              for g in "ABCD"))

    return build(f"Social value accounts ({basis})", [
        ("Partnership", lambda r: text(r["partnership_name"], href=link(r["partnership_id"]),
                                       header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Put in", lambda r: money(r["inputs_gbp"])),
        ("Social value, central", lambda r: money(r["present_value_gbp"],
                                                  _flag(r, "present_value_gbp"))),
        ("Social value, cautious", lambda r: money(r["present_value_low_gbp"],
                                                   _flag(r, "present_value_low_gbp"))),
        ("Social value, generous", lambda r: money(r["present_value_high_gbp"],
                                                   _flag(r, "present_value_high_gbp"))),
        ("SROI, central", lambda r: ratio(r["sroi_central"], _flag(r, "sroi_central"))),
        ("SROI, cautious", lambda r: ratio(r["sroi_low"], _flag(r, "sroi_low"))),
        ("SROI, generous", lambda r: ratio(r["sroi_high"], _flag(r, "sroi_high"))),
        ("People benefiting", lambda r: count(r["beneficiaries"], _flag(r, "beneficiaries"))),
        ("Cost per person benefiting", lambda r: money(r["cost_per_beneficiary_gbp"],
                                                       _flag(r, "cost_per_beneficiary_gbp"))),
        ("Value by evidence grade", by_grade),
        ("Weakest evidence grade", lambda r: text(r["weakest_evidence_grade"])),
        ("Imperatives met", lambda r: text(f"{r['imperatives_met']} of "
                                           f"{r['imperatives_assessed']}")),
    ], records(heads), notes=[
        "Social value: the change the partners' outcomes made, less what would have happened "
        "anyway, what moved from elsewhere and what others contributed, counted over the years "
        "it lasts and discounted to today (HM Treasury Green Book). Cautious and generous: the "
        "same figures with those deductions raised by half, or halved. SROI: social value for "
        "every £1 put in.",
        "Evidence grades: A independently verified, B administrative records, C the partner's "
        "own survey, D anecdotal.", *withheld_notes(heads)])


def withheld_notes(frame: pd.DataFrame) -> list[str]:
    """The note that says why a £ figure is `c`, where any is."""
    flags = [f"{c}_suppressed" for c in account_figures.FIGURES]
    hidden = any(frame[c].fillna(False).astype(bool).any() for c in flags if c in frame)
    return [WITHHELD_NOTE] if hidden else []


def ranges(heads: pd.DataFrame, caption: str, columns: tuple[str, str, str], as_money: bool
           ) -> Table:
    """A chart of central estimates with their cautious-generous range, as a table."""
    cell = money if as_money else ratio
    central, low, high = columns
    return build(caption, [
        ("Partnership", lambda r: text(r["partnership_name"], header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Cautious", lambda r: cell(r[low], _flag(r, low))),
        ("Central", lambda r: cell(r[central], _flag(r, central))),
        ("Generous", lambda r: cell(r[high], _flag(r, high))),
        ("Value on grade A or B evidence", lambda r: withheld() if _flag(
            r, "value_share_grade_a") else share(
            float(r["value_share_grade_a"] or 0) + float(r["value_share_grade_b"] or 0))),
    ], records(heads), notes=withheld_notes(heads))


def status_counts(frame: pd.DataFrame, statuses: list[str], caption: str, what: str) -> Table:
    """Counts per status per partnership-year (frame: one row per partnership-year with a
    column per status, and `of`)."""
    columns: list[Column] = [
        ("Partnership", lambda r: text(r["partnership_name"], header=True)),
        ("Year", lambda r: text(r["financial_year"]))]
    columns += [(f.humanise(s), lambda r, s=s: number(r.get(s, 0))) for s in statuses]
    columns += [(what, lambda r: number(r["of"])),
                ("Share met", lambda r: share(r["share_met"]))]
    return build(caption, columns, records(frame))


def shares_by_quarter(frame: pd.DataFrame, names: dict[str, str], caption: str) -> Table:
    return build(caption, [
        ("Partnership", lambda r: text(names.get(r["partnership_id"], r["partnership_id"]),
                                       header=True)),
        ("Quarter", lambda r: text(f.quarter_label(r["quarter_key"]))),
        ("Results meeting the target", lambda r: number(r["n"])),
        ("Results with a target", lambda r: number(r["of"])),
        ("Share", lambda r: share(r["share"])),
    ], records(frame))


# The first columns of a table of lead councils' yearly spend.
COUNCIL_YEAR_SPEND: list[Column] = [
    ("Council", lambda r: text(r["council_name"], href=r.get("href"), header=True)),
    ("Year", lambda r: text(r["financial_year"])),
    ("Total spend", lambda r: money(r["council_total_gbp"])),
]


def council_shares(frame: pd.DataFrame, caption: str) -> Table:
    return build(caption, [
        *COUNCIL_YEAR_SPEND,
        ("To VCSE", lambda r: money(r["vcse_gbp"])),
        ("VCSE share", lambda r: share(r["vcse"])),
        ("Spend matched to a register", lambda r: text(
            f"{f.money(r.get('matched_gbp'))} of {f.money(r['council_total_gbp'])}"
            if not f.blank(r.get("matched_gbp")) else None)),
        ("To its partnerships", lambda r: money(r["partnership_gbp"])),
        ("Partnership share", lambda r: share(r["partnership"])),
    ], records(frame), partnership="partnerships", notes=[
        "Spend over £500 as the council published it, credit notes netted, redacted lines "
        "included. VCSE: a payee a register (charities, companies, mutuals, housing "
        "providers, partners) shows to be one, or else whose name says so; the spend matched to "
        "a register says how much of the share rests on registers (the council's page breaks "
        "it down)."])


def locality(frame: pd.DataFrame, caption: str) -> Table:
    return build(caption, [
        *COUNCIL_YEAR_SPEND,
        ("Local", lambda r: share(r["local"])),
        ("Not local", lambda r: share(r["not_local"])),
        ("Unknown", lambda r: share(r["unknown"])),
        ("Locality known for", lambda r: share(1 - float(r["unknown"] or 0))),
    ], records(frame), partnership="partnerships", notes=[
        "Local: the supplier's postcode is in the council's local areas; not local: it is "
        "elsewhere; unknown: the council's file gives no postcode and no register places the "
        "supplier. A share to local suppliers says little where most spend is unknown."])


def scores(frame: pd.DataFrame, names: dict[str, str], caption: str) -> Table:
    return build(caption, [
        ("Partnership", lambda r: text(names.get(r["partnership_id"], r["partnership_id"]),
                                       header=True)),
        ("Period", lambda r: text(r["period"])),
        ("Item", lambda r: text(r["item_code"])),
        ("Principle or corrective", lambda r: text(r["item_title"])),
        ("Score (0-5)", lambda r: number(r["score"])),
        ("Mean of all partnerships", lambda r: number(r["item_mean_all_partnerships"], places=2)),
        ("Notes", lambda r: text(r["notes"])),
    ], records(frame), year="period")


def measure_quarters(cells: pd.DataFrame, basis: str,
                     years: pd.DataFrame | None = None) -> Table:
    """Each measure's quarters, then (with `years`) each measure's whole year."""
    quarters = [{**r, "label": f.quarter_label(r["quarter_key"])} for r in records(cells)]
    whole = [] if years is None else [
        {**r, "label": f"{r['financial_year']} {WHOLE_YEAR}", "whole": True, "target": None,
         "evidence_grade": ""} for r in records(years)]
    return build(f"Outcomes by measure and quarter ({basis})", [
        ("Outcome", lambda r: text(r["outcome"], header=True)),
        ("Unit", lambda r: text(r["unit"])),
        ("Quarter", lambda r: text(r["label"])),
        ("Reported", lambda r: number(r["quantity"], _flag(r, "quantity"))),
        ("Target", lambda r: number(r["target"])),
        ("Against target or ceiling", lambda r: hidden() if _flag(r, "achievement")
         else text("" if r.get("whole") else against(r))),
        ("Beneficiaries", lambda r: count(r["beneficiaries"], _flag(r, "beneficiaries"))),
        *value_columns("Social value"),
        ("Weakest evidence grade", lambda r: text(r["evidence_grade"])),
    ], quarters + whole, notes=[
        "Reported: what the partners reported; social value: what is counted in the account "
        "(an outcome that overlaps another measure of the same partner and quarter is not "
        "counted twice). For a harm the target is a ceiling: staying at or below it is "
        "success. A measure's whole year is given even where some of its quarters are "
        "suppressed, unless it is itself a small count."])


def against(r: dict) -> str:
    """A quarter's result against its target, worded by direction: a floor is met at or above
    it, a ceiling (for a harm) is kept at or below it."""
    achieved, target = r.get("achievement"), r.get("target")
    if f.blank(achieved) or f.blank(target):
        return "no target"
    pct = f.share(achieved, 0)
    if r.get("is_harm"):
        return (f"above the ceiling ({pct} of it)" if float(achieved) > 1
                else f"within the ceiling ({pct} of it)")
    return f"met ({pct})" if float(achieved) >= 1 else f"below target ({pct})"


WHOLE_YEAR = "whole year"
ALL_THEMES = "All themes"


def theme_quarters(frame: pd.DataFrame, years: pd.DataFrame, basis: str) -> Table:
    """Each theme's quarters (in full, or the part from published outcomes), then each theme's
    whole year (in full, or c) and the whole account's year with what the quarters leave out."""
    def shown(r: dict) -> Cell:
        if not r.get("whole"):
            return text("part: outcomes that would reveal a small count are left out"
                        if r.get("value_partial") else "in full")
        if _flag(r, "present_value_gbp"):
            return text("not given: it would reveal a small count")
        left = r.get("withheld_gbp")
        if not f.blank(left) and float(left) != 0:
            return text(f"in full; {f.money(left)} of it is left out of the quarters")
        return text("in full")

    quarters = [{**r, "label": f.quarter_label(r["quarter_key"])} for r in records(frame)]
    whole = [{**r, "label": f"{r['financial_year']} {WHOLE_YEAR}", "whole": True}
             for r in records(years)]
    return build(f"Social value by theme and quarter ({basis})", [
        ("Theme", lambda r: text(r["theme"] if r["theme"] == ALL_THEMES
                                 else f.humanise(r["theme"]), header=True)),
        ("Quarter", lambda r: text(r["label"])),
        *value_columns("Social value"),
        ("Shown", shown),
    ], quarters + whole, notes=[
        "Where a quarter's total would let a small count of people be worked out (from the "
        "year's total and the other figures published), the quarter shows only the value of "
        "the outcomes that can be published; the rest is in the whole year's figures."])


def partners(frame: pd.DataFrame, basis: str) -> Table:
    return build(f"Partners' contributions ({basis})", [
        ("Partner", lambda r: text(r["partner_name"], header=True)),
        ("Role", lambda r: text(r["partner_role"])),
        ("Year", lambda r: text(r["financial_year"])),
        ("Council spend received", lambda r: money(r["council_spend_gbp"])),
        ("Grants received", lambda r: money(r["grants_gbp"])),
        *value_columns("Social value, central"),
        ("Beneficiaries", lambda r: count(r["beneficiaries"], _flag(r, "beneficiaries"))),
        ("Measures", lambda r: number(r["measures"])),
        ("Targets met", lambda r: text(f"{int(r['targets_met'])} of {int(r['targets_of'])}")),
        ("Weakest evidence grade", lambda r: text(r["evidence_grade"])),
    ], records(frame))


def inputs(frame: pd.DataFrame, basis: str) -> Table:
    return build(f"Money to the partners by quarter ({basis})", [
        ("Partner", lambda r: text(r["partner_name"], header=True)),
        ("Quarter", lambda r: text(f.quarter_label(r["quarter_key"]))),
        ("Source", lambda r: text(r["source"])),
        ("Payments or grants", lambda r: number(r["items"])),
        ("As paid", lambda r: money(r["amount_gbp"])),
        (basis, lambda r: money(r["amount_base_gbp"])),
        ("Counts in the account", lambda r: text("yes" if r["in_outcome_period"] else
                                                 "no: no outcomes reported for the quarter")),
        ("Grants", lambda r: text(r["grants"])),
    ], records(frame))


def flows(frame: pd.DataFrame, basis: str) -> Table:
    return build(f"Money from each source to each partner, quarters reported ({basis})", [
        ("From", lambda r: text(r["source"], header=True)),
        ("To", lambda r: text(r["partner_name"])),
        ("Amount", lambda r: money(r["amount_gbp"])),
    ], records(frame), partnership=None, year=None)


def imperatives(frame: pd.DataFrame) -> Table:
    return build("Social value imperatives per partner", [
        ("Partner", lambda r: text(r["partner_name"], header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Imperative", lambda r: text(r["imperative_title"])),
        ("Status", lambda r: text(r["status"].replace("_", " "))),
        ("Why", lambda r: text(plain(r["reason"]))),
    ], records(frame))


def feed_state(r: dict) -> tuple[str, str, int]:
    """A feed's state in words, its badge and its severity (0 most severe): no data or a refused
    file first, then overdue feeds, the furthest behind first, then the feeds on time."""
    status = r.get("status")
    if status == "no data":
        return "No data", "no-data", 0
    if status == "file refused":
        return "File refused", "file-refused", 1
    gap = behind(r.get("dataset"), r.get("latest_period"), r.get("due_period"))
    if status == "late" and gap:
        return f"Overdue: {gap[0]} {gap[1]} behind", "overdue", 2
    if status == "late":
        return "Late", "late", 3
    return "On time", "on-time", 4


def feeds(frame: pd.DataFrame, caption: str) -> Table:
    """Feeds sorted by severity, each state drawn as a badge."""
    rows = records(frame)
    for r in rows:
        r["state"], r["badge"], r["severity"] = feed_state(r)
        gap = behind(r.get("dataset"), r.get("latest_period"), r.get("due_period"))
        r["behind"] = -(gap[0] if gap else 0)
    rows.sort(key=lambda r: (r["severity"], r["behind"]))
    return build(caption, [
        ("Feed", lambda r: text(f"{f.humanise(r['dataset'])}: {r['scope']}", header=True)),
        ("State", lambda r: Cell(text=r["state"], badge=r["badge"])),
        ("Latest period loaded", lambda r: text(period_words(r["dataset"], r["latest_period"])
                                                if not f.blank(r["latest_period"]) else None)),
        ("Period now due", lambda r: text(period_words(r["dataset"], r["due_period"])
                                          if not f.blank(r["due_period"]) else None)),
        ("Last file", lambda r: text(r["last_file"])),
        ("Last successful load", lambda r: text(f.when(r["last_success_at"]))),
        ("Rows read", lambda r: number(r["rows_read"])),
        ("Rows quarantined", lambda r: number(r["rows_quarantined"])),
        ("Quarantine rate", lambda r: share(r["quarantine_rate"])),
        ("Why quarantined", lambda r: text(r["reasons_text"])),
        ("Files refused", lambda r: number(r["files_refused"])),
        ("Last refusal", lambda r: text(r["last_refusal"])),
    ], rows, partnership=None, year=None)
