-- Each partnership's own scores against the nine principles and five correctives.
create table if not exists staging.self_assessments (
    partnership_id      varchar not null,
    period              varchar not null,  -- '2024-25'
    framework           varchar not null,  -- principle | corrective
    item_code           varchar not null,  -- P1-P9 | C1-C5
    item_title          varchar,
    score               integer not null,  -- 0 to 5
    assessor            varchar,
    notes               varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
