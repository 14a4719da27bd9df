"""SQL typing landed grants (from either form) and writing each as a 360Giving JSON object."""

from __future__ import annotations

from basics.cells import Cells

STAGED = ["grant_id", "title", "description", "currency", "amount_awarded", "award_date",
          "planned_start", "planned_end", "recipient_org_id", "recipient_org_name",
          "recipient_postcode", "funder_org_id", "funder_org_name", "beneficiary_location_name",
          "beneficiary_location_code", "grant_json"]


def typed_grants_sql(c: Cells, landed: str, published_json: str | None) -> str:
    """Typed grants; `published_json` is the landed column holding each grant as published (a
    JSON package), else the grant is written out from its spreadsheet columns."""
    texts = ["grant_id", "title", "description", "recipient_org_id", "recipient_org_name",
             "recipient_postcode", "recipient_ind_id", "recipient_ind_name", "funder_org_id",
             "funder_org_name", "beneficiary_location_name", "beneficiary_location_code"]
    published = f"{published_json}::json" if published_json else "null::json"
    return f"""
with parsed as (
    select
        source_row,
        extra_cells,
        {', '.join(f"{c.text(t)} as {t}" for t in texts)},
        {c.upper('currency')} as currency,
        {c.money('amount_awarded')} as amount_awarded,
        {c.raw('amount_awarded')} as amount_awarded_raw,
        {c.date('award_date')} as award_date,
        {c.raw('award_date')} as award_date_raw,
        {c.date('planned_start')} as planned_start,
        {c.raw('planned_start')} as planned_start_raw,
        {c.date('planned_end')} as planned_end,
        {c.raw('planned_end')} as planned_end_raw,
        {published} as published_json
    from {landed}
)
select
    * exclude (published_json),
    coalesce(published_json, {_grant_object()}) as grant_json,
    grant_id is null or count(*) over (partition by grant_id) = 1 as id_unique,
    funder_org_id is not null and funder_org_name is not null as funder_identified,
    (recipient_org_id is not null and recipient_org_name is not null)
        or (recipient_ind_id is not null and recipient_ind_name is not null)
        as recipient_identified
from parsed
order by source_row
"""


def _grant_object() -> str:
    """The grant in 360Giving JSON from its spreadsheet columns, leaving out what is blank."""
    day = "strftime({}, '%Y-%m-%d')".format
    return _object(
        ("id", "grant_id"), ("title", "title"), ("description", "description"),
        ("currency", "currency"), ("amountAwarded", "amount_awarded"),
        ("awardDate", day("award_date")),
        ("plannedDates", _list_of(("startDate", day("planned_start")),
                                  ("endDate", day("planned_end")))),
        ("recipientOrganization", _list_of(("id", "recipient_org_id"),
                                           ("name", "recipient_org_name"),
                                           ("postalCode", "recipient_postcode"))),
        ("recipientIndividual", _given(("id", "recipient_ind_id"),
                                       ("name", "recipient_ind_name"))),
        ("fundingOrganization", _list_of(("id", "funder_org_id"),
                                         ("name", "funder_org_name"))),
        ("beneficiaryLocation", _list_of(("name", "beneficiary_location_name"),
                                         ("geoCode", "beneficiary_location_code"))),
    )


def _object(*members: tuple[str, str]) -> str:
    # json_merge_patch onto {} drops the members whose value is null (RFC 7396).
    pairs = ", ".join(f"'{key}', {value}" for key, value in members)
    return f"json_merge_patch('{{}}', json_object({pairs}))"


def _given(*members: tuple[str, str]) -> str:
    """The object, or null when every member is blank."""
    any_given = " or ".join(f"{value} is not null" for _, value in members)
    return f"(case when {any_given} then {_object(*members)} end)"


def _list_of(*members: tuple[str, str]) -> str:
    """A one-item array of the object, or null when every member is blank."""
    any_given = " or ".join(f"{value} is not null" for _, value in members)
    return f"(case when {any_given} then json_array({_object(*members)}) end)"
