"""An attacker with the published files and nothing else: it reads a partnership's extract (CSV)
and its dashboard page (HTML), writes every published figure as an equation in the withheld
(`c`) counts of the outcome lines, and works out every count the equations fix.

What it knows, as anyone would: each line's published figures; that a line's £ value is its
quantity times a factor fixed by its measure (the factor read off any published line of the
measure); which lines the account counts (`counted`, `is_harm`); and what each total adds up:
the account (value over counted lines, people over counted lines that are not harms), each
measure's year (cost per outcome: quantity, people, and inputs / quantity), each line's
variance against its published target, and on the page each measure's quarter, each theme's
quarter, each partner's year and the account. A count is recovered when the equations fix it
(it lies in their row space): linear algebra, not a guess.
"""

from __future__ import annotations

import csv
import html.parser
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dashboards.site import formatting

SYMBOL = "c"
VALUES = ("present_value_gbp", "present_value_low_gbp", "present_value_high_gbp")


def number(text: str | None) -> float | None:
    """A published figure, or None where it is withheld (`c`, `[c]`) or blank."""
    if text is None:
        return None
    text = text.strip().replace("\u2212", "-").replace("£", "").replace(",", "")
    if text in ("", SYMBOL, f"[{SYMBOL}]"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


class _Tables(html.parser.HTMLParser):
    """Every <table> of a page: its caption and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = "".join(self._caption).strip()
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        for part in (self._cell, self._caption):
            if part is not None:
                part.append(data)


def page_tables(path: Path) -> dict[str, list[dict]]:
    """A page's tables by caption (up to the first "("), each as a list of row dicts."""
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    out = {}
    for table in parser.tables:
        if not table["rows"]:
            continue
        header, *rows = table["rows"]
        name = table["caption"].split(" (")[0]
        out[name] = [dict(zip(header, row, strict=False)) for row in rows]
    return out


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Recovered:
    line: dict
    what: str          # quantity or beneficiaries
    value: float


@dataclass
class Attack:
    """The equations an attacker can write from one partnership's published files."""

    lines: list[dict]
    unknowns: dict[tuple[int, str], int] = field(default_factory=dict)
    rows: list[np.ndarray] = field(default_factory=list)
    rhs: list[float] = field(default_factory=list)
    factors: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    @classmethod
    def from_extract(cls, folder: Path) -> Attack:
        """The equations the extract's CSV files give."""
        attack = cls.from_lines(read_csv(folder / "social_value.csv"))
        attack.add_extract(read_csv(folder / "accounts.csv"),
                           read_csv(folder / "cost_per_outcome.csv"),
                           read_csv(folder / "outcomes_vs_targets.csv"))
        return attack

    @classmethod
    def from_lines(cls, lines: list[dict], factors: dict | None = None) -> Attack:
        """Unknowns for every withheld figure of the published lines (rows as text, as read
        from a CSV file). `factors`: each measure's value per unit (central, cautious,
        generous) where the attacker works them out from the published method and proxies;
        otherwise they are read off a published line of the measure."""
        attack = cls(lines, factors=dict(factors or {}))
        for line in lines:
            q = number(line["quantity"])
            if q and line["counted"] == "true" and all(number(line[v]) is not None
                                                        for v in VALUES):
                attack.factors.setdefault(line["measure_code"], tuple(
                    number(line[v]) / q for v in VALUES))
        for i, line in enumerate(lines):
            for what in ("quantity", "beneficiaries"):
                if number(line[what]) is None:
                    attack.unknowns[(i, what)] = len(attack.unknowns)
            if line["counted"] == "true" and any(number(line[v]) is None for v in VALUES) \
                    and line["measure_code"] not in attack.factors:
                for v in VALUES:
                    attack.unknowns[(i, v)] = len(attack.unknowns)
        return attack

    # --- equations ---------------------------------------------------------------------------

    def _term(self, i: int, what: str) -> tuple[dict[int, float], float]:
        """Line i's `what` as (coefficients over unknowns, known part)."""
        line = self.lines[i]
        if what in VALUES:
            if line["counted"] != "true":
                return {}, 0.0
            known = number(line[what])
            if known is not None:
                return {}, known
            if (i, what) in self.unknowns:
                return {self.unknowns[(i, what)]: 1.0}, 0.0
            factor = self.factors[line["measure_code"]][VALUES.index(what)]
            q = number(line["quantity"])
            if q is not None:
                return {}, factor * q
            return {self.unknowns[(i, "quantity")]: factor}, 0.0
        known = number(line[what])
        if known is not None:
            return {}, known
        return {self.unknowns[(i, what)]: 1.0}, 0.0

    def add(self, members: list[int], what: str, total: float | None) -> None:
        """Published: the sum of `what` over the lines `members` is `total`."""
        if total is None or not members:
            return
        row = np.zeros(len(self.unknowns))
        known = 0.0
        for i in members:
            coefficients, part = self._term(i, what)
            known += part
            for at, c in coefficients.items():
                row[at] += c
        if row.any():
            self.rows.append(row)
            self.rhs.append(total - known)

    def add_valued(self, members: list[int], factor, total: float | None) -> None:
        """Published: the sum over the lines `members` of each line's quantity times
        `factor(line)` (its value in a tornado move or a named scenario, worked out from the
        published method, proxies and rates) is `total`."""
        if total is None or not members:
            return
        row = np.zeros(len(self.unknowns))
        known = 0.0
        for i in members:
            line = self.lines[i]
            if line["counted"] != "true":
                continue
            try:
                each = factor(line)
            except KeyError:
                return          # a measure whose factor the attacker lacks: no equation
            q = number(line["quantity"])
            if q is not None:
                known += each * q
            else:
                row[self.unknowns[(i, "quantity")]] += each
        if row.any():
            self.rows.append(row)
            self.rhs.append(total - known)

    def add_grades(self, members: list[int], shares: dict[str, float | None],
                   whole: float | None) -> None:
        """Published: the share of the value (by absolute size) on each grade of evidence, and
        the whole it is a share of (the value less twice the harms', all published): each
        grade's absolute value is share x whole."""
        if whole is None:
            return
        for grade, share in shares.items():
            if share is None:
                continue
            own = [i for i in members if self.lines[i].get("evidence_grade") == grade]
            shown = [i for i in own if number(self.lines[i]["present_value_gbp"]) is not None]
            known = sum(abs(number(self.lines[i]["present_value_gbp"])) for i in shown)
            self.add_valued([i for i in own if i not in shown],
                            lambda line: abs(self.factors[line["measure_code"]][0]),
                            share * whole - known)

    def where(self, **match) -> list[int]:
        return [i for i, line in enumerate(self.lines)
                if all(test(line) for test in match.values())]

    def add_extract(self, accounts: list[dict], costs: list[dict], targets: list[dict]) -> None:
        """The extract's totals: the account, each measure's year, each line's variance."""
        for account in accounts:
            year, pid = account["financial_year"], account["partnership_id"]
            counted = self.where(y=lambda r, y=year: r["financial_year"] == y,
                                 p=lambda r, p=pid: r["partnership_id"] == p,
                                 c=lambda r: r["counted"] == "true")
            for v in VALUES:
                self.add(counted, v, number(account.get(v)))
            people = [i for i in counted if self.lines[i]["is_harm"] != "true"]
            self.add(people, "beneficiaries", number(account["beneficiaries"]))
            value, harm = (number(account.get(c)) for c in ("present_value_gbp",
                                                             "harm_present_value_gbp"))
            self.add_grades(counted, {g.upper(): number(account.get(f"value_share_grade_{g}"))
                                      for g in "abcd"},
                            None if value is None or harm is None else value - 2 * harm)
        for cost in costs:
            members = self.where(
                y=lambda r, y=cost["financial_year"]: r["financial_year"] == y,
                p=lambda r, p=cost["partnership_id"]: r["partnership_id"] == p,
                m=lambda r, m=cost["measure_code"]: r["measure_code"] == m)
            quantity = number(cost["quantity"])
            per_unit, inputs = number(cost["cost_per_unit_gbp"]), number(cost["inputs_gbp"])
            if quantity is None and per_unit and inputs:
                quantity = round(inputs / per_unit, 3)
            self.add(members, "quantity", quantity)
            self.add(members, "beneficiaries", number(cost["beneficiaries"]))
        for target in targets:
            members = self.where(
                s=lambda r, s=target["partnership_id"]: r["partnership_id"] == s,
                p=lambda r, p=target["partner_org_id"]: r["partner_org_id"] == p,
                q=lambda r, q=target["quarter_key"]: r["quarter_key"] == q,
                m=lambda r, m=target["measure_code"]: r["measure_code"] == m)
            variance, goal = number(target["variance"]), number(target["target"])
            if variance is not None and goal is not None:
                self.add(members, "quantity", variance + goal)
            achievement = number(target["achievement"])
            if achievement is not None and goal:
                self.add(members, "quantity", achievement * goal)

    def add_page(self, path: Path) -> None:
        """The figures on the partnership's page."""
        self.add_page_tables(page_tables(path))

    def add_page_tables(self, tables: dict[str, list[dict]]) -> None:
        """The figures of a page's tables (by caption, rows as {heading: text})."""
        money = dict(zip(VALUES, ("Social value", "Cautious", "Generous"), strict=True))
        for row in tables.get("Outcomes by measure and quarter", []):
            period = row["Quarter"]
            year, quarter = (period.split()[0], None) if "whole year" in period else (None,
                                                                                       period)
            members = self.where(o=lambda r, o=row["Outcome"]: r["outcome"] == o,
                                 q=lambda r, q=quarter: q is None or r["period"] == q,
                                 y=lambda r, y=year: y is None or r["financial_year"] == y)
            counted = [i for i in members if self.lines[i]["counted"] == "true"]
            self.add(members, "quantity", number(row["Reported"]))
            self.add(members, "beneficiaries", number(row["Beneficiaries"]))
            for v, label in money.items():
                self.add(counted, v, number(row[label]))
        for row in tables.get("Social value by theme and quarter", []):
            if row.get("Shown", "").startswith("part"):
                continue        # the published lines' part of a quarter: nothing new
            period = row.get("Quarter", "")
            year, quarter = (period.split()[0], None) if "whole year" in period else (None,
                                                                                       period)
            members = self.where(
                t=lambda r, t=row["Theme"]: t == "All themes"
                or formatting.humanise(r["theme"]) == t,
                q=lambda r, q=quarter: q is None or r["period"] == q,
                y=lambda r, y=year: y is None or r["financial_year"] == y,
                c=lambda r: r["counted"] == "true")
            for v, label in money.items():
                self.add(members, v, number(row[label]))
        for row in tables.get("Partners\u2019 contributions", []) + tables.get(
                "Partners' contributions", []):
            members = self.where(p=lambda r, p=row["Partner"]: r["partner_name"] == p,
                                 y=lambda r, y=row["Year"]: r["financial_year"] == y)
            counted = [i for i in members if self.lines[i]["counted"] == "true"]
            for v, label in zip(VALUES, ("Social value, central", "Cautious", "Generous"),
                                strict=True):
                self.add(counted, v, number(row[label]))
            self.add([i for i in counted if self.lines[i]["is_harm"] != "true"],
                     "beneficiaries", number(row["Beneficiaries"]))
        for row in tables.get("Social value accounts", []):
            counted = self.where(y=lambda r, y=row["Year"]: r["financial_year"] == y,
                                 c=lambda r: r["counted"] == "true")
            self.add([i for i in counted if self.lines[i]["is_harm"] != "true"],
                     "beneficiaries", number(row["People benefiting"]))
            for v, label in zip(VALUES, ("Social value, central", "Social value, cautious",
                                         "Social value, generous"), strict=True):
                self.add(counted, v, number(row.get(label)))
        for row in tables.get("The account by period", []):
            period = row["Period"]
            year = None if period.startswith("whole life") else period.split()[0]
            counted = self.where(y=lambda r, y=year: y is None or r["financial_year"] == y,
                                 c=lambda r: r["counted"] == "true")
            self.add(counted, VALUES[0], number(row["Social value (present value)"]))
            low, _, high = row["Cautious to generous"].partition(" to ")
            self.add(counted, VALUES[1], number(low))
            self.add(counted, VALUES[2], number(high))

    def add_tornado(self, rows: list[dict], inputs: float, moves: dict[str, tuple]) -> None:
        """The tornado's table (whole life to date): each row's lower and higher SROI times the
        published inputs is the value of every counted line with one assumption moved. `moves`:
        for each row's label, the factor of a line (its value per unit) in the lower and the
        higher move, as the attacker works them out from the published method and rates."""
        counted = self.where(c=lambda r: r["counted"] == "true")
        for row in rows:
            factors = moves.get(row["Assumption or scenario"])
            if factors is None:
                continue
            for factor, label in zip(factors, ("Lower SROI", "Higher SROI"), strict=True):
                sroi = number(row[label].split(":")[0])
                if sroi is not None:
                    self.add_valued(counted, factor, sroi * inputs)

    # --- solving -----------------------------------------------------------------------------

    def recovered(self, threshold: int = 5, small_only: bool = True) -> list[Recovered]:
        """Every withheld count the equations fix, with its value: the small counts (or, with
        `small_only` False, every one)."""
        if not self.rows:
            return []
        a = np.array(self.rows)
        b = np.array(self.rhs)
        scale = np.linalg.norm(a, axis=1)
        a, b = a / scale[:, None], b / scale
        solution, *_ = np.linalg.lstsq(a, b, rcond=None)
        _, s, vt = np.linalg.svd(a)
        rank = int((s > 1e-9 * s[0]).sum())
        free = vt[rank:]
        out = []
        for (i, what), at in self.unknowns.items():
            if what not in ("quantity", "beneficiaries"):
                continue
            if free.shape[0] and np.abs(free[:, at]).max() > 1e-6:
                continue
            value = float(solution[at])
            limit = 10 if self.lines[i].get("sensitive_cohort") == "true" else threshold
            if not small_only or 0.5 <= value < limit - 0.5:
                out.append(Recovered(self.lines[i], what, round(value, 2)))
        return out


def as_text(frame) -> list[dict]:
    """A published frame's rows as a CSV file holds them: withheld cells `c`, booleans
    `true`/`false`, numbers as written."""
    import pandas as pd

    def text(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return SYMBOL
        if isinstance(value, bool | np.bool_):
            return "true" if value else "false"
        return str(value)
    return [{k: text(v) for k, v in row.items()} for row in frame.to_dict("records")]


def table_rows(table) -> list[dict]:
    """A page table (dashboards.site.model.Table) as {heading: text} rows."""
    return [dict(zip(table.columns, [c.text for c in row.cells], strict=True))
            for row in table.rows]
