-- Every request made to a council's portal by `socialvalue collect` (or the collect_spend job):
-- the catalogue or page of links read, and each file asked for. What was received is archived
-- in the landing area like a dropped file; what was refused is also in meta.loads (status
-- 'refused', source_path the address). A request is made once: a file already received is asked
-- for again only conditionally (its ETag / Last-Modified), or not at all when the portal gave
-- no validator.
create table if not exists meta.fetches (
    fetch_id        varchar primary key,
    council         varchar not null,
    source_url      varchar not null,   -- the council's `source:` address (a pattern as written)
    role            varchar not null,   -- listing (the catalogue or page) | file
    url             varchar not null,   -- the address asked for
    listed_name     varchar,            -- the file's name in the catalogue, or the link's text
    listed_period   varchar,            -- pattern: the month or quarter the address is built for
    listed_version  varchar,            -- ckan: the catalogue's last_modified / size / hash
    outcome         varchar not null,   -- fetched | unchanged | not_published | refused
    http_status     integer,
    final_url       varchar,            -- after redirects
    etag            varchar,
    last_modified   varchar,
    file_name       varchar,            -- the name it was received under
    file_hash       varchar,            -- SHA-256 of the body received (null: no body)
    file_bytes      bigint,
    periods         varchar[],          -- months the file reports on, once received
    landed_path     varchar,            -- its copy in the landing archive
    offered         json,               -- listing: the files it offered (reused on a 304)
    load_id         varchar,            -- the refusal recorded in meta.loads, if any
    message         varchar,
    dagster_run_id  varchar,
    requested_at    timestamp not null
);
