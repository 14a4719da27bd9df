"""The named scenarios and the one-at-a-time sensitivity (the tornado) of each partnership's
account: every counted outcome line valued again with some assumptions changed.

A named scenario is the study's own (config/accounts.yaml `scenarios:`): a set of changed
assumptions, reported beside the low and high cases. The tornado moves one assumption at a time,
everything else central, each way:

    deadweight, displacement, attribution, drop-off   x`worse` (capped) and x`better`
    benefit duration                                   x0.5 and x1.5 years (whole years, at least 1)
    discount rate                                      0% and twice the first year's rate in force

The overlap guard's choice of the line counted is the central valuation's in every case, so a
scenario changes values, never which lines count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from warehouse.accounts.assumptions import Assumptions, apply_changes
from warehouse.accounts.valuation import RATE_COLUMNS, discount_rate, value_lines

KEYS = ["partnership_id", "partner_org_id", "quarter_key", "period_start", "measure_code"]
WORDS = {"deadweight": "deadweight", "displacement": "displacement",
         "attribution": "attribution", "drop_off": "drop-off",
         "benefit_years": "benefit duration", "discount_rate": "discount rate"}


def tornado_variants(lines: pd.DataFrame, assumptions: Assumptions
                     ) -> list[tuple[str, str, pd.DataFrame]]:
    """(assumption, variant in words, the lines so changed) for each one-at-a-time move."""
    s = assumptions.sensitivity
    out = []
    for rate in RATE_COLUMNS:
        for label, factor in ((f"x{s.worse:g}", s.worse), (f"x{s.better:g}", s.better)):
            changed = lines.copy()
            changed[rate] = [max(r, min(r * factor, s.cap)) if factor > 1 else r * factor
                             for r in changed[rate].astype(float)]
            out.append((WORDS[rate], label, changed))
    for label, factor in (("x0.5", 0.5), ("x1.5", 1.5)):
        changed = lines.copy()
        changed["benefit_years"] = [max(1, math.ceil(int(y) * factor))
                                    for y in changed["benefit_years"]]
        out.append((WORDS["benefit_years"], label, changed))
    for label in ("0%", "x2"):
        changed = lines.copy()
        changed["discount_rate"] = [0.0 if label == "0%" else min(0.99, 2 * _first_rate(row))
                                    for row in changed.to_dict("records")]
        out.append((WORDS["discount_rate"], label, changed))
    return out


def _first_rate(row: Mapping) -> float:
    given = row.get("discount_rate")
    if given is not None and not pd.isna(given):
        return float(given)
    return discount_rate(1, row.get("discount_schedule") or "standard")


def scenario_lines(lines: pd.DataFrame, counted: pd.Series, index: Mapping[int, float],
                   base_year: int | None, assumptions: Assumptions) -> pd.DataFrame:
    """The present value of each counted line in each named scenario and tornado variant:
    KEYS, kind ('scenario' or 'tornado'), assumption, variant, description, present_value_gbp."""
    columns = [*KEYS, "kind", "assumption", "variant", "description", "present_value_gbp"]
    kept = lines[counted.fillna(False).astype(bool)]
    if kept.empty or base_year is None:
        return pd.DataFrame(columns=columns)
    cases = [("scenario", sc.name, "", sc.describe(), apply_changes(kept, sc))
             for sc in assumptions.scenarios]
    cases += [("tornado", name, variant, f"{name} {variant}", changed)
              for name, variant, changed in tornado_variants(kept, assumptions)]
    frames = []
    for kind, name, variant, description, changed in cases:
        valued = value_lines(changed, index, base_year, assumptions.sensitivity)
        frame = changed[KEYS].copy()
        frame["kind"], frame["assumption"], frame["variant"] = kind, name, variant
        frame["description"] = description
        frame["present_value_gbp"] = valued["present_value_gbp"].astype(float)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[columns]

