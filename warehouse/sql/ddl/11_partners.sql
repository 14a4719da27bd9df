-- The partners register: one row per organisation per partnership (a new register replaces it).
create table if not exists staging.partners (
    partnership_id      varchar not null,
    org_id              varchar not null,  -- org-id.guide: 'GB-CHC-1234567', 'GB-COH-01234567'
    name                varchar not null,
    role                varchar not null,  -- lead | member | design partner | council
    legal_form          varchar not null,  -- charity | CIO | CIC | ... | local authority | NHS body
    vcse                boolean not null,
    registered_postcode varchar,
    asset_lock          boolean,
    source              varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
