package io.watchfloor.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.store.domain.UpsertResult;
import io.watchfloor.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch write path (one set-based upsert with the columns as arrays, set-based child rows) on embedded
 * PostgreSQL 17 with the store's migrations (V3: no child foreign keys): what it stores byte for byte, and the
 * idempotent upsert rules.
 */
@ExtendWith(PostgresExtension.class)
class ReportRepositoryIT {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private DataSource ds;
    private ReportRepository repository;
    private HikariDataSource pool;

    @BeforeEach
    void freshSchema() throws SQLException {
        ds = PostgresExtension.dataSource();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS repository_it CASCADE");
            st.execute("CREATE SCHEMA repository_it");
        }
        Flyway.configure().dataSource(ds).schemas("repository_it").locations("classpath:db/migration").load()
                .migrate();
        // one pooled connection, as in the service: every batch reuses the same session
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(PostgresExtension.jdbcUrl() + (PostgresExtension.jdbcUrl().contains("?") ? "&" : "?")
                + "currentSchema=repository_it");
        pool.setUsername(PostgresExtension.user());
        pool.setPassword(PostgresExtension.password());
        pool.setMaximumPoolSize(1);
        if (this.pool != null) {
            this.pool.close();
        }
        this.pool = new HikariDataSource(pool);
        repository = new ReportRepository(this.pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
        pool = null;
    }

    private static ReportRow row(String id, int revision, Instant enrichedAt, String text, String document,
                                 List<ReportRow.GroupRow> groups, List<ReportRow.EntityRow> entities) {
        return new ReportRow(id, revision, "Title of " + id, text, "{\"kind\":\"http\",\"name\":\"t\"}", null, "en",
                null, T0, enrichedAt, "h-" + id, "c1", "e1", document, groups, entities, 0, revision);
    }

    private static ReportRow simple(String id, int revision, Instant enrichedAt, String group) {
        return row(id, revision, enrichedAt, "text of " + id, "{\"id\":\"" + id + "\",\"r\":" + revision + "}",
                List.of(new ReportRow.GroupRow(group, group.toUpperCase(), 0.9, "mentioned")),
                List.of(new ReportRow.EntityRow("LOCATION", "geo:country:PK", "Pakistan", 0.8)));
    }

