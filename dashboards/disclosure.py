"""One disclosure decision for every figure about people that leaves the warehouse.

The data are outcome lines (marts.social_value: one partner's quantity of one measure in one
quarter, the people it reached, and its £ values). Everything published about people is a sum of
lines: a line itself (extracts), a measure's quarter over all partners, a theme's quarter, a
partner's year (pages), a measure's year (cost per outcome), the partnership's year (the
account). A £ value is a count in disguise: a line's value is its quantity times a factor fixed
by its measure (the proxy and the rates, all published), so value / factor gives the count back.

So the published figures of one partnership and year form a system of linear equations in the
counts of the lines that are withheld (their `c`). This module decides, once, which lines are
withheld, and answers for any other figure whether publishing it would tell anything new:

- primary: a line whose count of people is from 1 to 4 (1 to 9 for a sensitive cohort) is
  withheld, quantity (when the measure counts people), beneficiaries and £ values together;
- the totals that are published (the account's social value, cautious, central and generous;
  its people; each measure's year) are equations over the withheld counts. Lines are withheld
  in addition, smallest first and in the same measure's year where possible, until no withheld
  count can be worked out from them (its value is not fixed by the equations), and the withheld
  part of every published total of people is not itself a small count. Where a measure's whole
  year is small, the account less the other measures' years would give it back: another
  measure's year is withheld too ("closed"), with one of its lines;
- where nothing left to withhold can stop the published totals giving a count back (a measure
  whose whole year is small beside too few other measures: the account's central, cautious and
  generous values are three equations), the account's £ values are left out of the equations
  instead, and so withheld wherever they are published; failing that, the account's people and
  the measures' years too (STAGES; `stage` says which a partnership-year needed);
- any other figure (a page's measure quarter, theme quarter or partner year) is published when
  the equations already fix it, since then it tells nothing new, or when adding it to them
  still lets nothing withheld be worked out (tried one by one, in a fixed order); otherwise it
  is withheld (`c`). A small total of people is never published. The account's other £
  figures (gross and net value, harms, evidence shares, named scenarios, tornado moves) are
  sums of the same counts times factors of their own: `known_values` answers for them, and
  `dashboards.account_figures` publishes each only where it tells nothing new.

A count is "worked out" when it lies in the row space of the equations (exact linear algebra,
not a guess): `known`. The same plan is made for pages and extracts from the same lines, per
partnership and financial year, so both publish and withhold the same figures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboards.suppression import Policy, counts_people

LOG = logging.getLogger(__name__)
VALUE_COLUMNS = ["present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"]
GROUP = ["partnership_id", "financial_year"]
# Relative tolerance for "this combination lies in the row space": far above rounding noise in
# £ values of millions, far below any real dependence.
TOLERANCE = 1e-7


@dataclass
class _Space:
    """One partnership-year's equations: which withheld counts are unknown, and a basis of the
    directions the published totals leave free (the null space)."""

    unknowns: dict[tuple[int, str], int]
    free: np.ndarray          # columns: a basis of the null space over the unknowns


@dataclass
class Plan:
    """Which lines are withheld, and the equations the published totals make."""

    lines: pd.DataFrame
    withheld: pd.Series
    policy: Policy
    unresolved: list[str] = field(default_factory=list)
    closed: dict[tuple, set] = field(default_factory=dict)
    # per partnership-year, the STAGES entry it needed: 0 everything published, 1 the account's
    # £ values withheld, 2 its totals of people and the measures' years too
    stage: dict[tuple, int] = field(default_factory=dict)
    _spaces: dict[tuple, _Space] = field(default_factory=dict)

    def known(self, rows: pd.Series, what: str) -> bool:
        """Whether the sum of `what` ("quantity", "beneficiaries" or "value": the central,
        cautious and generous present values) over the lines `rows` selects is already fixed by
        the published figures (so publishing it tells nothing new)."""
        rows = rows.reindex(self.lines.index, fill_value=False).astype(bool)
        for key, part in self.lines[rows].groupby(GROUP, sort=False, dropna=False):
            space = self._spaces.get(key)
            if space is None:
                # Lines the plan never saw: nothing about them is taken as known.
                if self.withheld.reindex(part.index, fill_value=True).any():
                    return False
                continue
            for vector in _functionals(part, np.ones(len(part), dtype=bool), space.unknowns,
                                       what):
                if not _fixed(vector, space.free):
                    return False
        return True

    def known_values(self, values: pd.Series) -> bool:
        """Whether a £ figure made of other values of the lines is already fixed by the
        published figures: `values` holds each line's part (index: the plan's lines), and each
        part is the line's quantity times a factor of its own (its gross value, its value in a
        named scenario or a tornado move, its value on one grade of evidence). Such a figure
        is one more equation in the withheld counts, so it is published only when it tells
        nothing new."""
        values = _numbers(values)
        values = values[values != 0]
        unseen = values.index.difference(self.lines.index)
        if len(unseen):
            return False            # lines the plan never saw: nothing about them is known
        part = self.lines.loc[values.index]
        for key, rows in part.groupby(GROUP, sort=False, dropna=False):
            space = self._spaces.get(key)
            if space is None:
                if self.withheld.reindex(rows.index, fill_value=True).any():
                    return False
                continue
            vector = np.zeros(len(space.unknowns))
            for i in rows.index:
                at = space.unknowns.get((i, "quantity"))
                if at is not None and rows.at[i, "quantity"] != 0:
                    vector[at] += values[i] / rows.at[i, "quantity"]
            if not _fixed(vector, space.free):
                return False
        return True

    def publishable(self, rows: pd.Series, what: str) -> bool:
        """`known`, and for a count of people not a small one."""
        if what == "value":
            return self.known(rows, what)
        rows = rows.reindex(self.lines.index, fill_value=False).astype(bool)
        column = "quantity" if what == "quantity" else "beneficiaries"
        total = float(_numbers(self.lines.loc[rows, column]).sum())
        if what == "quantity" and not self.lines.loc[rows, "people"].any():
            return True
        limit = int(self.lines.loc[rows, "limit"].max()) if rows.any() else 0
        if 0 < round(total) < limit:
            return False
        return self.known(rows, what)


def plan(lines: pd.DataFrame, policy: Policy) -> Plan:
    """The disclosure plan for `lines` (rows of marts.social_value; the index is kept)."""
    frame = _prepared(lines, policy)
    primary = _primary(frame)
    withheld = primary.copy()
    out = Plan(frame, withheld, policy)
    for key, index in frame.groupby(GROUP, sort=True, dropna=False).groups.items():
        index = list(index)
        lines = frame.loc[index]
        for stage, totals in enumerate(STAGES):
            withheld[index] = primary[index]
            closed: set = set(lines["measure_code"]) if not totals["measures"] else set()
            problem = _resolve(lines, withheld, closed, totals)
            if problem is None:
                break
            if stage + 1 < len(STAGES):
                LOG.info("%s %s: the published totals would let %s be worked out whatever "
                         "else is withheld; %s", key[0], key[1], problem, totals["so"])
        else:
            # Cannot happen (with no totals published nothing withheld is fixed), but if it
            # did the publisher must know.
            out.unresolved.append(f"{key[0]} {key[1]}: {problem}")
            LOG.error("%s %s: %s can still be worked out", key[0], key[1], problem)
        published = _totals(lines, closed, totals)
        space = _space(lines, withheld, published)
        if problem is None:
            space = _more(lines, withheld, published, space)
        out._spaces[key] = space
        out.closed[key] = closed
        out.stage[key] = stage
    out.withheld = withheld
    out.lines["withheld"] = withheld
    return out


# What each partnership-year publishes as totals, tried in turn until the withheld counts are
# safe: first everything; then without the account's £ values (three equations, central,
# cautious and generous, that can pin a small measure beside too few others whatever is
# withheld); last without any total (the account's people, the measures' years), so that only
# figures the plan admits one by one remain. Whatever a stage leaves out is withheld wherever
# it is published, with a note: the plan's `known` says so for each figure.
STAGES = (
    {"values": True, "people": True, "measures": True, "so": "withholding the account's £ "
     "values instead"},
    {"values": False, "people": True, "measures": True, "so": "withholding the account's "
     "totals of people and the measures' years too"},
    {"values": False, "people": False, "measures": False, "so": ""},
)


def _resolve(lines: pd.DataFrame, withheld: pd.Series, closed: set, totals: dict) -> str | None:
    """Withhold lines of one partnership-year (in `withheld`, and their measures' years in
    `closed`) until the totals `totals` allows give no withheld count away: None, or what
    they still give away when nothing is left to withhold."""
    while True:
        published = _totals(lines, closed, totals)
        space = _space(lines, withheld, published)
        problem = _first_problem(lines, withheld, space, published,
                                 _protected(lines, withheld))
        if problem is None:
            return None
        extra, measure = _complement(lines, withheld, problem, closed)
        if extra is None:
            return problem[0]
        withheld[extra] = True
        if measure is not None:
            closed.add(measure)


# --- the lines -------------------------------------------------------------------------------

def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").fillna(0.0).astype(float)


def _prepared(lines: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The lines with what the plan needs: counts as numbers, whether the quantity counts people,
    the threshold each is judged by, and the factors that turn its quantity into its values."""
    # Only the columns the plan reads, keys as plain objects: it slices these many times.
    keep = [c for c in (*GROUP, "partner_org_id", "quarter_key", "measure_code", "theme",
                        "quantity", "beneficiaries", "counts", "sensitive_cohort", "counted",
                        "is_harm", *VALUE_COLUMNS) if c in lines]
    out = lines[keep].copy()
    for column in (*GROUP, "partner_org_id", "quarter_key", "measure_code", "theme"):
        if column in out:
            out[column] = out[column].astype(object)
    out["quantity"] = _numbers(out["quantity"])
    out["beneficiaries"] = _numbers(out["beneficiaries"])
    out["people"] = counts_people(out["counts"]) if "counts" in out else True
    sensitive = out["sensitive_cohort"].fillna(False).astype(bool) \
        if "sensitive_cohort" in out else pd.Series(False, index=out.index)
    out["limit"] = np.where(sensitive, policy.sensitive_threshold, policy.threshold)
    out["counted"] = out["counted"].fillna(False).astype(bool) if "counted" in out else True
    out["is_harm"] = out["is_harm"].fillna(False).astype(bool) if "is_harm" in out else False
    for column in VALUE_COLUMNS:
        value = _numbers(out[column]) if column in out else pd.Series(0.0, index=out.index)
        # value = quantity x factor: the factor of a line with no quantity does not matter.
        factor = (value / out["quantity"].where(out["quantity"] != 0)).fillna(0.0)
        out[f"{column}_factor"] = factor.where(out["counted"], 0.0)
    return out


