"""Who is a private individual among the payees of a council's spend: never named on a page or in
an extract.

The Local Government Transparency Code has councils redact payments to individuals, and treats
the names of sole traders and other individuals as personal data. Councils do not always do it:
foster carers, people on direct payments, councillors and sole traders appear by name in real
files. A payee is taken to be an individual, unless its name carries a mark of an organisation
(a legal form, a public body, a trading or institutional word), when:

1. the name has a person's title: `Mr John Smith`, `MR R BLITZ`, `Mr.John Smithson`,
   `Mx Sam Jones`, `Foster carer - Ms Pat Red`;
2. the name is written surname first: `Smith, John`, `SMITH, J`;
3. the name is a sole trader's: `Matthew Filippi t/a MEF Electrical`;
4. the name is a person's name: a known given name then a surname (`Jane Doe`,
   `SUSAN WILKINSON`), or initials then a surname (`J R Smith`), with post-nominals allowed
   (`Anne Studd QC`);
5. the payment's expense type is one that pays individuals (foster care allowances, direct
   payments, personal budgets, adoption allowances, special guardianship, ...), whatever the name
   looks like.

The rules err on the side of not naming: a firm named after its founder with no word such as
`Ltd` or `Solicitors` (`John Lewis`) is not named either; the payment still counts in every
total. Given names are the US Census Bureau's 1990 list of first names (public domain) and the
given names of Faker's person providers for the languages most spoken in England (MIT licence),
in `given_names.txt`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

GIVEN_NAMES_FILE = Path(__file__).with_name("given_names.txt")

# Words that mark an organisation, matched as whole words of the lower-cased name. Strong marks
# (legal forms, public bodies, institutions) hold even beside a person's title ("MS Society");
# weak ones (connectors and trading words) do not ("Mr & Mrs J Smith" are foster carers).
# Words that are also common surnames (Hall, Mills, Church, Power, Law, ...) are left out: a
# person called Jane Hall must not be named for it.
STRONG_WORDS = (
    "ltd", "limited", "plc", "llp", "lp", "cic", "cio", "inc", "incorporated", "corp",
    "corporation", "company", "companies", "gmbh", "llc", "pty", "holdings", "group",
    "council", "councils", "borough", "county", "authority", "authorities", "nhs", "trust",
    "trustees", "foundation", "charity", "charitable", "association", "society", "federation",
    "institute", "institution", "college", "university", "school", "schools", "academy",
    "academies", "nursery", "nurseries", "parish", "diocese", "mosque", "hospital", "hospice",
    "surgery", "clinic", "pharmacy", "police", "department", "ministry", "agency", "commission",
    "committee", "club", "union", "league", "alliance", "forum", "centre", "center", "bank",
    "insurance", "assurance", "mutual", "cooperative", "co-operative", "coop", "hmrc", "dvla",
    "government", "partnership", "partners", "ymca", "ywca", "scouts", "guides", "brigade",
    "fund", "mbc", "cc", "limi", "unltd",
)
WEAK_WORDS = (
    "co", "and", "&", "sons", "son", "bros", "brothers", "partners", "associates", "enterprises",
    "enterprise", "ventures", "international", "industries", "trading", "traders", "sa", "ag",
    "bv", "nv", "srl", "fire", "office", "board", "network", "project", "projects",
    "programme", "building", "national", "royal", "community", "housing", "homes", "home",
    "estates", "properties", "property", "lettings", "developments", "services", "service",
    "solutions", "systems", "consulting", "consultancy", "consultants", "management", "training",
    "care", "healthcare", "health", "medical", "dental", "support", "supplies", "supply",
    "products", "equipment", "engineering", "construction", "builders", "contractors",
    "contracting", "electrical", "electrics", "plumbing", "heating", "roofing", "joinery",
    "landscapes", "landscaping", "gardens", "cleaning", "security", "transport", "travel",
    "taxis", "taxi", "cars", "coaches", "motors", "garage", "logistics", "removals", "storage",
    "catering", "foods", "food", "restaurant", "cafe", "hotel", "hotels", "inn", "shop", "shops",
    "store", "stores", "stationers", "printing", "print", "printers", "media", "design",
    "designs", "studio", "studios", "productions", "events", "entertainment", "music", "arts",
    "theatre", "sports", "sport", "leisure", "fitness", "gym", "technology", "technologies",
    "tech", "digital", "software", "computers", "computing", "communications", "telecom",
    "telecoms", "networks", "energy", "gas", "electric", "environmental", "waste", "recycling",
    "hire", "rentals", "direct", "online", "uk", "gb", "europe", "british", "england",
    "scotland", "northern", "yorkshire", "legal", "solicitors", "solicitor", "chambers",
    "barristers", "accountants", "accountancy", "surveyors", "architects", "agents", "estate",
    "recruitment", "staffing", "personnel", "resourcing", "publishing", "publications", "news",
    "books", "library", "learning", "education", "educational", "tutoring", "childcare",
    "daycare", "fostering", "adoption", "residential", "nursing", "living", "hair", "beauty",
    "salon", "barbers", "opticians", "optical", "vets", "veterinary", "laboratories", "labs",
    "research", "analytics", "data", "insight", "marketing", "advertising", "translation",
    "interpreting", "interpreters", "languages", "counselling", "therapy", "therapies",
    "wellbeing", "mediation", "advocacy", "advice", "action", "aid", "relief", "rescue",
    "mission", "ministries", "fellowship", "friends", "volunteers", "initiative",
    "collective", "works", "workshop", "factory", "depot", "wholesale", "retail",
    "distribution", "imports", "exports", "manufacturing", "tools", "machinery", "vehicles",
    "fuel", "fuels", "oil", "oils", "chemicals", "paints", "timber", "metals", "concrete",
    "aggregates", "practice", "t/as", "of", "the", "for", "to", "at", "car", "parking", "street",
    "road", "photography", "photographic", "photo", "website", "web", "upholstery", "fabrics",
    "brickwork", "signs", "auctioneers", "auctions", "menswear", "publishers", "promotions",
    "plastering", "plasterers", "fisheries", "settlement", "funeral", "directors", "tuition",
    "carpets", "flooring", "employment", "carvery", "trailers", "shopping", "allotments",
    "topup", "collection", "buildin", "pizza", "butchers", "bakery", "florist", "florists",
    "decorators", "decorating", "skips", "takeaway", "kitchen", "kitchens", "cinema", "cinemas",
    "express", "local", "market", "superstore", "supermarket", "outlet", "warehouse", "arms",
    "tavern", "pub", "bistro", "coffee", "cakes", "toys", "games", "pets", "shoes", "clothing",
    "fashion", "boutique", "interiors", "furniture", "windows", "doors", "glazing", "fencing",
    "paving", "drainage", "scaffolding", "locksmiths", "tyres", "repairs", "maintenance",
    "installations", "lighting", "audio", "video", "sound", "creative", "creatives", "consult",
    "architect", "architecture", "surveys", "associates", "tara", "house", "lodge", "styling",
    "lounge", "nails", "ink", "wallpaper",
)


def _words(words) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9])(" + alternatives + r")(?![a-z0-9])")


STRONG = _words(STRONG_WORDS)
WEAK = _words(WEAK_WORDS)
# Digits, web and e-mail addresses are never in a private person's name; "LB" opens a London
# borough's.
NOT_A_NAME = re.compile(r"\d|@|www\.|\.com\b|\.co\.uk\b|\.org\b|\*|^l\.? ?b\.? ")

TITLES = ("mr", "mrs", "ms", "miss", "mx", "mstr", "master", "messrs", "dr", "sir", "dame",
          "lady", "lord", "rev", "revd", "reverend", "prof", "professor", "cllr", "councillor",
          "fr")
# A title opens the name or follows a label ("Foster carer - Ms Pat Red", "Payee: Mr J Smith").
TITLE = re.compile(r"(?:^|[-:(/,]\s*)(" + "|".join(TITLES) + r")(?:\.\s*|\s+)[a-z]")
POST_NOMINALS = ("qc", "kc", "mbe", "obe", "cbe", "frcs", "frcp", "mrcp", "mrcgp", "phd",
                 "msc", "ba", "bsc", "ma", "jp", "esq", "jnr", "jr", "snr", "sr")
SOLE_TRADER = re.compile(r"^(?P<person>.+?)\s+(?:t/a|t\.a\.|ta|trading as)\s+\S")
WORD = r"[a-z][a-z'’-]*"

# Expense types (also read in the service, purpose and department) that pay individuals, as
# councils word them.
INDIVIDUAL_EXPENSES = re.compile(
    r"foster(ing)?\s*(care|carers?)?\s*(allowance|payment|fee)s?|foster\s*carers?|"
    r"boarding\s*out|direct\s*payments?|personal\s*(budget|assistant|allowance)s?|"
    r"individual\s*budgets?|self[- ]directed\s*support|adoption\s*(allowance|payment)s?|"
    r"special\s*guardian(ship)?|child\s*arrangements?\s*orders?|residence\s*orders?|"
    r"kinship\s*(care|carers?)|connected\s*persons?|staying\s*put|"
    r"leaving\s*care\s*(allowance|grant|payment)s?|care\s*leavers?|shared\s*lives|"
    r"respite\s*carers?|(councillors?|members?)('s)?\s*allowances?|"
    r"carers?('s)?\s*(allowance|grant|payment)s?|client\s*(payment|allowance)s?|"
    r"payments?\s*to\s*(individuals|clients|service\s*users)|"
    r"(allowance|grant)s?\s*to\s*individuals|section\s*17|\bs\.?\s*17\b|"
    r"subsistence\s*payments?")


@dataclass(frozen=True)
class Judgement:
    """Why a payee is taken to be an individual."""

    rule: str
    evidence: str


@cache
def given_names() -> frozenset[str]:
    lines = GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def spoken(name: str) -> str:
    """A payee's name lower-cased, with runs of spaces as one."""
    return " ".join(str(name).lower().split())


