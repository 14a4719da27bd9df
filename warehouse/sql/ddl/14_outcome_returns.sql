-- Partners' quarterly outcome returns, partitioned by partnership and financial-year quarter.
create table if not exists staging.outcome_returns (
    partnership_id      varchar not null,
    partner_org_id      varchar not null,
    period              varchar not null,  -- as people say it: '2024-25 Q1'
    quarter_key         varchar not null,  -- the partnership-quarter partition: '2024-25-Q1'
    period_start        date not null,
    period_end          date not null,
    measure_code        varchar not null,  -- a code of a loaded measure catalogue
    quantity            double not null,
    unit                varchar,
    beneficiaries       integer not null,
    evidence_grade      varchar not null,  -- A (strongest) to D
    target              double,
    notes               varchar,
    source_file         varchar not null,
    file_hash           varchar not null,
    source_row          bigint not null,
    load_id             varchar not null,
    loaded_at           timestamp not null
);
