-- The partnerships register: one row per council-VCSE partnership (a new register replaces it).
create table if not exists staging.partnerships (
    partnership_id      varchar not null,  -- slug: 'oldham-social-prescribing'
    name                varchar not null,
    lead_council        varchar,           -- the lead council's slug: 'oldham'
    lead_council_org_id varchar not null,  -- 'GB-LAE-OLD'
    commissioning_route varchar not null,  -- innovation partnership | alliance contract | grant | ...
    start_date          date not null,
    end_date            date,
    contract_value_gbp  decimal(18,2),
    contract_value_note varchar,
    description         varchar,
    source              varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