def organisation_mark(name: str, strong_only: bool = False) -> str | None:
    """The word (or digit, web address) in the name that shows an organisation, if any."""
    text = spoken(name)
    for pattern in (STRONG, NOT_A_NAME) if strong_only else (STRONG, NOT_A_NAME, WEAK):
        if (found := pattern.search(text)) is not None:
            return found.group(0)
    return None


def individual(name: str | None) -> Judgement | None:
    """Whether a payee named `name` is a private individual, judged from the name alone."""
    if name is None or not str(name).strip():
        return None
    text = spoken(name)
    if organisation_mark(text, strong_only=True):
        return None
    if (title := TITLE.search(text)) is not None:
        return Judgement("title", f"name has a person's title ({title.group(1)})")
    if organisation_mark(text):
        return None
    if (trader := SOLE_TRADER.match(text)) is not None and _looks_like_a_person(
            trader.group("person")):
        return Judgement("sole_trader", "a sole trader's name (t/a)")
    if "," in text:
        surname, _, rest = text.partition(",")
        if (re.fullmatch(WORD, surname.strip()) and rest.strip()
                and _forenames(rest.strip().split())):
            return Judgement("surname_first", "name written surname first, forenames after")
    if _looks_like_a_person(text):
        return Judgement("personal_name", "name is a given name (or initials) and a surname")
    return None


