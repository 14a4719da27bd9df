-- The price index that restates proxy values and inputs in one price year.
create table if not exists staging.price_index (
    year                integer not null,
    index               double not null,
    source              varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
