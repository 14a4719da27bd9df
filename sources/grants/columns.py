"""The 360Giving fields the pipeline keeps: their spreadsheet headers and places in the JSON.

A 360Giving spreadsheet names each column after the JSON path it flattens (`Recipient
Org:Identifier` is `recipientOrganization[0].id`). A JSON package is flattened into the same
columns, so both forms are typed and validated by the same SQL.
"""

from __future__ import annotations

from sources.headers import Column

# (field, spreadsheet header, JSON path, the spreadsheet must have it)
FIELDS = [
    ("grant_id", "Identifier", ("id",), True),
    ("title", "Title", ("title",), True),
    ("description", "Description", ("description",), True),
    ("currency", "Currency", ("currency",), True),
    ("amount_awarded", "Amount Awarded", ("amountAwarded",), True),
    ("award_date", "Award Date", ("awardDate",), True),
    ("planned_start", "Planned Dates:Start Date", ("plannedDates", "startDate"), False),
    ("planned_end", "Planned Dates:End Date", ("plannedDates", "endDate"), False),
    ("recipient_org_id", "Recipient Org:Identifier", ("recipientOrganization", "id"), False),
    ("recipient_org_name", "Recipient Org:Name", ("recipientOrganization", "name"), False),
    ("recipient_postcode", "Recipient Org:Postal Code",
     ("recipientOrganization", "postalCode"), False),
    ("recipient_ind_id", "Recipient Ind:Identifier", ("recipientIndividual", "id"), False),
    ("recipient_ind_name", "Recipient Ind:Name", ("recipientIndividual", "name"), False),
    ("funder_org_id", "Funding Org:Identifier", ("fundingOrganization", "id"), True),
    ("funder_org_name", "Funding Org:Name", ("fundingOrganization", "name"), True),
    ("beneficiary_location_name", "Beneficiary Location:Name",
     ("beneficiaryLocation", "name"), False),
    ("beneficiary_location_code", "Beneficiary Location:Geographic Code",
     ("beneficiaryLocation", "geoCode"), False),
]

COLUMNS = tuple(Column(field, (header,), required) for field, header, _, required in FIELDS)
HEADERS = {field: header for field, header, _, _ in FIELDS}
JSON_PATHS = {header: path for _, header, path, _ in FIELDS}
# A grant goes to an organisation or to an individual: a spreadsheet needs one or the other.
RECIPIENT_COLUMNS = ("recipient_org_id", "recipient_ind_id")
