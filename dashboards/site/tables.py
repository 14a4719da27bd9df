"""Table views: every chart's numbers as an accessible table, and the pages' other tables.

Cells are made here so they read the same everywhere: pounds in whole pounds, a hidden count as
`c` (never 0 or blank), a true zero as 0, a missing figure as a dash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from dashboards.site import formatting as f
from dashboards.site.model import Cell, Row, Table
from dashboards.suppression import SYMBOL

SUPPRESSED = ("suppressed: a small number of people, or hidden so that a total cannot reveal "
              "one")


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


def ratio(value) -> Cell:
    return Cell(text=f.ratio(value), numeric=True)


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


def records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def _flag(r: dict, column: str) -> bool:
    return bool(r.get(f"{column}_suppressed", False))


def accounts(heads: pd.DataFrame, basis: str, link: Callable[[str], str]) -> Table:
    """Each partnership-year's account: inputs, present value and SROI with their ranges,
    beneficiaries, cost per beneficiary, evidence and imperatives."""
    grades = "ABCD"

    def by_grade(r: dict) -> Cell:
        return text(", ".join(f"{g} {f.share(r[f'value_share_grade_{g.lower()}'], 0)}"
                              for g in grades))

    return build(f"Social value accounts ({basis})", [
        ("Partnership", lambda r: text(r["partnership_name"], href=link(r["partnership_id"]),
                                       header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Inputs", lambda r: money(r["inputs_gbp"])),
        ("Present value, central", lambda r: money(r["present_value_gbp"])),
        ("Low", lambda r: money(r["present_value_low_gbp"])),
        ("High", lambda r: money(r["present_value_high_gbp"])),
        ("SROI, central", lambda r: ratio(r["sroi_central"])),
        ("SROI low", lambda r: ratio(r["sroi_low"])),
        ("SROI high", lambda r: ratio(r["sroi_high"])),
        ("Beneficiaries", lambda r: count(r["beneficiaries"], _flag(r, "beneficiaries"))),
        ("Cost per beneficiary", lambda r: money(r["cost_per_beneficiary_gbp"],
                                                 _flag(r, "cost_per_beneficiary_gbp"))),
        ("Weakest evidence", lambda r: text(r["weakest_evidence_grade"])),
        ("Value by evidence grade", by_grade),
        ("Imperatives met", lambda r: text(f"{r['imperatives_met']} of "
                                           f"{r['imperatives_assessed']}")),
    ], records(heads), notes=[
        "Present value: net of deadweight, displacement and attribution, over the benefit "
        "years, discounted (HM Treasury Green Book). Low and high: the sensitivity cases.",
        "Evidence grades: A independently verified, B administrative records, C the partner's "
        "own survey, D anecdotal."])


def ranges(heads: pd.DataFrame, caption: str, columns: tuple[str, str, str], as_money: bool
           ) -> Table:
    """A chart of central estimates with their low-high range, as a table."""
    cell = money if as_money else ratio
    central, low, high = columns
    return build(caption, [
        ("Partnership", lambda r: text(r["partnership_name"], header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Low", lambda r: cell(r[low])),
        ("Central", lambda r: cell(r[central])),
        ("High", lambda r: cell(r[high])),
        ("Weakest evidence", lambda r: text(r["weakest_evidence_grade"])),
    ], records(heads))


def costs(frame: pd.DataFrame, names: dict[str, str], basis: str) -> Table:
    return build(f"Cost per outcome ({basis})", [
        ("Partnership", lambda r: text(names.get(r["partnership_id"], r["partnership_id"]),
                                       header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Outcome", lambda r: text(r["outcome"])),
        ("Unit", lambda r: text(r["unit"])),
        ("Quantity in the year", lambda r: number(r["quantity"], _flag(r, "quantity"))),
        ("Inputs", lambda r: money(r["inputs_gbp"])),
        ("Cost per unit", lambda r: money(r["cost_per_unit_gbp"],
                                          _flag(r, "cost_per_unit_gbp"))),
    ], records(frame), notes=[
        "Each measure carries all the partnership's inputs for the quarters reported: the "
        "costs are not shares of the inputs and must not be added up. None for a harm."])


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
        ("Lines meeting the target", lambda r: number(r["n"])),
        ("Lines with a target", lambda r: number(r["of"])),
        ("Share", lambda r: share(r["share"])),
    ], records(frame))


def council_shares(frame: pd.DataFrame, caption: str) -> Table:
    return build(caption, [
        ("Council", lambda r: text(r["council_name"], href=r.get("href"), header=True)),
        ("Year", lambda r: text(r["financial_year"])),
        ("Total spend", lambda r: money(r["council_total_gbp"])),
        ("To VCSE", lambda r: money(r["vcse_gbp"])),
        ("VCSE share", lambda r: share(r["vcse"])),
        ("Spend matched to a register", lambda r: text(
            f"{f.money(r.get('matched_gbp'))} of {f.money(r['council_total_gbp'])}"
            if not f.blank(r.get("matched_gbp")) else None)),
        ("To local suppliers", lambda r: money(r["local_gbp"])),
        ("Local share", lambda r: share(r["local"])),
        ("To its partnerships", lambda r: money(r["partnership_gbp"])),
        ("Partnership share", lambda r: share(r["partnership"])),
    ], records(frame), partnership="partnerships", notes=[
        "Spend over £500 as the council published it, credit notes netted, redacted lines "
        "included. Local: a supplier whose postcode is in the council's local areas; suppliers "
        "with no known postcode are neither local nor not local. VCSE: a payee a register "
        "(charities, companies, mutuals, housing providers, partners) shows to be one, or "
        "else whose name says so; the spend matched to a register says how much of the share "
        "rests on registers (the council's page breaks it down)."])


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


def measure_quarters(cells: pd.DataFrame, basis: str) -> Table:
    return build(f"Outcomes by measure and quarter ({basis})", [
        ("Outcome", lambda r: text(r["outcome"], header=True)),
        ("Unit", lambda r: text(r["unit"])),
        ("Quarter", lambda r: text(f.quarter_label(r["quarter_key"]))),
        ("Reported", lambda r: number(r["quantity"], _flag(r, "quantity"))),
        ("Target", lambda r: number(r["target"])),
        ("Against target", lambda r: share(r["achievement"], _flag(r, "achievement"))),
        ("Beneficiaries", lambda r: count(r["beneficiaries"], _flag(r, "beneficiaries"))),
        ("Present value", lambda r: money(r["present_value_gbp"],
                                          _flag(r, "present_value_gbp"))),
        ("Low", lambda r: money(r["present_value_low_gbp"], _flag(r, "present_value_low_gbp"))),
        ("High", lambda r: money(r["present_value_high_gbp"],
                                 _flag(r, "present_value_high_gbp"))),
        ("Weakest evidence", lambda r: text(r["evidence_grade"])),
    ], records(cells), notes=[
        "Reported: what the partners reported, every line; present value: the lines counted in "
        "the account (a line overlapping another measure of the same partner and quarter is "
        "not counted). For a harm the target is a ceiling."])


def theme_quarters(frame: pd.DataFrame, basis: str) -> Table:
    return build(f"Present value by theme and quarter ({basis})", [
        ("Theme", lambda r: text(f.humanise(r["theme"]), header=True)),
        ("Quarter", lambda r: text(f.quarter_label(r["quarter_key"]))),
        ("Present value", lambda r: money(r["present_value_gbp"],
                                          _flag(r, "present_value_gbp"))),
        ("Low", lambda r: money(r["present_value_low_gbp"], _flag(r, "present_value_low_gbp"))),
        ("High", lambda r: money(r["present_value_high_gbp"],
                                 _flag(r, "present_value_high_gbp"))),
    ], records(frame))


def partners(frame: pd.DataFrame, basis: str) -> Table:
    return build(f"Partners' contributions ({basis})", [
        ("Partner", lambda r: text(r["partner_name"], header=True)),
        ("Role", lambda r: text(r["partner_role"])),
        ("Year", lambda r: text(r["financial_year"])),
        ("Council spend received", lambda r: money(r["council_spend_gbp"])),
        ("Grants received", lambda r: money(r["grants_gbp"])),
        ("Present value, central", lambda r: money(r["present_value_gbp"],
                                                   _flag(r, "present_value_gbp"))),
        ("Low", lambda r: money(r["present_value_low_gbp"], _flag(r, "present_value_low_gbp"))),
        ("High", lambda r: money(r["present_value_high_gbp"],
                                 _flag(r, "present_value_high_gbp"))),
        ("Beneficiaries", lambda r: count(r["beneficiaries"], _flag(r, "beneficiaries"))),
        ("Measures", lambda r: number(r["measures"])),
        ("Targets met", lambda r: text(f"{int(r['targets_met'])} of {int(r['targets_of'])}")),
        ("Weakest evidence", lambda r: text(r["evidence_grade"])),
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
        ("Why", lambda r: text(r["reason"])),
    ], records(frame))


def feeds(frame: pd.DataFrame, caption: str) -> Table:
    return build(caption, [
        ("Feed", lambda r: text(f"{f.humanise(r['dataset'])}: {r['scope']}", header=True)),
        ("Status", lambda r: text(r["status"])),
        ("Last file", lambda r: text(r["last_file"])),
        ("Last successful load", lambda r: text(f.when(r["last_success_at"]))),
        ("Latest period loaded", lambda r: text(r["latest_period"])),
        ("Period now due", lambda r: text(r["due_period"])),
        ("Rows read", lambda r: number(r["rows_read"])),
        ("Rows quarantined", lambda r: number(r["rows_quarantined"])),
        ("Quarantine rate", lambda r: share(r["quarantine_rate"])),
        ("Why quarantined", lambda r: text(r["reasons_text"])),
        ("Files refused", lambda r: number(r["files_refused"])),
        ("Last refusal", lambda r: text(r["last_refusal"])),
    ], records(frame), partnership=None, year=None)