def _primary(frame: pd.DataFrame) -> pd.Series:
    def small(values: pd.Series) -> pd.Series:
        whole = values.round()
        return (whole > 0) & (whole < frame["limit"])
    return (small(frame["quantity"]) & frame["people"]) | small(frame["beneficiaries"])


# --- the equations ---------------------------------------------------------------------------

def _unknowns(frame: pd.DataFrame, withheld: pd.Series) -> dict[tuple[int, str], int]:
    """The withheld counts: each withheld line's beneficiaries, and its quantity when that counts
    people (otherwise the quantity is published)."""
    out: dict[tuple[int, str], int] = {}
    for i in frame.index[withheld[frame.index]]:
        if frame.at[i, "people"]:
            out[(i, "quantity")] = len(out)
        out[(i, "beneficiaries")] = len(out)
    return out


def _functionals(frame: pd.DataFrame, rows, unknowns: dict, what: str) -> list[np.ndarray]:
    """The withheld part of the sum of `what` over the lines `rows` selects (a boolean mask
    over `frame`), as coefficients over the unknowns (one vector; three for values: central,
    cautious, generous)."""
    labels = frame.index[np.asarray(rows, dtype=bool)]
    if what == "value":
        vectors = [np.zeros(len(unknowns)) for _ in VALUE_COLUMNS]
        for i in labels:
            at = unknowns.get((i, "quantity"))
            if at is not None:
                for vector, column in zip(vectors, VALUE_COLUMNS, strict=True):
                    vector[at] += frame.at[i, f"{column}_factor"]
        return vectors
    vector = np.zeros(len(unknowns))
    for i in labels:
        at = unknowns.get((i, what))
        if at is not None:
            vector[at] += 1.0
    return [vector]


