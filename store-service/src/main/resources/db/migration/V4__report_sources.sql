-- Every source that carried a report (issue 10): an exact duplicate from a second feed or client is a link to the
-- stored report, not a second row. One row per (report, kind, name, url); the store inserts the sources of every
-- record it reads with ON CONFLICT DO NOTHING, so replays, out-of-order records and links arriving twice leave one
-- link each. first_seen_at is the ingest time of the first record that listed the source; seq keeps the order of
-- a record's list for sources first seen together. No foreign key, as for report_groups (see V3): the store is
-- the only writer and writes the links in the transaction that upserts their report.
CREATE TABLE IF NOT EXISTS report_sources (
    report_id     text        NOT NULL,
    kind          text        NOT NULL,
    name          text        NOT NULL,
    url           text        NOT NULL DEFAULT '',
    item_id       text,
    first_seen_at timestamptz NOT NULL,
    seq           bigserial,
    PRIMARY KEY (report_id, kind, name, url)
);
