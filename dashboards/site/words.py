"""Plain words for what the warehouse names in code: validation rules, fields, imperative rules.

A page is read by commissioners, not by the people who wrote the schemas: `payment_date_in_period`
reads as "payment date outside the period the file reports on", `partner.vcse = true` as "the
partner is a VCSE organisation: yes". The code names stay in the data dictionary and in the
quarantine command's output, where analysts look for them.
"""

from __future__ import annotations

import functools
import importlib
import re

SCHEMAS = ("spend", "outcomes", "partnerships", "partners", "catalogue", "price_index",
           "imperative_evidence", "self_assessment", "grants", "inputs")
ACRONYMS = {"vcse": "VCSE", "sme": "SME", "gbp": "£", "id": "ID", "sroi": "SROI",
            "nhs": "NHS", "org": "organisation"}


@functools.cache
def rule_messages() -> dict[str, str]:
    """Every validation rule's name -> its reason in words, from the schemas."""
    out = {}
    for name in SCHEMAS:
        module = importlib.import_module(f"schemas.{name}")
        for rule in getattr(module, "RULES", {}).values():
            out.setdefault(rule.name, rule.message)
    return out


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def field_words(code) -> str:
    """`lowest_hourly_pay` -> `lowest hourly pay`; `partner.vcse` -> `the partner's VCSE`."""
    code = str(code)
    owner = ""
    if code.startswith("partner."):
        owner, code = "the partner's ", code[len("partner."):]
    words = [ACRONYMS.get(w.lower(), w) for w in re.split(r"[_\s]+", code) if w]
    return owner + " ".join(words)


def rule_words(name) -> str:
    """A validation rule as its reason in words (the code name when no schema knows it)."""
    message = rule_messages().get(str(name))
    return capital(message) if message else capital(field_words(name))


_IDENTIFIER = re.compile(r"\bpartner\.[a-z][a-z0-9_]*|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain(text) -> str:
    """An imperative's rule or reason, as the imperatives module writes it, in words:
    comparisons spelt out, true and false as yes and no, field names as words."""
    if text is None:
        return ""
    out = str(text)
    out = re.sub(r"^met: ", "", out)
    out = re.sub(r"\bfalse boolean\b", "no", out)
    out = re.sub(r"\btrue boolean\b", "yes", out)
    out = re.sub(r"\s*>=\s*", " at least ", out)
    out = re.sub(r"\s*<=\s*", " at most ", out)
    out = re.sub(r"\s*(?<![<>!])=\s*true\b", ": yes", out)
    out = re.sub(r"\s*(?<![<>!])=\s*false\b", ": no", out)
    out = re.sub(r"\s+in \[([^\]]*)\]", lambda m: " is one of " + m.group(1).replace("'", ""),
                 out)
    out = re.sub(r"\s*(?<![<>!])=\s*", " is ", out)
    out = re.sub(r"\bfails\b", "which does not meet the rule:", out)
    out = _IDENTIFIER.sub(lambda m: field_words(m.group(0)), out)
    return capital(out)
