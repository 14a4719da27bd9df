"""The valuation choices a council may change: `config/accounts.yaml` in the data folder.

    price_base_year: 2024          # default: the latest year in the price index
    catalogue:                     # default: for each code, its latest edition loaded
      framework: my-licensed-catalogue
      edition: "2025.1"
    sensitivity:                   # the low and high cases (see valuation.Sensitivity)
      worse: 1.5
      better: 0.5
      cap: 0.95
    valuation:                     # for every measure (each key optional; see SETTINGS)
      convention: social-value-uk  # or green-book (the default)
      discount_rate: 0.035         # one rate every year, 0 allowed (default: the Green Book's
                                   # schedule the catalogue names)
      benefit_start_year: 1        # years before benefits start (default 0)
      benefit_years: 3             # duration (default: the catalogue's)
    measures:                      # per measure code, over `valuation`
      WB: {benefit_years: 5}
    partnerships:                  # per partnership, over both: its `valuation` and `measures`
      oldham-social-prescribing:
        valuation: {discount_rate: 0}
        measures: {WB: {benefit_start_year: 1}}
    scenarios:                     # named sets of changed assumptions, reported beside low/high
      shorter benefits: {benefit_years: 1}
      more attributed to others:
        attribution: 0.5           # a rate set, or "x1.5": the rate in force multiplied
        measures: {WB: {deadweight: 0.4}}

Every choice is written to `marts.valuation_assumptions` beside the figures it produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from warehouse.accounts.valuation import CONVENTIONS, RATE_COLUMNS, Sensitivity

# Valuation settings a study can state (per measure, per partnership, or for all): the column of
# an outcome line each one sets.
SETTINGS = ("convention", "discount_rate", "benefit_start_year", "benefit_years")
# What a scenario may change: the settings and the four rates.
CHANGEABLE = SETTINGS + RATE_COLUMNS


class BadAssumptions(ValueError):
    """The accounts configuration cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Scenario:
    """A named set of changed assumptions: `changes` for every measure, `measures` for some."""

    name: str
    changes: Mapping[str, object] = field(default_factory=dict)
    measures: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{k.replace('_', ' ')} {v}" for k, v in self.changes.items()]
        parts += [f"{code}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in c.items())
                  for code, c in self.measures.items()]
        return "; ".join(parts)


@dataclass(frozen=True)
class Assumptions:
    price_base_year: int | None = None
    catalogue_framework: str | None = None
    catalogue_edition: str | None = None
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    source: str = "defaults"
    # Settings over the catalogue's: for all, per measure, per partnership, per partnership's
    # measure (each later one wins).
    valuation: Mapping[str, object] = field(default_factory=dict)
    measures: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    partnerships: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    partnership_measures: Mapping[tuple[str, str], Mapping[str, object]] = field(
        default_factory=dict)
    scenarios: tuple[Scenario, ...] = ()

    def settings_in_force(self) -> str:
        """The valuation settings in words, for the method page and the accounts command."""
        def words(given: Mapping[str, object]) -> str:
            return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in given.items())

        parts = [f"all measures: {words(self.valuation)}"] if self.valuation else []
        parts += [f"measure {c}: {words(v)}" for c, v in self.measures.items()]
        parts += [f"partnership {p}: {words(v)}" for p, v in self.partnerships.items()]
        parts += [f"partnership {p}, measure {c}: {words(v)}"
                  for (p, c), v in self.partnership_measures.items()]
        return "; ".join(parts) or ("the catalogue's rates and durations, Green Book "
                                    "discounting (first year undiscounted), benefits from "
                                    "the year of the outcome")

    def base_year(self, index: dict[int, float]) -> int | None:
        """The price year every value is stated in; None while no price index is loaded."""
        if not index:
            return None
        if self.price_base_year is None:
            return max(index)
        if self.price_base_year not in index:
            raise BadAssumptions(f"price_base_year {self.price_base_year} ({self.source}) is "
                                 f"not in the price index ({min(index)}-{max(index)})")
        return self.price_base_year