    @Test
    void shouldStoreTextWithTabsBackslashesQuotesAndNewlinesExactly() throws Exception {
        String text = "tab\there, back\\slash \\N not null, new\nline, cr\r\n, quote \" ' , unicode é 中 😀, "
                + "comma, and \\t literally";
        String document = "{\"text\":\"a\\tb\\\\c\\n\",\"q\":\"\\\"\"}";
        ReportRow r = row("esc-1", 1, T0, text, document,
                List.of(new ReportRow.GroupRow("g\t1", "Name with \\ and\ttab", 0.5, "claimed")),
                List.of(new ReportRow.EntityRow("PERSON", null, "Line\nBreak", 0.25)));

        UpsertResult result = repository.upsertAll(List.of(r));

        assertEquals(1, result.applied());
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT title, text, document::text, source->>'kind', "
                     + "canonical_url IS NULL, published_at IS NULL FROM repository_it.reports WHERE id = ?")) {
            ps.setString(1, "esc-1");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("Title of esc-1", rs.getString(1));
                assertEquals(text, rs.getString(2));
                assertEquals("{\"q\": \"\\\"\", \"text\": \"a\\tb\\\\c\\n\"}", rs.getString(3));
                assertEquals("http", rs.getString(4));
                assertTrue(rs.getBoolean(5));
                assertTrue(rs.getBoolean(6));
            }
        }
        assertEquals(List.of("g\t1|Name with \\ and\ttab|0.5|claimed"), children("SELECT group_id || '|' || name "
                + "|| '|' || score || '|' || role FROM repository_it.report_groups WHERE report_id = 'esc-1'"));
        assertEquals(List.of("PERSON|null|Line\nBreak|0.25"), children("SELECT type || '|' || coalesce(entity_id, "
                + "'null') || '|' || name || '|' || score FROM repository_it.report_entities WHERE report_id = 'esc-1'"));
    }

    @Test
    void shouldStoreAReplayOnceAndLetOnlyANewerEnrichmentReplaceTheRowAndItsChildren() throws Exception {
        List<ReportRow> first = List.of(simple("a", 1, T0, "iskp"), simple("b", 1, T0, "ttp"));
        assertEquals(2, repository.upsertAll(first).applied());

        UpsertResult replay = repository.upsertAll(first);
        assertEquals(0, replay.applied());
        assertEquals(2, replay.ignored());

        UpsertResult mixed = repository.upsertAll(List.of(
                simple("a", 2, T0, "al-qaeda"),                 // newer revision: replaces
                simple("b", 1, T0.minusSeconds(5), "hamas"),    // same revision, older enrichment: ignored
                simple("c", 1, T0, "ttp")));                    // new
        assertEquals(2, mixed.applied());
        assertEquals(1, mixed.ignored());
        assertEquals(List.of("a|2|al-qaeda", "b|1|ttp", "c|1|ttp"), children("SELECT r.id || '|' || r.revision || "
                + "'|' || g.group_id FROM repository_it.reports r JOIN repository_it.report_groups g "
                + "ON g.report_id = r.id ORDER BY r.id"));
        assertEquals(List.of("a", "b", "c"), children("SELECT report_id FROM repository_it.report_entities "
                + "ORDER BY report_id"));

        UpsertResult older = repository.upsertAll(List.of(simple("a", 1, T0.plusSeconds(60), "hamas")));
        assertEquals(0, older.applied());
        assertEquals(List.of("a|2|al-qaeda"), children("SELECT r.id || '|' || r.revision || '|' || g.group_id "
                + "FROM repository_it.reports r JOIN repository_it.report_groups g ON g.report_id = r.id "
                + "WHERE r.id = 'a'"));
    }

    @Test
    void shouldCollapseRowsForTheSameIdInOneBatchToTheNewest() throws Exception {
        UpsertResult result = repository.upsertAll(List.of(simple("d", 1, T0, "iskp"), simple("d", 3, T0, "ttp"),
                simple("d", 2, T0, "hamas")));
        assertEquals(1, result.applied());
        assertEquals(2, result.ignored());
        assertEquals(List.of("d|3|ttp"), children("SELECT r.id || '|' || r.revision || '|' || g.group_id "
                + "FROM repository_it.reports r JOIN repository_it.report_groups g ON g.report_id = r.id"));
    }

    @Test
    void shouldRejectOnlyTheRowPostgresRefusesAndWriteTheOthers() throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        rows.add(simple("ok-1", 1, T0, "iskp"));
        rows.add(row("bad", 1, T0, "text", "{not json", List.of(), List.of()));
        rows.add(simple("ok-2", 1, T0, "ttp"));

        UpsertResult result = repository.upsertAll(rows);

        assertEquals(2, result.applied());
        assertEquals(1, result.rejected().size());
        assertEquals("bad", result.rejected().get(0).row().id());
        assertEquals(List.of("ok-1", "ok-2"), children("SELECT id FROM repository_it.reports ORDER BY id"));
        // the refused batch left nothing behind on the pooled connection: the next batch is written
        assertEquals(1, repository.upsertAll(List.of(simple("ok-3", 1, T0, "iskp"))).applied());
        assertEquals(List.of("ok-3"), children("SELECT report_id FROM repository_it.report_groups "
                + "WHERE group_id = 'iskp' AND report_id <> 'ok-1'"));
    }

    private static final ReportRow.SourceRow FEED_A =
            new ReportRow.SourceRow("rss", "Feed A", "https://a.example/rss", "a-1");
    private static final ReportRow.SourceRow FEED_B =
            new ReportRow.SourceRow("atom", "Feed B", "https://b.example/atom", "b-7");
    private static final ReportRow.SourceRow DESK = new ReportRow.SourceRow("http", "Analyst desk", null, null);

    private static ReportRow carried(String id, Instant ingestedAt, Instant enrichedAt, String document,
                                     List<ReportRow.SourceRow> sources) {
        return new ReportRow(id, 1, "Title of " + id, "text of " + id, "{\"kind\":\"rss\",\"name\":\"x\"}",
                null, "en", null, ingestedAt, enrichedAt, "h-" + id, "c1", "e1", document, List.of(), List.of(),
                0, 1, sources);
    }

    @Test
    void shouldKeepOneLinkPerSourceWhateverTheOrderAndNumberOfRecords() throws Exception {
        ReportRow first = carried("s", T0, T0.plusSeconds(1), "{\"id\":\"s\",\"n\":1}", List.of(FEED_A));
        ReportRow link = carried("s", T0.plusSeconds(60), T0.plusSeconds(61), "{\"id\":\"s\",\"n\":2}",
                List.of(FEED_A, FEED_B));

        assertEquals(1, repository.upsertAll(List.of(first)).applied());
        assertEquals(1, repository.upsertAll(List.of(link)).applied(), "the link is the later enrichment");
        // replays: the link again, alone and together with the first record, and on the row-by-row path
        repository.upsertAll(List.of(link));
        repository.upsertAll(List.of(first, link, link));
        repository.upsertRowByRow(List.of(link, first));

        assertEquals(List.of("1"), children("SELECT count(*) FROM repository_it.reports"));
        assertEquals(List.of("s|rss|Feed A|https://a.example/rss|a-1", "s|atom|Feed B|https://b.example/atom|b-7"),
                children("SELECT report_id || '|' || kind || '|' || name || '|' || url || '|' || item_id "
                        + "FROM repository_it.report_sources ORDER BY first_seen_at, seq"));
        String document = repository.findDocument("s").orElseThrow();
        assertTrue(document.contains("\"sources\": [{\"url\": \"https://a.example/rss\", \"kind\": \"rss\", "
                + "\"name\": \"Feed A\", \"itemId\": \"a-1\"}, {\"url\": \"https://b.example/atom\", "
                + "\"kind\": \"atom\", \"name\": \"Feed B\", \"itemId\": \"b-7\"}]"), document);
    }

    @Test
    void shouldListEverySourceEvenWhenTheLatestRecordNamesOnlyItsOwn() throws Exception {
        // an HTTP client posting an article a feed carried: its record lists only itself, the store keeps both
        repository.upsertAll(List.of(carried("h", T0, T0.plusSeconds(1), "{\"id\":\"h\"}", List.of(FEED_A))));
        repository.upsertAll(List.of(carried("h", T0.plusSeconds(90), T0.plusSeconds(91), "{\"id\":\"h\",\"n\":2}",
                List.of(DESK))));
        // a record older than the stored one is not written, but its source is still a link
        repository.upsertAll(List.of(carried("h", T0.minusSeconds(90), T0.minusSeconds(89), "{\"id\":\"h\",\"n\":0}",
                List.of(FEED_B))));

        assertEquals(List.of("Feed B|https://b.example/atom", "Feed A|https://a.example/rss", "Analyst desk|"),
                children("SELECT name || '|' || url FROM repository_it.report_sources ORDER BY first_seen_at, seq"));
        assertEquals(List.of("{\"n\": 2, \"id\": \"h\"}"), children("SELECT document::text FROM repository_it.reports"));
        String document = repository.findDocument("h").orElseThrow();
        assertTrue(document.contains("{\"url\": null, \"kind\": \"http\", \"name\": \"Analyst desk\", "
                + "\"itemId\": null}"), document);
    }

    @Test
    void shouldServeADocumentWithoutLinksAsStored() throws Exception {
        repository.upsertAll(List.of(simple("plain", 1, T0, "iskp")));
        assertEquals("{\"r\": 1, \"id\": \"plain\"}", repository.findDocument("plain").orElseThrow());
    }

    private List<String> children(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
