"""The many names public bodies give the columns of a spend file, mapped to one vocabulary.

Each field of a Transparency Code spend line is listed with the headers bodies use for it, most
specific first (the list grew from the real files' headers, and from the header variants ODI
Leeds mapped by hand over years of councils' files). Headers are compared after normalising
case, punctuation, currency signs and run-together words, so "Amount (£)", "AMOUNT", "amount £"
and "NetAmount" read as "amount" and "net amount". A header no list knows still says something
through its words: "Invoice GL Date" mentions a date, "Spend" an amount. Those words are one half
of the evidence for a column; what the column holds is the other (sources/spend/content.py).
A council profile's `columns:` section overrides both for that council.
"""

from __future__ import annotations

from sources.headers import normalise_header

REQUIRED = ("date", "amount", "beneficiary")

SYNONYMS: dict[str, list[str]] = {
    "date": ["payment date", "date paid", "paid date", "invoice payment date", "date of payment",
             "pay date", "payment processed date", "transaction date", "posting date",
             "clearing date", "date of transaction", "gl date", "invoice gl date",
             "certified date", "payment run date", "paid on", "effective date", "date"],
    "net": ["net amount", "net", "net value", "amount excluding vat", "amount excl vat",
            "net amount excluding vat", "amount ex vat", "net amount gbp", "net total",
            "value excluding vat", "value exc vat"],
    "amount": ["amount", "amount paid", "payment amount", "transaction amount", "value",
               "line amount", "invoiced value", "invoice value", "spend", "amount gbp",
               "total", "expenditure", "sum of amount", "paid amount", "value gbp"],
    "gross": ["gross", "gross amount", "gross value", "amount including vat", "amount inc vat",
              "total including vat", "gross total"],
    "vat": ["vat", "vat amount", "vat recoverable", "recoverable vat", "irrecoverable vat"],
    "beneficiary": ["supplier name", "supplier", "beneficiary", "beneficiary name",
                    "benificiary name", "payee", "payee name", "vendor name", "vendor",
                    "creditor name", "creditor", "merchant name", "recipient", "recipient name",
                    "supplier id t", "supplier name t", "name of supplier", "paid to"],
    "department": ["department", "directorate", "service area", "service division",
                   "department family", "portfolio", "strgrpcc t", "division",
                   "organisational unit", "organisation unit"],
    "service": ["service", "service name", "service label", "service label t", "cost centre",
                "cost centre description", "section", "team", "business unit description"],
    "expense_type": ["expenses type", "expense type", "expenditure category", "expense area",
                     "g l description", "gl description", "account description",
                     "expense description", "expense code description", "subjective",
                     "subjective description", "cipfsubj t", "category",
                     "expenditure account code description", "expenditure account",
                     "category family"],
    "purpose": ["purpose", "purpose of expenditure", "purpose of spend", "description",
                "narrative", "details", "transaction description"],
    "transaction": ["transaction number", "transaction no", "transaction ref",
                    "transaction reference", "transaction id", "sap document number",
                    "document number", "document no", "payment reference", "payment ref",
                    "transno", "trans no", "voucher number", "invoice number", "invoice no",
                    "reference", "payment number", "journal number"],
    "body": ["body name", "authority name", "body", "organisation name", "council",
             "organisation label"],
    "supplier_id": ["supplier id", "supplier number", "supplier code", "vendor id",
                    "vendor number", "creditor number", "creditor id", "address book no"],
    "merchant_category": ["merchant category", "merchant category code", "proclass",
                          "procurement category", "procurement classification"],
    "charity_number": ["charity number", "charity no", "registered charity number",
                       "charity registration number"],
    "company_number": ["company number", "company registration number", "company no",
                       "companies house number"],
    "org_id": ["org id", "organisation identifier", "supplier org id"],
    "postcode": ["supplier postcode", "postcode", "post code"],
}

# Words that, anywhere in a header, point at a field: weaker evidence than a known name.
KEYWORDS: dict[str, set[str]] = {
    "date": {"date", "dated"},
    "amount": {"amount", "value", "spend", "spent", "net", "gross", "total", "cost", "paid",
               "payment", "expenditure", "sum", "gbp", "price", "charge"},
    "beneficiary": {"supplier", "vendor", "payee", "beneficiary", "benificiary", "creditor",
                    "recipient", "merchant", "contractor", "provider", "company"},
    "transaction": {"transaction", "trans", "transno", "document", "doc", "reference", "ref",
                    "invoice", "voucher", "journal", "receipt"},
}
# Words of a header that names a code or a number, not an amount of money.
IDENTIFIER_WORDS = {"id", "no", "number", "num", "code", "ref", "reference", "account", "key",
                    "seq", "sequence", "year", "period", "month", "urn", "uri"}
# Fields whose column a file must have (an amount may come as net, gross or amount).
AMOUNT_FIELDS = ("net", "amount", "gross")


_LOOKUP = {
    normalise_header(name): field for field, names in SYNONYMS.items() for name in names
}
_RANK = {
    normalise_header(name): index for names in SYNONYMS.values()
    for index, name in enumerate(names)
}


def field_for(header: str) -> str | None:
    """The spend field a header names, if the synonym map knows it."""
    return _LOOKUP.get(normalise_header(header))


def synonym_rank(header: str) -> float:
    """How specific a known header is within its field's list: 1 for the first (most specific),
    falling towards 0 for a general one like 'date'."""
    form = normalise_header(header)
    field = _LOOKUP.get(form)
    if field is None:
        return 0.0
    return 1 - _RANK[form] / len(SYNONYMS[field])


def header_words(header: str) -> set[str]:
    words = set(normalise_header(header).split())
    if "£" in header:
        words.add("gbp")
    return words


def keyword_fields(header: str) -> set[str]:
    """The key fields a header's words point at ('Invoice GL Date' -> date, transaction)."""
    words = header_words(header)
    return {field for field, keys in KEYWORDS.items() if words & keys}


def header_score(cells: list[str]) -> int:
    """How much a row looks like a spend file's header: two points for each field it names by
    a known header, one for each other cell whose words point at a key field."""
    known = {field_for(c) for c in cells if c and field_for(c)}
    hinted = sum(1 for c in cells if c and not field_for(c) and keyword_fields(c))
    return 2 * len(known) + hinted