def _totals(frame: pd.DataFrame, closed: set = frozenset(),
            totals: dict | None = None) -> list[tuple[str, pd.Series, str]]:
    """The totals published as they stand: (name, lines in it, what is summed): the account's
    (its £ values and its people, unless `totals` leaves them out: see STAGES), and each
    measure's year but those `closed` (withheld so that the account less the other measures'
    years cannot give a small measure back). A total of people that is itself small is not
    published (it is withheld as a count)."""
    totals = totals or STAGES[0]
    out = []
    account = frame["counted"]
    if totals["values"]:
        out.append(("the account's social value", account, "value"))
    if totals["people"]:
        out.append(("the account's people", account & ~frame["is_harm"], "beneficiaries"))
    for measure, rows in frame.groupby("measure_code", sort=True, dropna=False).groups.items():
        if measure in closed:
            continue
        rows = frame.index.isin(rows)
        rows = pd.Series(rows, index=frame.index)
        if frame.loc[rows, "people"].any():
            out.append((f"{measure}'s year", rows, "quantity"))
        out.append((f"{measure}'s people in the year", rows, "beneficiaries"))
    published = []
    for name, rows, what in out:
        if what != "value":
            column = "quantity" if what == "quantity" else "beneficiaries"
            total = round(float(frame.loc[rows, column].sum()))
            if 0 < total < int(frame.loc[rows, "limit"].max() if rows.any() else 0):
                continue
        published.append((name, rows, what))
    return published


