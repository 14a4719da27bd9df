-- marts.councils: the councils that publish spend (those with a profile or with spend loaded),
-- one row each from the register and their profiles (sources/spend/profiles.py), written from
-- `_profiles`: slug, name, org id, local postcode areas, whether in London, publication cadence
-- and the days a period's file is due after it ends.
create or replace table marts.councils as
select council, name, org_id, local_postcode_areas, london, cadence, publication_lag_days
from _profiles
