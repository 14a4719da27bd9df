-- marts.partnership_grants: the 360Giving grants (in pounds) to the partners of each
-- partnership from funders other than its lead council, one row per partnership and grant, as
-- the funder published it (`grant_json`).
create or replace table marts.partnership_grants as
select p.partnership_id, g.grant_id, g.title, g.description,
       g.amount_awarded as amount_awarded_gbp, g.award_date, g.planned_start,
       g.planned_end, g.recipient_org_id, g.recipient_org_name, g.funder_org_id,
       g.funder_org_name, g.beneficiary_location_name, g.beneficiary_location_code,
       g.publisher, g.source_file, g.grant_json
from staging.grants g
join staging.partners p on p.org_id = g.recipient_org_id and p.role <> 'council'
join staging.partnerships pt on pt.partnership_id = p.partnership_id
where g.funder_org_id is distinct from pt.lead_council_org_id
  and g.currency = 'GBP'