def load_assumptions(config_dir: Path | None) -> Assumptions:
    """The assumptions in `config_dir/accounts.yaml`, or the defaults when there is none."""
    file = config_dir / "accounts.yaml" if config_dir else None
    if file is None or not file.exists():
        return Assumptions()
    try:
        given = yaml.safe_load(file.read_text()) or {}
        catalogue = given.get("catalogue") or {}
        sens = {k: float(v) for k, v in (given.get("sensitivity") or {}).items()}
        base = given.get("price_base_year")
        partnerships = given.get("partnerships") or {}
        return Assumptions(
            price_base_year=int(base) if base is not None else None,
            catalogue_framework=catalogue.get("framework"),
            catalogue_edition=None if catalogue.get("edition") is None
            else str(catalogue["edition"]),
            sensitivity=Sensitivity(**sens), source=str(file),
            valuation=_settings(given.get("valuation"), "valuation"),
            measures={str(c): _settings(v, f"measures: {c}")
                      for c, v in (given.get("measures") or {}).items()},
            partnerships={str(p): _settings((v or {}).get("valuation"), f"partnerships: {p}")
                          for p, v in partnerships.items()},
            partnership_measures={
                (str(p), str(c)): _settings(m, f"partnerships: {p}: measures: {c}")
                for p, v in partnerships.items() for c, m in ((v or {}).get("measures")
                                                              or {}).items()},
            scenarios=tuple(_scenario(str(name), body)
                            for name, body in (given.get("scenarios") or {}).items()))
    except BadAssumptions as err:
        raise BadAssumptions(f"{file}: {err}") from None
    except (yaml.YAMLError, TypeError, ValueError, AttributeError) as err:
        raise BadAssumptions(f"{file}: {err}") from err


def _settings(given, where: str, allowed: tuple[str, ...] = SETTINGS) -> dict[str, object]:
    """Settings as stated, each checked: a bad one names where it is and what it may be."""
    if not given:
        return {}
    if not isinstance(given, Mapping):
        raise BadAssumptions(f"{where}: expected keys such as {', '.join(allowed)}")
    out: dict[str, object] = {}
    for key, value in given.items():
        if key not in allowed:
            raise BadAssumptions(f"{where}: {key!r} is not a setting (use "
                                 f"{', '.join(allowed)})")
        out[key] = _checked(key, value, where)
    return out


def _checked(key: str, value, where: str):
    if key == "convention":
        if value not in CONVENTIONS:
            raise BadAssumptions(f"{where}: convention {value!r}: use "
                                 f"{' or '.join(CONVENTIONS)}")
        return value
    if isinstance(value, str) and value.strip().startswith("x") and key in RATE_COLUMNS:
        factor = float(value.strip()[1:])
        if factor < 0:
            raise BadAssumptions(f"{where}: {key} {value}: a factor of 0 or more")
        return value.strip()
    number = float(value)
    if key in ("benefit_years", "benefit_start_year"):
        if number != int(number) or number < (1 if key == "benefit_years" else 0):
            raise BadAssumptions(f"{where}: {key} {value}: a whole number of years"
                                 + (" from 1" if key == "benefit_years" else " from 0"))
        return int(number)
    if not 0 <= number < 1:
        raise BadAssumptions(f"{where}: {key} {value}: a share from 0 up to (not including) 1")
    return number


def _scenario(name: str, body) -> Scenario:
    body = dict(body or {})
    measures = body.pop("measures", None) or {}
    return Scenario(name, _settings(body, f"scenarios: {name}", CHANGEABLE),
                    {str(c): _settings(v, f"scenarios: {name}: measures: {c}", CHANGEABLE)
                     for c, v in measures.items()})


def apply_settings(lines: pd.DataFrame, assumptions: Assumptions) -> pd.DataFrame:
    """Each outcome line with the valuation settings in force for its partnership and measure
    (columns convention, discount_rate, benefit_start_year, benefit_years)."""
    out = lines.copy()
    for column in SETTINGS:
        if column not in out:
            out[column] = None
    out = out.astype({"convention": "object", "discount_rate": "object",
                      "benefit_start_year": "object"})
    for label, row in out.iterrows():
        p, code = row.get("partnership_id"), row.get("measure_code")
        for layer in (assumptions.valuation, assumptions.measures.get(code, {}),
                      assumptions.partnerships.get(p, {}),
                      assumptions.partnership_measures.get((p, code), {})):
            for key, value in layer.items():
                out.at[label, key] = value
    return out


def apply_changes(lines: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The lines as a scenario has them: its changes for every measure, then its measures'."""
    out = lines.copy()
    for label, row in out.iterrows():
        for layer in (scenario.changes, scenario.measures.get(row.get("measure_code"), {})):
            for key, value in layer.items():
                if isinstance(value, str) and value.startswith("x"):
                    value = min(float(row[key]) * float(value[1:]), 0.99)
                out.at[label, key] = value
    return out


def price_index(con: duckdb.DuckDBPyConnection) -> dict[int, float]:
    """The loaded price index, {year: index}."""
    return {int(y): float(i) for y, i in
            con.execute("select year, index from staging.price_index").fetchall()}
