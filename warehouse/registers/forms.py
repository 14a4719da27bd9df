"""What each register's legal forms say about VCSE status, in plain words and as a verdict.

A verdict is `vcse` (the form is a voluntary, community or social enterprise form: a registered
charity, a CIO, a community interest company, a community benefit or co-operative society, a
non-profit housing association), `public_body` (a local authority, a further education
corporation), `other` (a form of private business: a company limited by shares, a partnership, a
building society) or `undetermined`: the form allows either, and the register cannot tell. A
company limited by guarantee is the common case: charities and community groups use it, and so
do councils' own companies, trade bodies and residents' management companies. An undetermined
match is kept as evidence, and the payee is classed by the other registers or its name.
"""

from __future__ import annotations

from basics.duck import literal

VCSE, PUBLIC, OTHER, UNDETERMINED = "vcse", "public_body", "other", "undetermined"

# Companies House `CompanyCategory` (lower case) -> (legal form, verdict). Categories not listed
# are forms of private business.
COMPANY_CATEGORIES = {
    "community interest company": ("community interest company", VCSE),
    "charitable incorporated organisation": ("charitable incorporated organisation", VCSE),
    "scottish charitable incorporated organisation":
        ("Scottish charitable incorporated organisation", VCSE),
    "registered society": ("registered society (co-operative or community benefit)", VCSE),
    "industrial and provident society":
        ("industrial and provident society (co-operative or community benefit)", VCSE),
    "pri/ltd by guar/nsc (private, limited by guarantee, no share capital)":
        ("company limited by guarantee", UNDETERMINED),
    "pri/lbg/nsc (private, limited by guarantee, no share capital, use of 'limited' exemption)":
        ("company limited by guarantee", UNDETERMINED),
    "royal charter company": ("royal charter company", UNDETERMINED),
    "further education and sixth form college corps":
        ("further education corporation", PUBLIC),
}

# FCA Mutuals Public Register `Registered As` (lower case) -> verdict; unlisted: undetermined.
SOCIETY_TYPES = {
    "community benefit society": VCSE,
    "co-operative society": VCSE,
    "pre-2014 act society": VCSE,
    "registered society": VCSE,
    "credit union": VCSE,
    "benevolent society": VCSE,
    "working men's club": VCSE,
    "building society": OTHER,
    "friendly society": OTHER,
    "incorporated friendly society": OTHER,
}

# Regulator of Social Housing `Corporate form` (lower case) of a non-profit provider that shows
# it is itself a VCSE organisation; a non-profit "Company" may be a council's own (an ALMO).
HOUSING_VCSE_FORMS = ("registered society", "charitable company", "charity",
                      "cio-charitable incorporated organisation",
                      "charitable incorporated organisation", "unincorporated charity")


def _case(expr: str, mapping: dict[str, str], default: str) -> str:
    whens = " ".join(f"when {literal(k)} then {literal(v)}" for k, v in mapping.items())
    return f"(case lower(trim({expr})) {whens} else {default} end)"


def company_form_sql(category: str) -> str:
    """SQL: the legal form of a Companies House category, in plain words."""
    forms = {k: form for k, (form, _) in COMPANY_CATEGORIES.items()}
    return _case(category, forms, f"lower({category})")


def company_verdict_sql(category: str) -> str:
    verdicts = {k: verdict for k, (_, verdict) in COMPANY_CATEGORIES.items()}
    return _case(category, verdicts, literal(OTHER))


def society_verdict_sql(registered_as: str) -> str:
    return _case(registered_as, SOCIETY_TYPES, literal(UNDETERMINED))


def housing_verdict_sql(designation: str, corporate_form: str) -> str:
    forms = ", ".join(literal(f) for f in HOUSING_VCSE_FORMS)
    return (f"(case lower(trim({designation})) when 'local authority' then '{PUBLIC}' "
            f"when 'profit' then '{OTHER}' when 'non-profit' then (case when "
            f"lower(trim({corporate_form})) in ({forms}) then '{VCSE}' else '{UNDETERMINED}' "
            f"end) else '{UNDETERMINED}' end)")
