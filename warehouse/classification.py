"""Who a council paid: the supplier classification rules, in the order they are applied.

Every spend line is classed as `vcse` (voluntary, community and social enterprise), `public_body`,
`individual_or_redacted` or `other` (private sector or unknown; the spend files do not say whether
a company is small). The first rule that fits decides, and the line keeps the rule's evidence, so
anyone can see why a payment counts as going to the voluntary sector.

1. Redacted beneficiaries are individuals or commercial confidences: never re-identified.
2. A supplier matched to the partner register (by charity or company number, org id, or name)
   takes the register's legal form.
3. A charity number in the spend file means a registered charity.
4. A private individual (`warehouse/individuals.py`): a person's name in any of its forms, or a
   payment of a kind that pays individuals (foster care, direct payments...) to a payee whose
   name shows no organisation. Never named on a page or in an extract.
5. Name forms: public bodies first (an "NHS Trust" is not a charitable trust), then VCSE legal
   forms and marks.
6. Anything else is `other`.

Where the organisation registers (charities, companies, mutuals, housing providers) know the
payee, their legal form decides before these rules; warehouse/spend_marts.py has the full order.
"""

from __future__ import annotations

from dataclasses import dataclass

from basics.duck import literal

VCSE_LEGAL_FORMS = ("charity", "CIO", "CIC", "community benefit society",
                    "company limited by guarantee")
PUBLIC_LEGAL_FORMS = ("local authority", "NHS body")


@dataclass(frozen=True)
class NameRule:
    """A supplier class recognised from words in the supplier's name."""

    supplier_class: str
    pattern: str  # a regular expression over the lower-cased name
    evidence: str


NAME_RULES = [
    NameRule("public_body", r"\b(nhs|integrated care board|icb|clinical commissioning group)\b",
             "name shows an NHS body"),
    NameRule("public_body", r"\b(borough|county|city|district|parish|town) council\b|"
             r"\bcouncil of\b|\bcombined authority\b", "name shows a council"),
    NameRule("public_body", r"\b(hm revenue|hmrc|hm courts|department for|ministry of|"
             r"police|fire and rescue|dvla|environment agency)\b",
             "name shows a government body"),
    NameRule("vcse", r"\b(cic|community interest company)\b",
             "name shows a community interest company"),
    NameRule("vcse", r"\b(cio|charitable incorporated organi[sz]ation)\b",
             "name shows a charitable incorporated organisation"),
    NameRule("vcse", r"\b(community benefit society|co-?operative|mutual)\b",
             "name shows a community benefit society or co-operative"),
    NameRule("vcse", r"\b(charity|charitable|trust|foundation|age uk|mind|citizens advice|"
             r"barnardo|scouts|guides|ymca|hospice|church|befrienders|voluntary|"
             r"community association)\b", "name shows a charity or voluntary group"),
]


def name_rules_sql(name: str) -> tuple[str, str]:
    """SQL CASE expressions (class, evidence) applying NAME_RULES to the SQL expression `name`."""
    lowered = f"lower({name})"
    cls = " ".join(f"when regexp_matches({lowered}, '{r.pattern}') then '{r.supplier_class}'"
                   for r in NAME_RULES)
    evidence = " ".join(
        f"when regexp_matches({lowered}, '{r.pattern}') then {literal(r.evidence + ' (')} || "
        f"regexp_extract({lowered}, '{r.pattern}') || ')'" for r in NAME_RULES)
    return f"case {cls} end", f"case {evidence} end"


def legal_form_sql(form: str) -> str:
    """SQL: the supplier class of a legal form from the partner register."""
    vcse = ", ".join(f"'{f.lower()}'" for f in VCSE_LEGAL_FORMS)
    public = ", ".join(f"'{f.lower()}'" for f in PUBLIC_LEGAL_FORMS)
    return (f"case when lower({form}) in ({vcse}) then 'vcse' "
            f"when lower({form}) in ({public}) then 'public_body' else 'other' end")


def outward_sql(postcode: str) -> str:
    """SQL: a postcode's outward code ('OL1 3AB' -> 'OL1'): all but its last three characters."""
    compact = f"upper(replace({postcode}, ' ', ''))"
    return f"case when length({compact}) between 5 and 7 then left({compact}, -3) end"


def is_local_sql(postcode: str, local_areas: str) -> str:
    """SQL: TRUE when the postcode's outward code (e.g. 'SE25') or its area letters (e.g. 'OL')
    is one of the council's local areas (a list column); NULL when there is no postcode."""
    outward = outward_sql(postcode)
    return (f"case when {outward} is null then null else list_contains({local_areas}, {outward})"
            f" or list_contains({local_areas}, regexp_extract({outward}, '^[A-Z]+')) end")
