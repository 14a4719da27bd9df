"""The valuation maths of a social value account, as pure functions.

For one outcome line (Social Value UK's SROI method, HM Treasury Green Book discounting):

    proxy (base year) = proxy x index[base year] / index[proxy's price year]
    gross             = quantity x proxy (base year)
    net impact        = gross x (1 - deadweight) x (1 - displacement) x (1 - attribution)
    value in year k   = net impact x (1 - drop-off) ^ (k - 1),      k = 1 .. benefit years
    present value     = sum over k of value in year k x DF(t(k))

t(k), the year benefit k is discounted as, depends on the convention (`Timing`):
    green-book        t = start + k - 1   (HM Treasury: the first year of benefit is year 0,
                                           not discounted, like the inputs it is compared with)
    social-value-uk   t = start + k       (Social Value UK's guide: discounted from year 1)
with `start` the years before benefits begin (0 unless a study states a delay). DF(t) multiplies
1 / (1 + r) for each year 1..t, with r the rate of that year in the measure's schedule, or one
rate throughout when a study states it (0 included). A negative proxy (a harm) gives negative
values throughout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

# (last year the rate applies to, annual rate). Green Book: 3.5% for years 0-30 and 3.0% for
# 31-75; 1.5% for health effects. The health rate after year 30 is not in the project's sources,
# so a health benefit longer than 31 years is refused rather than guessed.
DISCOUNT_SCHEDULES: dict[str, tuple[tuple[int, float], ...]] = {
    "standard": ((30, 0.035), (75, 0.030)),
    "health": ((30, 0.015),),
}
RATE_COLUMNS = ("deadweight", "displacement", "attribution", "drop_off")
CONVENTIONS = {
    "green-book": "HM Treasury Green Book: the first year of benefit is year 0, not discounted",
    "social-value-uk": "Social Value UK: every year of benefit discounted, the first as year 1",
}


@dataclass(frozen=True)
class Timing:
    """When a measure's benefits fall and how they are discounted: the convention (`green-book`
    or `social-value-uk`), the years before benefits start, and one discount rate for every year
    (None: the measure's Green Book schedule)."""

    convention: str = "green-book"
    start: int = 0
    rate: float | None = None

    def __post_init__(self):
        if self.convention not in CONVENTIONS:
            raise ValueError(f"unknown convention {self.convention!r}: use "
                             f"{' or '.join(CONVENTIONS)}")
        if self.start < 0:
            raise ValueError(f"benefit start year {self.start} is before the outcome")
        if self.rate is not None and not 0 <= self.rate < 1:
            raise ValueError(f"discount rate {self.rate} is not a share in [0, 1)")

    def year(self, k: int) -> int:
        """The year (t) benefit year k (1, 2 ...) is discounted as."""
        return self.start + k - (1 if self.convention == "green-book" else 0)

    def factor(self, t: int, schedule: str) -> float:
        if self.rate is not None:
            return 1 / (1 + self.rate) ** t
        return discount_factor(t, schedule)


def discount_rate(year: int, schedule: str = "standard") -> float:
    """The discount rate that applies in `year` (1, 2, ...) of `schedule`."""
    if schedule not in DISCOUNT_SCHEDULES:
        raise ValueError(f"unknown discount schedule {schedule!r}: "
                         f"use one of {', '.join(DISCOUNT_SCHEDULES)}")
    for last_year, rate in DISCOUNT_SCHEDULES[schedule]:
        if year <= last_year:
            return rate
    raise ValueError(f"no {schedule} discount rate on file for year {year}")


def discount_factor(t: int, schedule: str = "standard") -> float:
    """DF(t): what £1 in year t is worth in year 0. DF(0) = 1."""
    factor = 1.0
    for year in range(1, t + 1):
        factor /= 1 + discount_rate(year, schedule)
    return factor


def uprate(value: float, price_year: int, index: Mapping[int, float], base_year: int) -> float:
    """`value` in `price_year` prices restated in `base_year` prices."""
    for year in (price_year, base_year):
        if year not in index:
            raise KeyError(f"the price index has no value for {year}")
    return value * index[base_year] / index[price_year]


def net_impact(gross: float, deadweight: float, displacement: float,
               attribution: float) -> float:
    """Gross value less what would have happened anyway, what was displaced, and others' part."""
    return gross * (1 - deadweight) * (1 - displacement) * (1 - attribution)


def yearly_values(net: float, drop_off: float, benefit_years: int) -> list[float]:
    """The net impact in each year of benefit, falling by `drop_off` a year after the first."""
    return [net * (1 - drop_off) ** k for k in range(benefit_years)]


def present_value(net: float, drop_off: float, benefit_years: int,
                  schedule: str = "standard", timing: Timing | None = None) -> float:
    """The discounted sum of the yearly values. By default (Green Book, no delay) the first year
    is year 0 (undiscounted)."""
    timing = timing or Timing()
    return sum(v * timing.factor(timing.year(k), schedule)
               for k, v in enumerate(yearly_values(net, drop_off, benefit_years), start=1))


@dataclass(frozen=True)
class Sensitivity:
    """How the low and high cases move the central assumptions.

    Low (pessimistic): deadweight, displacement, attribution and drop-off each x`worse`, capped at
    `cap` (a rate already above the cap stays as it is). High (optimistic): each x`better`. For a
    harm (negative proxy) the two swap, so that the low case counts the harm more fully and the
    low case is always the lower value.
    """

    worse: float = 1.5
    better: float = 0.5
    cap: float = 0.95

    def rate(self, central: float, case: str, harm: bool = False) -> float:
        if case == "central":
            return central
        if case not in ("low", "high"):
            raise ValueError(f"unknown case {case!r}: use low, central or high")
        pessimistic = (case == "low") != harm
        if pessimistic:
            return max(central, min(central * self.worse, self.cap))
        return central * self.better

    def describe(self) -> str:
        return (f"low: deadweight, displacement, attribution and drop-off x{self.worse:g} "
                f"(capped at {self.cap:g}); high: the same rates x{self.better:g}; "
                "for harms (negative proxies) the low and high cases swap")


def value_lines(lines: pd.DataFrame, index: Mapping[int, float], base_year: int,
                sensitivity: Sensitivity = Sensitivity()) -> pd.DataFrame:
    """Value each outcome line; adds the base-year proxy, gross, net, present values (central,
    low, high) and `valuation_note` saying why a line could not be valued (its values NULL).

    Needs: quantity, proxy_value_gbp, price_year, deadweight, displacement, attribution, drop_off,
    benefit_years, discount_schedule.
    """
    out = lines.copy()
    rows = [_value_row(row, index, base_year, sensitivity)
            for row in out.to_dict("records")]
    valued = pd.DataFrame(rows, index=out.index, columns=list(_VALUED))
    for column, dtype in _VALUED.items():
        out[column] = valued[column].astype(dtype)
    return out


_VALUED = {
    "proxy_value_base_gbp": "Float64", "gross_value_gbp": "Float64",
    "net_impact_gbp": "Float64", "net_value_gbp": "Float64", "present_value_gbp": "Float64",
    "present_value_low_gbp": "Float64", "present_value_high_gbp": "Float64",
    "valuation_note": "str",
}


def _value_row(row: dict, index: Mapping[int, float], base_year: int,
               sensitivity: Sensitivity) -> dict:
    empty = dict.fromkeys(_VALUED)
    if pd.isna(row.get("proxy_value_gbp")):
        return {**empty, "valuation_note": "measure not in the catalogue: not valued"}
    if pd.isna(row.get("quantity")):
        return {**empty, "valuation_note": "no quantity reported: not valued"}
    try:
        proxy = uprate(float(row["proxy_value_gbp"]), int(row["price_year"]), index, base_year)
        gross = float(row["quantity"]) * proxy
        harm = gross < 0
        results = {case: _case_values(row, gross, case, harm, sensitivity)
                   for case in ("central", "low", "high")}
    except (KeyError, ValueError) as err:
        return {**empty, "valuation_note": f"not valued: {str(err).strip(chr(39))}"}
    net, net_value, pv = results["central"]
    return {"proxy_value_base_gbp": proxy, "gross_value_gbp": gross, "net_impact_gbp": net,
            "net_value_gbp": net_value, "present_value_gbp": pv,
            "present_value_low_gbp": results["low"][2],
            "present_value_high_gbp": results["high"][2], "valuation_note": None}


def _case_values(row: dict, gross: float, case: str, harm: bool,
                 sensitivity: Sensitivity) -> tuple[float, float, float]:
    rates = {c: sensitivity.rate(float(row[c]), case, harm) for c in RATE_COLUMNS}
    net = net_impact(gross, rates["deadweight"], rates["displacement"], rates["attribution"])
    years = int(row["benefit_years"])
    undiscounted = sum(yearly_values(net, rates["drop_off"], years))
    return net, undiscounted, present_value(net, rates["drop_off"], years,
                                            row["discount_schedule"], timing_of(row))


def timing_of(row: dict) -> Timing:
    """A line's timing from its columns `convention`, `benefit_start_year`, `discount_rate`
    (absent or blank: the Green Book defaults)."""
    def given(key):
        value = row.get(key)
        return None if value is None or (not isinstance(value, str) and pd.isna(value)) \
            else value

    return Timing(convention=given("convention") or "green-book",
                  start=int(given("benefit_start_year") or 0),
                  rate=None if given("discount_rate") is None else float(row["discount_rate"]))


def guard_overlaps(lines: pd.DataFrame, keys: list[str], value: str = "present_value_gbp"
                   ) -> pd.DataFrame:
    """The double-counting guard: measures declared as overlapping (the catalogue's
    `overlaps_with`, either way round) reported for the same `keys` (partner and period) are
    counted once. Of each group of overlapping lines the one with the largest absolute value is
    kept; the others get `counted` False and an `excluded_reason`.

    Needs: measure_code, overlaps_with (codes separated by ';', ',' or spaces) and `value`.
    """
    out = lines.copy()
    out["counted"] = True
    out["excluded_reason"] = pd.Series(None, index=out.index, dtype="str")
    for _, group in out.groupby(keys, sort=False, dropna=False):
        for members in _overlap_groups(group):
            if len(members) < 2:
                continue
            size = group.loc[members, value].abs().fillna(-1.0)
            kept = size.idxmax()
            kept_code = group.at[kept, "measure_code"]
            for dropped in members:
                if dropped == kept:
                    continue
                out.at[dropped, "counted"] = False
                out.at[dropped, "excluded_reason"] = (
                    f"overlaps {kept_code} (catalogue overlaps_with) for the same partner and "
                    f"period: only the larger, {kept_code}, is counted")
    return out


def _overlap_groups(group: pd.DataFrame) -> list[list]:
    """Lines linked by declared overlaps, as lists of row labels (connected components)."""
    by_code: dict[str, list] = {}
    for label, code in group["measure_code"].items():
        by_code.setdefault(code, []).append(label)
    parent = {code: code for code in by_code}

    def root(code: str) -> str:
        while parent[code] != code:
            code = parent[code]
        return code

    for code, twins in zip(group["measure_code"], group["overlaps_with"], strict=True):
        for twin in split_codes(twins):
            if twin in parent:
                parent[root(twin)] = root(code)
    components: dict[str, list] = {}
    for code, labels in by_code.items():
        components.setdefault(root(code), []).extend(labels)
    return list(components.values())


def split_codes(text) -> list[str]:
    """Measure codes listed in one cell: 'NT1; NT4' -> ['NT1', 'NT4']."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    return [c for c in str(text).replace(";", " ").replace(",", " ").split() if c]
