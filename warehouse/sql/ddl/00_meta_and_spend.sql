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

-- Council spend lines as stored: what differs from line to line. What is the same for every line
-- of a load (council, amount basis, file, hash, time) is kept once, in meta.loads, and the view
-- staging.council_spend below puts it back on every line.
create table if not exists staging.council_spend_lines (
    period_key        varchar not null,  -- the council-month partition: '2024-04'
    payment_date      date not null,
    amount            decimal(18,2) not null,
    gross             decimal(18,2),
    vat               decimal(18,2),
    beneficiary       varchar,           -- null when redacted: never re-identified
    redaction_label   varchar,           -- the text a redacted line carried instead of a name
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
    source_row        bigint not null,
    load_id           varchar not null,
    date_precision    varchar            -- 'month' for a date published as a month only; else day
);

-- One row per valid spend line, with its lineage: the file, hash, row and load it came from.
create or replace view staging.council_spend as
select
    l.scope as council,
    s.period_key,
    date_trunc('month', s.payment_date)::date as month,
    s.payment_date,
    coalesce(s.date_precision, 'day') as date_precision,
    s.amount,
    l.amount_basis,                      -- net of VAT | as published | gross minus VAT | ...
    s.gross,
    s.vat,
    s.beneficiary,
    s.redaction_label is not null as is_redacted,
    s.redaction_label,
    s.department,
    s.service,
    s.expense_type,
    s.purpose,
    s.transaction_ref,
    s.body,
    s.supplier_id,
    s.merchant_category,
    s.charity_number,
    s.company_number,
    s.org_id,
    s.postcode,
    s.duplicate_of_row,
    l.file_name as source_file,
    l.file_hash,
    s.source_row,
    s.load_id,
    l.finished_at as loaded_at
from staging.council_spend_lines s
join (select load_id, scope, file_name, file_hash, finished_at,
             detected ->> 'amount_basis' as amount_basis
      from meta.loads where dataset = 'spend') l using (load_id);