def _more(frame: pd.DataFrame, withheld: pd.Series, published: list, space: _Space) -> _Space:
    """The equations with every page figure added that can be published without giving a
    withheld count away (a measure's quarter over all partners, a theme's quarter, a partner's
    year), tried one by one in that order: a quarter whose two partners' lines are both withheld
    can still show their sum when that sum is not small and fixes neither."""
    protected = _protected(frame, withheld)
    for name, rows, what in _candidates(frame):
        vectors = _functionals(frame, rows, space.unknowns, what)
        if all(_fixed(v, space.free) for v in vectors):
            continue                     # already fixed: published as it is
        if what != "value":
            total = round(float(frame.loc[rows, what].sum()))
            if 0 < total < int(frame.loc[rows, "limit"].max()):
                continue                 # a small count of people: never published
        trial = [*published, (name, rows, what)]
        candidate = _space(frame, withheld, trial)
        if _first_problem(frame, withheld, candidate, trial, protected) is None:
            published, space = trial, candidate
    return space


def _candidates(frame: pd.DataFrame) -> list[tuple[str, pd.Series, str]]:
    out = []
    for key, index in frame.groupby(["quarter_key", "measure_code"], sort=True,
                                    dropna=False).groups.items():
        rows = pd.Series(frame.index.isin(index), index=frame.index)
        if frame.loc[rows, "people"].any():
            out.append((f"{key} quantity", rows, "quantity"))
        out.append((f"{key} people", rows, "beneficiaries"))
    counted = frame["counted"]
    themes = frame["theme"] if "theme" in frame else pd.Series("", index=frame.index)
    for key, index in frame.assign(theme=themes).groupby(["quarter_key", "theme"], sort=True,
                                                         dropna=False).groups.items():
        out.append((f"{key} value", pd.Series(frame.index.isin(index), index=frame.index)
                    & counted, "value"))
    for key, index in frame.groupby("partner_org_id", sort=True, dropna=False).groups.items():
        rows = pd.Series(frame.index.isin(index), index=frame.index) & counted
        out.append((f"{key} people", rows & ~frame["is_harm"], "beneficiaries"))
        out.append((f"{key} value", rows, "value"))
    return out


def _space(frame: pd.DataFrame, withheld: pd.Series, published: list) -> _Space:
    unknowns = _unknowns(frame, withheld)
    rows = []
    for _, lines, what in published:
        for vector in _functionals(frame, lines, unknowns, what):
            norm = np.linalg.norm(vector)
            if norm > 0:
                rows.append(vector / norm)
    n = len(unknowns)
    if not rows or n == 0:
        return _Space(unknowns, np.eye(n))
    _, s, vt = np.linalg.svd(np.array(rows), full_matrices=True)
    rank = int((s > TOLERANCE * max(s[0], 1.0)).sum())
    return _Space(unknowns, vt[rank:].T)


def _fixed(vector: np.ndarray, free: np.ndarray) -> bool:
    """Whether the combination `vector` of the unknowns is fixed by the equations: it has no
    component along any direction they leave free."""
    norm = np.linalg.norm(vector)
    if norm == 0:
        return True
    if free.shape[1] == 0:
        return True
    return bool(np.linalg.norm(free.T @ (vector / norm)) < 1e-6)


# --- what must not be worked out, and what to withhold next -----------------------------------

