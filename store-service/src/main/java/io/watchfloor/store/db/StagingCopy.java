package io.watchfloor.store.db;

import io.watchfloor.store.domain.ReportRow;
import java.io.StringReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads one batch into the connection's temporary staging tables with {@code COPY ... FROM STDIN} (text format):
 * PostgreSQL's bulk path, with no per-row statement and no array literals to build and parse. The tables empty
 * themselves at the end of every transaction, so a batch never sees another's rows.
 */
final class StagingCopy {
    static final String REPORT_COLUMNS = "id, revision, title, text, source, canonical_url, language, published_at, "
            + "ingested_at, enriched_at, content_hash, catalog_version, enricher_version, document, kafka_partition, "
            + "kafka_offset";
    static final String GROUP_COLUMNS = "report_id, group_id, name, score, role";
    static final String ENTITY_COLUMNS = "report_id, type, entity_id, name, score";
    /*
     * Session-local, so concurrent store instances never share them; created once per pooled connection (IF NOT
     * EXISTS is a catalog lookup). source and document are jsonb here already: COPY parses them once, and a bad
     * value fails the COPY with a data error (SQLState class 22), which sends the batch to the row-by-row path.
     */
    private static final String CREATE = """
            CREATE TEMP TABLE IF NOT EXISTS store_stage_reports (id text, revision int, title text, text text,
                source jsonb, canonical_url text, language text, published_at timestamptz, ingested_at timestamptz,
                enriched_at timestamptz, content_hash text, catalog_version text, enricher_version text,
                document jsonb, kafka_partition int, kafka_offset bigint) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS store_stage_groups (report_id text, group_id text, name text,
                score float8, role text) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS store_stage_entities (report_id text, type text, entity_id text,
                name text, score float8) ON COMMIT DELETE ROWS""";

    private StagingCopy() {
    }

    /** COPYs the rows and their group and entity rows into the staging tables (inside the caller's transaction). */
    static void stage(Connection c, List<ReportRow> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(CREATE);
        }
        c.clearWarnings(); // "relation already exists, skipping"
        StringBuilder reports = new StringBuilder(rows.size() * 2048);
        StringBuilder groups = new StringBuilder();
        StringBuilder entities = new StringBuilder();
        for (ReportRow r : rows) {
            field(reports, r.id()).append('\t').append(r.revision()).append('\t');
            field(reports, r.title()).append('\t');
            field(reports, r.text()).append('\t');
            field(reports, r.sourceJson()).append('\t');
            field(reports, r.canonicalUrl()).append('\t');
            field(reports, r.language()).append('\t');
            field(reports, iso(r.publishedAt())).append('\t');
            field(reports, iso(r.ingestedAt())).append('\t');
            field(reports, iso(r.enrichedAt())).append('\t');
            field(reports, r.contentHash()).append('\t');
            field(reports, r.catalogVersion()).append('\t');
            field(reports, r.enricherVersion()).append('\t');
            field(reports, r.documentJson()).append('\t').append(r.kafkaPartition()).append('\t')
                    .append(r.kafkaOffset()).append('\n');
            for (ReportRow.GroupRow g : r.groups()) {
                field(groups, r.id()).append('\t');
                field(groups, g.groupId()).append('\t');
                field(groups, g.name()).append('\t').append(g.score()).append('\t');
                field(groups, g.role()).append('\n');
            }
            for (ReportRow.EntityRow e : r.entities()) {
                field(entities, r.id()).append('\t');
                field(entities, e.type()).append('\t');
                field(entities, e.entityId()).append('\t');
                field(entities, e.name()).append('\t').append(e.score()).append('\n');
            }
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        copyIn(copy, "COPY store_stage_reports (" + REPORT_COLUMNS + ") FROM STDIN", reports);
        copyIn(copy, "COPY store_stage_groups (" + GROUP_COLUMNS + ") FROM STDIN", groups);
        copyIn(copy, "COPY store_stage_entities (" + ENTITY_COLUMNS + ") FROM STDIN", entities);
    }

    private static void copyIn(CopyManager copy, String sql, StringBuilder data) throws SQLException {
        if (data.length() == 0) {
            return;
        }
        try {
            copy.copyIn(sql, new StringReader(data.toString()));
        } catch (IOException e) {
            // reading a StringReader cannot fail; pgjdbc reports a broken connection as SQLException
            throw new SQLException("COPY into the staging table failed: " + e.getMessage(), "08006", e);
        }
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
    static StringBuilder field(StringBuilder out, String s) {
        if (s == null) {
            return out.append("\\N");
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }
}
