"""Self-assessments: what a row must be to load.

Each partnership scores itself 0-5 against the nine key principles for working with
purpose-aligned partners (P1-P9) and the five fundamental correctives (C1-C5).
"""

from __future__ import annotations

from pathlib import Path

import pandera.pandas as pa
import yaml

from schemas.columns import file_schema, required
from schemas.rules import EXTRA_CELLS, Rule, full_match, holds, is_one_of, named

FRAMEWORKS = ("principle", "corrective")
ITEM_CODE_FORM = r"P[1-9]|C[1-5]"

PARTNERSHIP = Rule.filled("partnership_id", "partnership id missing")
PERIOD = Rule.filled("period", "period missing")
FRAMEWORK = Rule("framework_known", "framework",
                 "framework missing or not principle or corrective", "framework")
ITEM_CODE = Rule("item_code_known", "item_code",
                 "item code missing or not P1-P9 (principles) or C1-C5 (correctives)",
                 "item_code")
ITEM_FITS = Rule("item_code_fits_framework", "item_code",
                 "item code belongs to the other framework (P codes are principles, C codes "
                 "correctives)", "item_code")
SCORE = Rule.legible("score", "score missing or not a whole number")
SCORE_RANGE = Rule("score_in_range", "score", "score is not between 0 and 5", "score_raw")

RULES = {r.name: r for r in [EXTRA_CELLS, PARTNERSHIP, PERIOD, FRAMEWORK, ITEM_CODE, ITEM_FITS,
                             SCORE, SCORE_RANGE]}

SCHEMA = file_schema(
    {
        "partnership_id": required(PARTNERSHIP),
        "period": required(PERIOD),
        "framework": required(FRAMEWORK, is_one_of(FRAMEWORKS, FRAMEWORK)),
        "item_code": required(ITEM_CODE, full_match(ITEM_CODE_FORM, ITEM_CODE)),
        "item_fits_framework": pa.Column(checks=[holds(ITEM_FITS)]),
        "score": required(SCORE, named(pa.Check.in_range, 0, 5, rule=SCORE_RANGE)),
    },
    name="self_assessment",
)


ITEMS = Path(__file__).with_name("self_assessment_items.yaml")
UNTITLED = {"principle": "Principle", "corrective": "Corrective"}


def item_titles(config_dir: Path | None = None) -> dict[str, str]:
    """Each item code's title as pages show it: the shipped titles (self_assessment_items.yaml),
    replaced item by item by `config/self_assessment.yaml`; an item with no title anywhere is
    named by its framework and number ("Corrective 1")."""
    def read(file: Path) -> dict:
        if not file.exists():
            return {}
        given = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(given, dict):
            raise ValueError(f"{file}: expected principle: and corrective: lists of titles")
        return given

    titles: dict[str, str] = {}
    for source in (read(ITEMS), read(config_dir / "self_assessment.yaml") if config_dir else {}):
        for framework, items in source.items():
            for code, title in (items or {}).items():
                if isinstance(title, str) and title.strip():
                    titles[str(code)] = title.strip()
                else:
                    titles.setdefault(str(code), f"{UNTITLED.get(framework, 'Item')} "
                                                 f"{str(code)[1:]}")
    return titles
