package io.watchfloor.bench;

import io.watchfloor.store.domain.ReportRow;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** PostgreSQL's own bulk load of store rows, the yardstick for the store's writes: COPY in text format. */
final class StoreLoad {
    static final String REPORT_COLUMNS = "id, revision, title, text, source, canonical_url, language, published_at, "
            + "ingested_at, enriched_at, content_hash, catalog_version, enricher_version, document, kafka_partition, "
            + "kafka_offset";

    private StoreLoad() {
    }

    /** Unlogged tables with the store's columns and no index: the baseline. */
    static void createStaging(Statement st) throws SQLException {
        st.execute("CREATE UNLOGGED TABLE copy_staging (id text, revision int, title text, text text, source jsonb, "
                + "canonical_url text, language text, published_at timestamptz, ingested_at timestamptz, "
                + "enriched_at timestamptz, content_hash text, catalog_version text, enricher_version text, "
                + "document jsonb, kafka_partition int, kafka_offset bigint)");
        st.execute("CREATE UNLOGGED TABLE copy_staging_groups (report_id text, group_id text, name text, "
                + "score float8, role text)");
        st.execute("CREATE UNLOGGED TABLE copy_staging_entities (report_id text, type text, entity_id text, "
                + "name text, score float8)");
    }

    /** The baseline: every batch COPYed into the unlogged staging tables, one transaction per batch. */
    static void copyStaging(DataSource ds, List<ReportRow> rows, int batch) throws Exception {
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < rows.size(); i += batch) {
                copy(c, rows.subList(i, Math.min(rows.size(), i + batch)), "copy_staging", "copy_staging_groups",
                        "copy_staging_entities");
            }
        }
    }

    /** COPYs the rows into {@code reports}, and their children when the tables are named (auto-commit). */
    static void copy(Connection c, List<ReportRow> rows, String reports, String groups, String entities)
            throws Exception {
        StringBuilder r = new StringBuilder(rows.size() * 4096);
        StringBuilder g = new StringBuilder();
        StringBuilder e = new StringBuilder();
        for (ReportRow row : rows) {
            field(r, row.id()).append('\t').append(row.revision()).append('\t');
            field(r, row.title()).append('\t');
            field(r, row.text()).append('\t');
            field(r, row.sourceJson()).append('\t');
            field(r, row.canonicalUrl()).append('\t');
            field(r, row.language()).append('\t');
            field(r, iso(row.publishedAt())).append('\t');
            field(r, iso(row.ingestedAt())).append('\t');
            field(r, iso(row.enrichedAt())).append('\t');
            field(r, row.contentHash()).append('\t');
            field(r, row.catalogVersion()).append('\t');
            field(r, row.enricherVersion()).append('\t');
            field(r, row.documentJson()).append('\t').append(row.kafkaPartition()).append('\t')
                    .append(row.kafkaOffset()).append('\n');
            for (ReportRow.GroupRow x : row.groups()) {
                field(g, row.id()).append('\t');
                field(g, x.groupId()).append('\t');
                field(g, x.name()).append('\t').append(x.score()).append('\t');
                field(g, x.role()).append('\n');
            }
            for (ReportRow.EntityRow x : row.entities()) {
                field(e, row.id()).append('\t');
                field(e, x.type()).append('\t');
                field(e, x.entityId()).append('\t');
                field(e, x.name()).append('\t').append(x.score()).append('\n');
            }
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            copy.copyIn("COPY " + reports + " (" + REPORT_COLUMNS + ") FROM STDIN", new StringReader(r.toString()));
            if (groups != null && g.length() > 0) {
                copy.copyIn("COPY " + groups + " (report_id, group_id, name, score, role) FROM STDIN",
                        new StringReader(g.toString()));
            }
            if (entities != null && e.length() > 0) {
                copy.copyIn("COPY " + entities + " (report_id, type, entity_id, name, score) FROM STDIN",
                        new StringReader(e.toString()));
            }
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
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
        for (int i = 0; i < s.length(); i++) {
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
