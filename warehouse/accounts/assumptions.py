"""The valuation choices a council may change: `config/accounts.yaml` in the data folder.

    price_base_year: 2024          # default: the latest year in the price index
    catalogue:                     # default: for each code, its latest edition loaded
      framework: my-licensed-catalogue
      edition: "2025.1"
    sensitivity:                   # the low and high cases (see valuation.Sensitivity)
      worse: 1.5
      better: 0.5
      cap: 0.95

Every choice is written to `marts.valuation_assumptions` beside the figures it produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from warehouse.accounts.valuation import Sensitivity


class BadAssumptions(ValueError):
    """The accounts configuration cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Assumptions:
    price_base_year: int | None = None
    catalogue_framework: str | None = None
    catalogue_edition: str | None = None
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    source: str = "defaults"

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
        return Assumptions(
            price_base_year=int(base) if base is not None else None,
            catalogue_framework=catalogue.get("framework"),
            catalogue_edition=None if catalogue.get("edition") is None
            else str(catalogue["edition"]),
            sensitivity=Sensitivity(**sens), source=str(file))
    except (yaml.YAMLError, TypeError, ValueError, AttributeError) as err:
        raise BadAssumptions(f"{file}: {err}") from err


def price_index(con: duckdb.DuckDBPyConnection) -> dict[int, float]:
    """The loaded price index, {year: index}."""
    return {int(y): float(i) for y, i in
            con.execute("select year, index from staging.price_index").fetchall()}
