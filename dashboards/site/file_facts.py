"""What a public page may say about what is inside a file: counts, rule names and column names,
never a value.

A refusal message and a quarantined row are written for the analyst who fixes the file (the
command line, `refused/<...>.error.txt`, `socialvalue quarantine`), and may quote the file: a
first row, a header, a cell past the header, a value that would not parse. The pages get instead:

- for a quarantined row: the file, its row number, the column and the rule broken, with the
  rule's own words from the project's rule lists;
- for a refused file: the kind of refusal, one of a fixed set of phrases recognised in the
  message, and where to read the full message.

Whatever a message or a row holds, nothing of it but these reaches a page.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

FULL_MESSAGE = "the full reason is in the refusal report (refused/ folder) and `socialvalue status`"

# (pattern over the lower-cased message, what the page says), the first that fits deciding.
REFUSALS = (
    # From a collection: what the council's portal answered instead of a spend file.
    (r"login page|refused access", "the portal asked for a login instead of giving the file"),
    (r"is a web page|is a pdf|not a web page any more|not a ckan|answered json",
     "the portal sent a web page or document, not a spend file"),
    (r"is not there \(http|answered http|redirected more than|no address to go to",
     "the portal did not give the file (an error or a missing address)"),
    (r"no such file", "the file was not found"),
    (r"\bempty\b|header only|only a header|no (data )?rows|no lines", "the file has no rows"),
    (r"no header|header row|header_row", "no header row found"),
    (r"edition", "more than one framework edition in one file"),
    (r"symlink|symbolic link|link to", "a link, not a file"),
    (r"too (large|big|many|long|deep)|limit|exceeds|larger than|expands", "the file is too large"),
    (r"encod|utf|byte|not a (csv|spreadsheet|workbook|zip)|cannot be opened|corrupt|xlsx",
     "not a file of a kind that can be read (format or encoding)"),
    (r"outside|period|dates?\b", "its dates are outside the period it reports on"),
    (r"column|field", "a required column is missing"),
    (r"partnership|council|profile|funder|register", "the partnership, council or funder it "
                                                      "names is not known"),
)
UNREADABLE = "it could not be read as this dataset"


def refusal_reason(message) -> str | None:
    """The kind of refusal a message reports, as one of a fixed set of phrases."""
    if message is None or (isinstance(message, float) and pd.isna(message)):
        return None
    text = str(message).lower()
    for pattern, reason in REFUSALS:
        if re.search(pattern, text):
            return reason
    return UNREADABLE


@cache
def rule_words() -> dict[str, str]:
    """Every validation rule's plain words, by rule name, from the project's own rule lists."""
    from schemas import (
        catalogue,
        grants,
        imperative_evidence,
        outcomes,
        partners,
        partnerships,
        price_index,
        self_assessment,
        spend,
    )

    words = {}
    for module in (spend, outcomes, catalogue, grants, imperative_evidence, partners,
                   partnerships, price_index, self_assessment):
        for name, rule in getattr(module, "RULES", {}).items():
            words.setdefault(name, rule.message)
    return words


def rule_meaning(rule) -> str:
    """What breaking `rule` means, in the rule's own words (never the message a row carries)."""
    if rule is None or (isinstance(rule, float) and pd.isna(rule)):
        return ""
    return rule_words().get(str(rule), str(rule).replace("_", " "))
