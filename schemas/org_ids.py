"""What an organisation identifier looks like (org-id.guide): a list prefix, then the identifier
that list gives the organisation.

The lists the pipeline meets most have known identifier shapes, checked exactly; any other list
(`GB-MPR-`, `GB-NHS-`, `GB-EDU-`, `XI-GRID-` ...) is accepted in the general form: a country or
`XI`, a list code, then the identifier.
"""

from __future__ import annotations

ORG_ID = "|".join([
    r"GB-COH-[A-Z0-9]{8}",   # Companies House: 8 characters, leading zeros kept
    r"GB-CHC-[0-9]{1,8}",    # Charity Commission for England and Wales
    r"GB-SC-SC[0-9]{6}",     # Scottish Charity Regulator
    r"GB-NIC-[0-9]{1,6}",    # Charity Commission for Northern Ireland
    r"GB-LAE-[A-Z]{3}",      # English local authorities: 3-letter register code
    r"(?!GB-(COH|CHC|SC|NIC|LAE)-)[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9][A-Za-z0-9._/-]*",
])
LOCAL_AUTHORITY = r"GB-LAE-.+"
