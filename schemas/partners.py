"""The partners register: what a row must be to load.

One row per organisation per partnership: its org-id.guide identifier, role, legal form, whether
it is a VCSE organisation, registered postcode and asset lock. Legal form decides VCSE status: a
charity, CIO, CIC, community benefit society or company limited by guarantee is VCSE; a local
authority or NHS body is not.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import file_schema, required
from schemas.org_ids import ORG_ID
from schemas.partnerships import ID_IS_SLUG, SLUG
from schemas.rules import EXTRA_CELLS, Rule, full_match, holds, is_one_of, readable

ROLES = ("lead", "member", "design partner", "council")
VCSE_FORMS = ("charity", "CIO", "CIC", "community benefit society",
              "company limited by guarantee")
PUBLIC_FORMS = ("local authority", "NHS body")
LEGAL_FORMS = VCSE_FORMS + PUBLIC_FORMS
POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}"

ORG_ID_FORM = Rule("org_id_form", "org_id",
                   "org id missing or not in org-id.guide form (a list prefix such as GB-CHC-, "
                   "GB-COH- with 8 characters, GB-LAE-, then the identifier)", "org_id")
NAME = Rule.filled("name", "organisation name missing")
ROLE = Rule("role_known", "role", f"role missing or not one of: {', '.join(ROLES)}", "role")
LEGAL_FORM = Rule("legal_form_known", "legal_form",
                  f"legal form missing or not one of: {', '.join(LEGAL_FORMS)}", "legal_form")
VCSE = Rule.legible("vcse", "vcse missing or not true/false")
VCSE_FITS = Rule("vcse_fits_legal_form", "vcse",
                 "vcse contradicts the legal form (charities, CIOs, CICs, community benefit "
                 "societies and companies limited by guarantee are VCSE; local authorities and "
                 "NHS bodies are not)", "vcse_raw")
PARTNER_UNIQUE = Rule("partner_unique", "org_id",
                      "the same organisation is listed twice for this partnership", "org_id")
POSTCODE_SHAPE = Rule("postcode_shape", "registered_postcode",
                      "registered postcode is not a UK postcode (e.g. OL1 1AA)",
                      "registered_postcode")
ASSET_LOCK = Rule.legible("asset_lock", "asset lock not true/false")

RULES = {r.name: r for r in [EXTRA_CELLS, ID_IS_SLUG, ORG_ID_FORM, NAME, ROLE, LEGAL_FORM, VCSE,
                             VCSE_FITS, PARTNER_UNIQUE, POSTCODE_SHAPE, ASSET_LOCK]}

SCHEMA = file_schema(
    {
        "partnership_id": required(ID_IS_SLUG, full_match(SLUG, ID_IS_SLUG)),
        "org_id": required(ORG_ID_FORM, full_match(ORG_ID, ORG_ID_FORM)),
        "partner_unique": pa.Column(checks=[holds(PARTNER_UNIQUE)]),
        "name": required(NAME),
        "role": required(ROLE, is_one_of(ROLES, ROLE)),
        "legal_form": required(LEGAL_FORM, is_one_of(LEGAL_FORMS, LEGAL_FORM)),
        "vcse": required(VCSE),
        "vcse_fits_legal_form": pa.Column(checks=[holds(VCSE_FITS)]),
        "registered_postcode": pa.Column(nullable=True, checks=[
            full_match(POSTCODE, POSTCODE_SHAPE)]),
        "asset_lock": pa.Column(nullable=True),
    },
    checks=[readable(ASSET_LOCK)],
    name="partners_register",
)
