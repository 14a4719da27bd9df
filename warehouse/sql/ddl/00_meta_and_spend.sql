-- The socialvalue warehouse. Layers:
--   meta     what was received and loaded: loads, quarantined rows, current partition versions
--   staging  cleaned one-to-one copies of every dataset, one row per input row, with lineage
--   marts    answers to the business questions, rebuilt from staging
create schema if not exists meta;
create schema if not exists staging;
create schema if not exists marts;

-- One row per attempt to load one file (or the part of it one partition run asked for).
create table if not exists meta.loads (
    load_id            varchar primary key,
    dataset            varchar not null,
    scope              varchar,          -- council or partnership slug; null for registers
    periods            varchar[],        -- partition periods written ('2024-04', '2024-25-Q1')
    period_label       varchar,          -- the file's publication period as people say it
    source_path        varchar not null,
    file_name          varchar not null,
    file_hash          varchar not null,
    file_bytes         bigint,
    status             varchar not null, -- loaded | replaced | already_loaded | refused
    rows_read          bigint,
    rows_loaded        bigint,
    rows_quarantined   bigint,
    amount_read        decimal(18,2),
    amount_loaded      decimal(18,2),
    amount_quarantined decimal(18,2),
    detected           json,             -- encoding, header row, columns, date and amount forms
    message            varchar,
    dagster_run_id     varchar,
    started_at         timestamp not null,
    finished_at        timestamp
);

-- Which file currently fills each partition of each dataset.
create table if not exists meta.partition_versions (
    dataset    varchar not null,
    scope      varchar not null,
    period     varchar not null,
    file_hash  varchar not null,
    load_id    varchar not null,
    loaded_at  timestamp not null,
    primary key (dataset, scope, period)
);

-- Every row that failed validation, with all its reasons and the row as published.
create table if not exists meta.quarantine (
    load_id      varchar not null,
    dataset      varchar not null,
    scope        varchar not null,
    period       varchar not null,
    source_file  varchar not null,
    file_hash    varchar not null,
    source_row   bigint not null,
    failures     struct("column" varchar, rule varchar, message varchar, raw_value varchar)[] not null,
    amount       decimal(18,2),
    record       json not null
);

create table if not exists staging.council_spend (
    council           varchar not null,
    period_key        varchar not null,  -- the council-month partition: '2024-04'
    month             date,
    payment_date      date not null,
    amount            decimal(18,2) not null,
    amount_basis      varchar not null,  -- net of VAT | as published | gross minus VAT | ...
    gross             decimal(18,2),
    vat               decimal(18,2),
    beneficiary       varchar,           -- null when redacted: never re-identified
    is_redacted       boolean not null,
    redaction_label   varchar,
    department        varchar,
    service           varchar,
    expense_type      varchar,
    purpose           varchar,
    transaction_ref   varchar,
    body              varchar,
    supplier_id       varchar,
    merchant_category varchar,
    charity_number    varchar,
    company_number    varchar,
    org_id            varchar,
    postcode          varchar,
    duplicate_of_row  bigint,            -- an identical earlier row of the same file
    source_file       varchar not null,
    file_hash         varchar not null,
    source_row        bigint not null,
    load_id           varchar not null,
    loaded_at         timestamp not null
);
