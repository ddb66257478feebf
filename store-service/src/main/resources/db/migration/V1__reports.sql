-- Enriched reports, one row per report id: the newest enrichment wins (see ReportRepository.upsert).
CREATE TABLE reports (
    id               text        PRIMARY KEY,
    revision         integer     NOT NULL,
    title            text,
    text             text        NOT NULL,
    source           jsonb       NOT NULL,
    canonical_url    text,
    language         text,
    published_at     timestamptz,
    ingested_at      timestamptz NOT NULL,
    enriched_at      timestamptz NOT NULL,
    content_hash     text        NOT NULL,
    catalog_version  text        NOT NULL,
    enricher_version text        NOT NULL,
    document         jsonb       NOT NULL,
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    stored_at        timestamptz NOT NULL DEFAULT now(),
    -- list order and time filters: the publish time, or the ingest time when the source gave none
    sort_time        timestamptz GENERATED ALWAYS AS (coalesce(published_at, ingested_at)) STORED,
    -- capped so that a huge text cannot exceed the 1 MB tsvector limit and fail the insert
    search           tsvector    GENERATED ALWAYS AS (
                         setweight(to_tsvector('english', coalesce(title, '')), 'A')
                         || setweight(to_tsvector('english', left(text, 200000)), 'B')) STORED
);

CREATE INDEX reports_sort_idx ON reports (sort_time DESC, id DESC);
CREATE INDEX reports_search_idx ON reports USING gin (search);
CREATE INDEX reports_canonical_url_idx ON reports (canonical_url);

-- Threat groups per report, replaced together with the report row.
CREATE TABLE report_groups (
    report_id text             NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    group_id  text             NOT NULL,
    name      text             NOT NULL,
    score     double precision NOT NULL,
    role      text             NOT NULL
);

CREATE INDEX report_groups_report_idx ON report_groups (report_id);
CREATE INDEX report_groups_group_idx ON report_groups (group_id, report_id);

-- Named entities per report, replaced together with the report row.
CREATE TABLE report_entities (
    report_id text             NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    type      text             NOT NULL,
    entity_id text,
    name      text             NOT NULL,
    score     double precision NOT NULL
);

CREATE INDEX report_entities_report_idx ON report_entities (report_id);
CREATE INDEX report_entities_entity_id_idx ON report_entities (entity_id, report_id);
CREATE INDEX report_entities_name_idx ON report_entities (lower(name), report_id);
