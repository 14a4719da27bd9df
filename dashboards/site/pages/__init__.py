"""One module per kind of page: each turns the warehouse's frames into a `Page`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from dashboards.site.data import Warehouse
from dashboards.site.extracts import ExtractIndex
from dashboards.site.figures import colours
from dashboards.site.formatting import price_basis
from dashboards.site.words import rule_words
from dashboards.suppression import Policy
from schemas.self_assessment import item_titles


def slug(key: str) -> str:
    """A file name for a partnership or council id (they are slugs already; this makes sure)."""
    return re.sub(r"[^a-z0-9-]+", "-", str(key).lower()).strip("-") or "x"


@dataclass
class Context:
    """What every page builder shares: the data, the suppression policy, the extracts, names."""

    warehouse: Warehouse
    policy: Policy
    extracts: ExtractIndex
    built_at: datetime
    config: Path | None = None
    names: dict[str, str] = field(default_factory=dict)
    council_names: dict[str, str] = field(default_factory=dict)
    palette: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        w = self.warehouse
        self.names = dict(zip(w.partnerships["partnership_id"], w.partnerships["name"],
                              strict=True))
        for pid, name in zip(w.accounts.get("partnership_id", []),
                             w.accounts.get("partnership_name", []), strict=True):
            self.names.setdefault(pid, name)
        self.council_names = dict(zip(w.councils.get("council", []),
                                      w.councils.get("name", []), strict=True))
        self.palette = colours(sorted(self.names))

    @property
    def base_year(self) -> int | None:
        year = self.warehouse.assumptions.get("price_base_year")
        return int(year) if year is not None and not pd.isna(year) else None

    @property
    def basis(self) -> str:
        return price_basis(self.base_year)

    @property
    def partnership_ids(self) -> list[str]:
        """Partnerships with social value accounts and, once the accounts' marts are built, every
        other partnership in the register, by name: each gets a page (one with no outcome
        returns yet shows its money, imperatives and feeds, and says so)."""
        ids = set(self.warehouse.accounts.get("partnership_id", []))
        if "partnership_id" in self.warehouse.lines:  # the marts exist, if empty
            ids |= set(self.warehouse.partnerships.get("partnership_id", []))
        return sorted(ids, key=lambda p: self.names.get(p, p))

    @property
    def council_ids(self) -> list[str]:
        spend = self.warehouse.spend_analysis
        ids = list(dict.fromkeys(spend["council"])) if len(spend) else []
        return sorted(ids, key=lambda c: self.council_names.get(c, c))

    def titled_scores(self) -> pd.DataFrame:
        """The self-assessment scores with each item's title from the framework's titles (the
        project's, or the council's config), never the text a partnership's file gave."""
        scores = self.warehouse.self_assessment.copy()
        if "item_code" not in scores:       # the marts are not built yet
            return pd.DataFrame(columns=["partnership_id", "period", "framework", "item_code",
                                         "item_title", "score"])
        titles = item_titles(self.config)
        scores["item_title"] = [titles.get(c, c) for c in scores["item_code"]]
        return scores

    def council_name(self, council: str) -> str:
        return self.council_names.get(council, council)

    def partnerships_of(self, council: str) -> list[str]:
        p = self.warehouse.partnerships
        return sorted(p.loc[p["lead_council"] == council, "partnership_id"])


def partnership_path(pid: str) -> str:
    return f"partnerships/{slug(pid)}.html"


def council_path(council: str) -> str:
    return f"councils/{slug(council)}.html"


def years(frame: pd.DataFrame, column: str = "financial_year") -> list[str]:
    return sorted({y for y in frame.get(column, []) if isinstance(y, str)})


def reasons_text(value) -> str:
    """`{"rule": n, ...}` (as the feed-health mart stores its quarantine reasons) in words."""
    try:
        reasons = json.loads(value) if isinstance(value, str) else (value or {})
    except ValueError:
        return str(value)
    return ", ".join(f"{rule_words(rule)} ({n})" for rule, n in reasons.items())
