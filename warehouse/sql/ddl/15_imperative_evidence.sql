-- Evidence against the social value imperatives: one value per partner, period and field.
create table if not exists staging.imperative_evidence (
    partnership_id      varchar not null,
    partner_org_id      varchar not null,
    period_start        date not null,
    period_end          date not null,
    evidence_field      varchar not null,  -- lowest_hourly_pay, open_book, ...
    value               varchar not null,  -- as given; the imperatives' rules read it
    unit                varchar,
    source_document     varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
