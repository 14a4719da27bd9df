"""The many names councils give the columns of a spend file, mapped to one vocabulary.

Each field of a Transparency Code spend line is listed with the headers councils use for it, most
specific first. Headers are compared after normalising case, punctuation and currency signs, so
"Amount (£)", "AMOUNT" and "amount £" are the same header. A council profile's `columns:` section
overrides this map for that council.
"""

from __future__ import annotations

import re

REQUIRED = ("date", "amount", "beneficiary")

SYNONYMS: dict[str, list[str]] = {
    "date": ["payment date", "date paid", "paid date", "invoice payment date", "date of payment",
             "pay date", "transaction date", "posting date", "payment processed date",
             "date of transaction", "effective date", "date"],
    "net": ["net amount", "net", "net value", "amount excluding vat", "amount excl vat",
            "net amount excluding vat", "amount ex vat"],
    "amount": ["amount", "amount paid", "payment amount", "transaction amount", "value",
               "line amount", "total", "expenditure", "sum of amount"],
    "gross": ["gross", "gross amount", "gross value", "amount including vat", "amount inc vat",
              "total including vat"],
    "vat": ["vat", "vat amount", "vat recoverable", "recoverable vat", "irrecoverable vat"],
    "beneficiary": ["supplier name", "supplier", "beneficiary", "beneficiary name", "payee",
                    "payee name", "vendor name", "vendor", "creditor name", "creditor",
                    "merchant name", "recipient", "supplier id t"],
    "department": ["department", "directorate", "service area", "service division",
                   "department family", "portfolio", "strgrpcc t", "division"],
    "service": ["service", "service name", "service label", "cost centre",
                "cost centre description", "section", "team"],
    "expense_type": ["expenses type", "expense type", "expenditure category", "expense area",
                     "g l description", "gl description", "account description",
                     "expense description", "subjective", "subjective description",
                     "cipfsubj t", "category"],
    "purpose": ["purpose", "purpose of expenditure", "description", "narrative", "details",
                "transaction description"],
    "transaction": ["transaction number", "transaction no", "transaction ref",
                    "transaction reference", "transaction id", "sap document number",
                    "document number", "payment reference", "payment ref", "transno",
                    "trans no", "voucher number", "invoice number", "reference"],
    "body": ["body name", "authority name", "body", "organisation name", "council"],
    "supplier_id": ["supplier id", "supplier number", "supplier code", "vendor id",
                    "vendor number", "creditor number", "creditor id"],
    "merchant_category": ["merchant category", "merchant category code", "proclass",
                          "procurement category"],
    "charity_number": ["charity number", "charity no", "registered charity number",
                       "charity registration number"],
    "company_number": ["company number", "company registration number", "company no",
                       "companies house number"],
    "org_id": ["org id", "organisation identifier", "supplier org id"],
    "postcode": ["supplier postcode", "postcode", "post code"],
}


def normalise_header(text: str) -> str:
    """A header reduced to lower-case words: 'Amount (£)' -> 'amount',
    'G/L description.' -> 'g l description'."""
    text = text.replace("£", " ").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_LOOKUP = {
    normalise_header(name): field for field, names in SYNONYMS.items() for name in names
}


def field_for(header: str) -> str | None:
    """The spend field a header names, if the synonym map knows it."""
    return _LOOKUP.get(normalise_header(header))


def header_score(cells: list[str]) -> int:
    """How many cells of a row are known spend headers: the header row scores highest."""
    return len({field_for(c) for c in cells if c and field_for(c)})
