-- Grants published to the 360Giving Data Standard (1.4), from JSON packages or spreadsheets.
create table if not exists staging.grants (
    grant_id            varchar not null,  -- '360G-...'
    title               varchar not null,
    description         varchar not null,
    currency            varchar not null,
    amount_awarded      decimal(18,2) not null,
    award_date          date not null,
    planned_start       date,
    planned_end         date,
    recipient_org_id    varchar,           -- null for a grant to an individual
    recipient_org_name  varchar,
    recipient_postcode  varchar,
    funder_org_id       varchar not null,
    funder_org_name     varchar not null,
    beneficiary_location_name varchar,
    beneficiary_location_code varchar,
    grant_json          json not null,     -- the grant as a 360Giving object, to re-publish
    publisher           varchar not null,  -- the load's scope: the file's one funder, or its stem
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