def pays_individuals(*texts: str | None) -> str | None:
    """The words of an expense type (service, purpose) that show a payment to an individual."""
    for text in texts:
        if text is not None and (found := INDIVIDUAL_EXPENSES.search(spoken(text))):
            return found.group(0)
    return None


def _looks_like_a_person(text: str) -> bool:
    """A given name (or initials) then a surname: two to four words of letters."""
    words = text.replace(".", ". ").split()
    while words and words[-1].strip(".") in POST_NOMINALS:
        words = words[:-1]
    words = [w.strip(".") for w in words if w.strip(".")]
    if not 2 <= len(words) <= 4 or not all(re.fullmatch(WORD, w) for w in words):
        return False
    surname, forenames = words[-1], words[:-1]
    # Initials before a surname of two letters read as a word, not a name ("E.ON", "Q Park").
    shortest = 2 if any(len(w) > 1 for w in forenames) else 3
    return len(surname) >= shortest and _forenames(forenames)


def _forenames(words: list[str]) -> bool:
    """Forenames: the first a known given name or an initial, the rest names or initials."""
    words = [w.strip(".") for w in words if w.strip(".")]
    if not words or len(words) > 3 or not all(re.fullmatch(WORD, w) for w in words):
        return False
    # A double given name counts by its first part: Emma-Jane, Sofia-Lyn.
    first = re.split(r"[-'’]", words[0])[0]
    return first in given_names() or (len(first) == 1 and all(
        len(w) == 1 or w in given_names() for w in words))


def judge_payees(names: Iterable[str]) -> pd.DataFrame:
    """One row per payee name: `person_evidence` (why it is an individual's name, or null) and
    `organisation_mark` (the word showing an organisation, or null), for the spend mart."""
    rows = [(name, judgement.evidence if (judgement := individual(name)) else None,
             organisation_mark(name)) for name in names]
    frame = pd.DataFrame(rows, columns=["beneficiary", "person_evidence", "organisation_mark"])
    return frame.astype("string")


# How a payee who is not named is published, on pages and in extracts.
INDIVIDUAL_LABEL = "individual (not named)"
REDACTED_LABEL = "[redacted]"
# The words a council's redaction mark is made of. A mark holding any other word (a name, a
# reference) is not published as it stands: `redaction_label` reads it as plain "redacted".
REDACTION_WORDS = frozenset({
    "redacted", "redaction", "redact", "personal", "data", "withheld", "commercial",
    "commercially", "confidential", "confidentiality", "sensitive", "information", "not",
    "disclosed", "name", "names", "payee", "payees", "supplier", "details", "individual",
    "individuals", "private", "protected", "gdpr", "dpa", "due", "to", "for", "reasons", "of",
    "and", "or", "the", "a",
})


def redaction_label(label: str | None) -> str:
    """A council's redaction mark as it may be published: as written when it holds nothing but
    redaction words ("REDACTED PERSONAL DATA"), otherwise "redacted"."""
    if label is None or (isinstance(label, float) and label != label):
        return "redacted"
    words = re.findall(r"[^\W\d_]+|\d+", str(label).lower())
    return str(label) if words and set(words) <= REDACTION_WORDS else "redacted"
