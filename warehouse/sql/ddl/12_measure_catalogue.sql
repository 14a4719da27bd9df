-- Measure catalogues: outcome measures with their financial proxies and SROI adjustments, one
-- catalogue per framework and edition (a new file of the same edition replaces it).
create table if not exists staging.measure_catalogue (
    framework           varchar not null,
    edition             varchar not null,
    code                varchar not null,  -- unique within the framework and edition
    theme               varchar not null,  -- jobs | growth | social | environment | innovation
    outcome             varchar,
    unit                varchar,
    proxy_value_gbp     decimal(18,2) not null,  -- negative for a harm
    price_year          integer not null,
    source              varchar,
    licence             varchar not null,
    deadweight          double not null,   -- shares in [0, 1)
    attribution         double not null,
    displacement        double not null,
    drop_off            double not null,
    benefit_years       integer not null,
    discount_schedule   varchar not null,  -- standard | health (Green Book rates)
    overlaps_with       varchar,           -- a code whose value this one would double-count
    sensitive_cohort    boolean not null,
    counts              varchar not null default 'people',  -- people | households | tenancies |
                                       -- not people: what disclosure control treats the unit as
    counts_declared     varchar,           -- the file's own words for it (null when blank)
    benefit_start_year  integer default 0, -- years after the outcome before benefits begin
    catalogue           varchar not null,  -- '<framework>:<edition>', the load's scope
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