def _protected(frame: pd.DataFrame, withheld: pd.Series) -> list[tuple[str, pd.Series, str]]:
    """The figures that must not be worked out: every withheld count, and every small total of
    people (on a page: a measure's quarter over all partners, a partner's year)."""
    out = []
    for i in frame.index[withheld[frame.index]]:
        one = pd.Series(frame.index == i, index=frame.index)
        if frame.at[i, "people"]:
            out.append((f"a withheld quantity ({_name(frame, i)})", one, "quantity"))
        out.append((f"withheld beneficiaries ({_name(frame, i)})", one, "beneficiaries"))
    groups = {"quarter": ["measure_code", "quarter_key"], "partner": "partner_org_id"}
    for label, keys in groups.items():
        for key, index in frame.groupby(keys, sort=True, dropna=False).groups.items():
            rows = pd.Series(frame.index.isin(index), index=frame.index)
            if label == "partner":
                rows = rows & frame["counted"] & ~frame["is_harm"]
            limit = int(frame.loc[rows, "limit"].max()) if rows.any() else 0
            for what, column in (("quantity", "quantity"), ("beneficiaries", "beneficiaries")):
                if what == "quantity" and (label == "partner" or not frame.loc[rows,
                                                                                "people"].any()):
                    continue
                total = round(float(frame.loc[rows, column].sum()))
                if 0 < total < limit and (withheld[rows[rows].index]).any():
                    out.append((f"a small {label} total ({key})", rows, what))
    return out


def _first_problem(frame: pd.DataFrame, withheld: pd.Series, space: _Space, published: list,
                   protected: list):
    """The first figure the published totals give away, as (what, lines, summed), or None."""
    for name, rows, what in protected:
        for vector in _functionals(frame, rows, space.unknowns, what):
            if vector.any() and _fixed(vector, space.free):
                return name, rows, what
    # The withheld part of a published total of people is known: it must not be small.
    for name, rows, what in published:
        if what == "value":
            continue
        column = "quantity" if what == "quantity" else "beneficiaries"
        hidden = rows & withheld[frame.index]
        if what == "quantity":
            hidden = hidden & frame["people"]
        part = round(float(frame.loc[hidden, column].sum()))
        limit = int(frame.loc[hidden, "limit"].max()) if hidden.any() else 0
        if 0 < part < limit:
            return f"the withheld part of {name}", rows, what
    return None


def _complement(frame: pd.DataFrame, withheld: pd.Series, problem,
                closed: set) -> tuple[int | None, str | None]:
    """What to withhold next: (a line, and the measure whose year's totals go with it or None).

    First the smallest published line with people in it in the same measure as the figure
    given away (the classic second cell). Where there is none (the measure's year is itself
    small, and the account less the other measures' years gives it back), another measure's
    year goes, with its smallest line (a year's total withheld is still the sum of its
    published lines); then more lines of measures whose year is withheld; last, any line."""
    _, rows, _ = problem
    open_ = ~withheld[frame.index] & ((frame["quantity"] > 0) | (frame["beneficiaries"] > 0))
    size = frame["beneficiaries"].where(frame["beneficiaries"] > 0, frame["quantity"])
    measures = set(frame.loc[rows, "measure_code"])
    same = open_ & frame["measure_code"].isin(measures) & ~rows
    if not same.any():
        same = open_ & rows         # a total whose withheld part is small: one more of its own
    if same.any():
        return _smallest(size[same], frame), None
    # Another measure's year, with its smallest line: a line of a measure not yet withheld
    # adds a factor the account's three values (central, cautious, generous) cannot separate
    # from the others once there are more such measures than values.
    others = open_ & ~frame["measure_code"].isin(measures | closed)
    if others.any():
        years = frame[others].groupby("measure_code")["quantity"].sum().sort_values(
            kind="stable")
        measure = years.index[0]
        pool = others & (frame["measure_code"] == measure)
        return _smallest(size[pool], frame), measure
    elsewhere = open_ & frame["measure_code"].isin(closed - measures)
    if elsewhere.any():
        return _smallest(size[elsewhere], frame), None
    if open_.any():
        return _smallest(size[open_], frame), None
    return None, None


def _smallest(size: pd.Series, frame: pd.DataFrame) -> int:
    order = frame.loc[size.index].assign(size=size).sort_values(
        ["size", "quarter_key", "measure_code", "partner_org_id"], kind="stable")
    return order.index[0]


def _name(frame: pd.DataFrame, i) -> str:
    return f"{frame.at[i, 'measure_code']}, {frame.at[i, 'quarter_key']}, " \
           f"{frame.at[i, 'partner_org_id']}"
