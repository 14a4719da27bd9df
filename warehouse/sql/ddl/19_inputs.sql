-- The inputs register: what went into each partnership besides the lead council's payments and
-- 360Giving grants: money from any funder, in-kind support at its stated value, staff and
-- volunteers' time (hours x a stated hourly rate). A new register replaces the last one.
create table if not exists staging.inputs (
    input_id            varchar,           -- the register's own reference, if it has one
    partnership_id      varchar not null,
    partner_org_id      varchar,           -- the partner it went to, when it went to one
    contributor         varchar not null,  -- the funder or contributor, by name
    contributor_org_id  varchar,
    kind                varchar not null,  -- money | in-kind | staff time | volunteer time
    description         varchar,
    hours               double,            -- time: hours given
    hourly_rate_gbp     decimal(18,2),     -- time: the stated rate per hour
    rate_source         varchar,           -- where the rate comes from
    amount_gbp          decimal(18,2) not null,  -- the value: as given, or hours x rate
    start_date          date not null,
    end_date            date,              -- spread over start..end by days, like a grant
    source              varchar not null,  -- the document it is recorded in
    evidence_grade      varchar not null,  -- A-D, as for outcomes
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
