-- The open registers of organisations, each as its publisher lays it out (the columns the
-- matching reads), with lineage. A new file replaces its register (Companies House: its part).

create table if not exists staging.register_charities_ew (
    number              varchar not null,  -- registered charity number, e.g. '1079327'
    linked_number       integer not null,  -- 0 for the main charity
    name                varchar not null,
    charity_type        varchar,
    status              varchar,           -- 'Registered' | 'Removed'
    registered_on       date,
    removed_on          date,
    company_number      varchar,           -- the charity's company, 8 characters
    postcode            varchar,
    extract_date        date,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);

create table if not exists staging.register_charities_scotland (
    number              varchar not null,  -- 'SC012345'
    name                varchar not null,
    known_as            varchar,
    status              varchar,
    registered_on       date,
    ceased_on           date,
    constitutional_form varchar,
    postcode            varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);

create table if not exists staging.register_charities_ni (
    number              varchar not null,  -- '100002'
    sub_number          integer not null,  -- 0 for the main charity
    name                varchar not null,
    status              varchar,
    registered_on       date,
    company_number      varchar,           -- 'NI012345'
    address             varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);

create table if not exists staging.register_companies (
    part                varchar not null,  -- 'whole' or the part of the register, 'part3of7'
    number              varchar not null,  -- '03861209', 'SC123456'
    name                varchar not null,
    category            varchar,           -- CompanyCategory as published
    status              varchar,           -- CompanyStatus as published
    dissolved_on        date,
    incorporated_on     date,
    postcode            varchar,
    sic_1               varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);

create table if not exists staging.register_mutuals (
    number              varchar not null,  -- full registration number, '31442R'
    name                varchar not null,
    registered_as       varchar,           -- 'Community Benefit Society', 'Co-operative Society'
    status              varchar,           -- 'Registered' | 'Deregistered' ...
    registered_on       date,
    deregistered_on     date,
    address             varchar,
    registration_act    varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);

create table if not exists staging.register_housing_providers (
    number              varchar not null,  -- 'L0659', '4851', '00BP'
    name                varchar not null,
    designation         varchar,           -- 'Non-profit' | 'Profit' | 'Local authority'
    corporate_form      varchar,
    registered_on       date,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
