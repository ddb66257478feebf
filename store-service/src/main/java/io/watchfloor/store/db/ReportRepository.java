package io.watchfloor.store.db;

import io.watchfloor.store.domain.AddedReport;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.QueryTimeoutException;
import io.watchfloor.store.domain.DocumentPage;
import io.watchfloor.store.domain.FacetCount;
import io.watchfloor.store.domain.GroupActivity;
import io.watchfloor.store.domain.GroupStats;
import io.watchfloor.store.domain.ReportCursor;
import io.watchfloor.store.domain.ReportPage;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.store.domain.ReportStore;
import io.watchfloor.store.domain.ReportSummary;
import io.watchfloor.store.domain.SearchFacets;
import io.watchfloor.store.domain.UpsertResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plain-JDBC access to the report tables: idempotent batch upserts and the queries behind the API. */
@Singleton
public class ReportRepository implements ReportStore, ReportQueries {
    private static final Logger LOG = LoggerFactory.getLogger(ReportRepository.class);
    /*
     * Insert, or replace when the incoming enrichment is newer (higher revision, then later
     * enrichment). An equal version replaces only when its document differs, so a replay or a
     * duplicate changes nothing. RETURNING yields a row only when something was written.
     */
    private static final String UPSERT = """
            INSERT INTO reports (id, revision, title, text, source, canonical_url, language, published_at,
                ingested_at, enriched_at, content_hash, catalog_version, enricher_version, document,
                kafka_partition, kafka_offset)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                revision = excluded.revision, title = excluded.title, text = excluded.text,
                source = excluded.source, canonical_url = excluded.canonical_url, language = excluded.language,
                published_at = excluded.published_at, ingested_at = excluded.ingested_at,
                enriched_at = excluded.enriched_at, content_hash = excluded.content_hash,
                catalog_version = excluded.catalog_version, enricher_version = excluded.enricher_version,
                document = excluded.document, kafka_partition = excluded.kafka_partition,
                kafka_offset = excluded.kafka_offset, stored_at = now()
            WHERE (excluded.revision, excluded.enriched_at) > (reports.revision, reports.enriched_at)
               OR ((excluded.revision, excluded.enriched_at) = (reports.revision, reports.enriched_at)
                   AND excluded.document IS DISTINCT FROM reports.document)
            RETURNING id
            """;
    /*
     * The same rules for a whole batch in one statement: the rows arrive as one array per column (unnest), so a
     * batch of any size is one round trip. A batch holds at most one row per id (see latestPerId).
     */
    private static final String UPSERT_BATCH = """
            INSERT INTO reports (id, revision, title, text, source, canonical_url, language, published_at,
                ingested_at, enriched_at, content_hash, catalog_version, enricher_version, document,
                kafka_partition, kafka_offset)
            SELECT id, revision, title, text, source::jsonb, canonical_url, language, published_at::timestamptz,
                   ingested_at::timestamptz, enriched_at::timestamptz, content_hash, catalog_version,
                   enricher_version, document::jsonb, kafka_partition, kafka_offset
            FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                 AS t(id, revision, title, text, source, canonical_url, language, published_at, ingested_at,
                      enriched_at, content_hash, catalog_version, enricher_version, document, kafka_partition,
                      kafka_offset)
            ON CONFLICT (id) DO UPDATE SET
                revision = excluded.revision, title = excluded.title, text = excluded.text,
                source = excluded.source, canonical_url = excluded.canonical_url, language = excluded.language,
                published_at = excluded.published_at, ingested_at = excluded.ingested_at,
                enriched_at = excluded.enriched_at, content_hash = excluded.content_hash,
                catalog_version = excluded.catalog_version, enricher_version = excluded.enricher_version,
                document = excluded.document, kafka_partition = excluded.kafka_partition,
                kafka_offset = excluded.kafka_offset, stored_at = now()
            WHERE (excluded.revision, excluded.enriched_at) > (reports.revision, reports.enriched_at)
               OR ((excluded.revision, excluded.enriched_at) = (reports.revision, reports.enriched_at)
                   AND excluded.document IS DISTINCT FROM reports.document)
            RETURNING id
            """;
    private static final String DELETE_GROUPS_BATCH = "DELETE FROM report_groups WHERE report_id = ANY (?)";
    private static final String DELETE_ENTITIES_BATCH = "DELETE FROM report_entities WHERE report_id = ANY (?)";
    private static final String INSERT_GROUPS_BATCH = """
            INSERT INTO report_groups (report_id, group_id, name, score, role)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::float8[], ?::text[])""";
    private static final String INSERT_ENTITIES_BATCH = """
            INSERT INTO report_entities (report_id, type, entity_id, name, score)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[])""";
    /*
     * The sources of every row read, in the order each record lists them: a link already held is left as it is,
     * so a replay or a link arriving twice adds nothing (V4__report_sources.sql).
     */
    private static final String INSERT_SOURCES_BATCH = """
            INSERT INTO report_sources (report_id, kind, name, url, item_id, first_seen_at)
            SELECT report_id, kind, name, coalesce(url, ''), item_id, first_seen_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                 AS t(report_id, kind, name, url, item_id, first_seen_at, n)
            ORDER BY n
            ON CONFLICT DO NOTHING""";
    /* A report's document with every source the store holds for it, first seen first. */
    private static final String FIND_DOCUMENT = """
            SELECT CASE WHEN s.list IS NULL THEN r.document
                        ELSE jsonb_set(r.document, '{sources}', s.list) END::text
            FROM reports r
            LEFT JOIN LATERAL (
                SELECT jsonb_agg(jsonb_build_object('kind', kind, 'name', name, 'url', nullif(url, ''),
                                                    'itemId', item_id) ORDER BY first_seen_at, seq) AS list
                FROM report_sources WHERE report_id = r.id) s ON true
            WHERE r.id = ?""";
    private static final String DELETE_GROUPS = "DELETE FROM report_groups WHERE report_id = ?";
    private static final String DELETE_ENTITIES = "DELETE FROM report_entities WHERE report_id = ?";
    private static final String INSERT_GROUP =
            "INSERT INTO report_groups (report_id, group_id, name, score, role) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_ENTITY =
            "INSERT INTO report_entities (report_id, type, entity_id, name, score) VALUES (?, ?, ?, ?, ?)";
    private static final int SNIPPET_CHARS = 280;
    /** Characters of a report's text the search headline is cut from. */
    private static final int HEADLINE_CHARS = 20_000;

    private final DataSource dataSource;
    /** Reads: their own small pool with a statement timeout, so slow searches never hold the writer up. */
    private final DataSource queries;

    /** One pool for writes and reads (benchmarks, tests of the SQL). */
    public ReportRepository(DataSource dataSource) {
        this(dataSource, dataSource);
    }

    @Inject
    public ReportRepository(DataSource dataSource, QueryPool queryPool) {
        this(dataSource, queryPool.dataSource());
    }

    ReportRepository(DataSource dataSource, DataSource queries) {
        this.dataSource = dataSource;
        this.queries = queries;
    }

    /**
     * Writes the rows in one transaction. When the database refuses a row for its content, the batch is
     * redone with a savepoint per row, so that row is reported in the result and the others are written.
     */
    @Override
    public UpsertResult upsertAll(List<ReportRow> rows) throws DatabaseUnavailableException {
        if (rows.isEmpty()) {
            return new UpsertResult(0, 0, List.of());
        }
        try {
            try {
                return upsertBatch(rows);
            } catch (SQLException e) {
                if (!SqlFailures.isRecordFault(e)) {
                    throw e;
                }
                LOG.info("Batch refused by PostgreSQL ({}); retrying record by record", e.getMessage());
                return upsertAll(rows, true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Writes the rows in one transaction with set-based statements: one upsert for every report, one delete and
     * one insert for their groups and entities. Rows for the same id collapse to the newest first (what writing
     * them in order would leave), the others count as ignored.
     */
    UpsertResult upsertBatch(List<ReportRow> rows) throws SQLException {
        List<ReportRow> latest = latestPerId(rows);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<String> written = upsertReports(c, latest);
                linkSources(c, rows);
                if (!written.isEmpty()) {
                    java.util.Set<String> ids = new java.util.HashSet<>(written);
                    List<ReportRow> changed = latest.stream().filter(r -> ids.contains(r.id())).toList();
                    replaceChildren(c, written, changed);
                }
                c.commit();
                return new UpsertResult(written.size(), rows.size() - written.size(), List.of());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        }
    }

    /** One row per id: the highest (revision, enrichedAt), the later one on a tie, in first-seen order. */
    static List<ReportRow> latestPerId(List<ReportRow> rows) {
        Map<String, ReportRow> byId = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            byId.merge(row.id(), row, (old, neu) -> {
                int cmp = Integer.compare(neu.revision(), old.revision());
                if (cmp == 0) {
                    cmp = neu.enrichedAt().compareTo(old.enrichedAt());
                }
                return cmp >= 0 ? neu : old;
            });
        }
        return new ArrayList<>(byId.values());
    }

    private static List<String> upsertReports(Connection c, List<ReportRow> rows) throws SQLException {
        int n = rows.size();
        String[][] text = new String[13][n];
        Integer[] revision = new Integer[n];
        Integer[] partition = new Integer[n];
        Long[] offset = new Long[n];
        for (int i = 0; i < n; i++) {
            ReportRow r = rows.get(i);
            revision[i] = r.revision();
            partition[i] = r.kafkaPartition();
            offset[i] = r.kafkaOffset();
            String[] t = {r.id(), r.title(), r.text(), r.sourceJson(), r.canonicalUrl(), r.language(),
                iso(r.publishedAt()), iso(r.ingestedAt()), iso(r.enrichedAt()), r.contentHash(), r.catalogVersion(),
                r.enricherVersion(), r.documentJson()};
            for (int k = 0; k < t.length; k++) {
                text[k][i] = t[k];
            }
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(UPSERT_BATCH)) {
            int p = 1;
            ps.setArray(p++, track(arrays, c.createArrayOf("text", text[0])));
            ps.setArray(p++, track(arrays, c.createArrayOf("int4", revision)));
            for (int k = 1; k < 13; k++) {
                ps.setArray(p++, track(arrays, c.createArrayOf("text", text[k])));
            }
            ps.setArray(p++, track(arrays, c.createArrayOf("int4", partition)));
            ps.setArray(p, track(arrays, c.createArrayOf("int8", offset)));
            List<String> written = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getString(1));
                }
            }
            return written;
        } finally {
            free(arrays);
        }
    }

    /** Inserts the sources of {@code rows} (every row read, also one an upsert ignored), keeping existing links. */
    static void linkSources(Connection c, List<ReportRow> rows) throws SQLException {
        List<Object[]> links = new ArrayList<>();
        for (ReportRow r : rows) {
            for (ReportRow.SourceRow s : r.sources()) {
                links.add(new Object[] {r.id(), s.kind(), s.name(), s.url(), s.itemId(), iso(r.ingestedAt())});
            }
        }
        if (links.isEmpty()) {
            return;
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_SOURCES_BATCH)) {
            insertColumns(c, ps, links, new String[] {"text", "text", "text", "text", "text", "text"}, arrays);
        } finally {
            free(arrays);
        }
    }

    private static void replaceChildren(Connection c, List<String> ids, List<ReportRow> rows) throws SQLException {
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement delGroups = c.prepareStatement(DELETE_GROUPS_BATCH);
             PreparedStatement delEntities = c.prepareStatement(DELETE_ENTITIES_BATCH);
             PreparedStatement insGroups = c.prepareStatement(INSERT_GROUPS_BATCH);
             PreparedStatement insEntities = c.prepareStatement(INSERT_ENTITIES_BATCH)) {
            Array idArray = track(arrays, c.createArrayOf("text", ids.toArray()));
            delGroups.setArray(1, idArray);
            delGroups.executeUpdate();
            delEntities.setArray(1, idArray);
            delEntities.executeUpdate();
            List<Object[]> groups = new ArrayList<>();
            List<Object[]> entities = new ArrayList<>();
            for (ReportRow r : rows) {
                r.groups().forEach(g -> groups.add(new Object[] {r.id(), g.groupId(), g.name(), g.score(), g.role()}));
                r.entities().forEach(e -> entities.add(new Object[] {r.id(), e.type(), e.entityId(), e.name(),
                    e.score()}));
            }
            if (!groups.isEmpty()) {
                insertColumns(c, insGroups, groups, new String[] {"text", "text", "text", "float8", "text"}, arrays);
            }
            if (!entities.isEmpty()) {
                insertColumns(c, insEntities, entities, new String[] {"text", "text", "text", "text", "float8"},
                        arrays);
            }
        } finally {
            free(arrays);
        }
    }

    /** Binds each column of {@code rows} as one array parameter and runs the statement. */
    private static void insertColumns(Connection c, PreparedStatement ps, List<Object[]> rows, String[] types,
                                      List<Array> arrays) throws SQLException {
        for (int col = 0; col < types.length; col++) {
            Object[] column = new Object[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                column[i] = rows.get(i)[col];
            }
            ps.setArray(col + 1, track(arrays, c.createArrayOf(types[col], column)));
        }
        ps.executeUpdate();
    }

    private static Array track(List<Array> arrays, Array array) {
        arrays.add(array);
        return array;
    }

    private static void free(List<Array> arrays) {
        for (Array a : arrays) {
            try {
                a.free();
            } catch (SQLException e) {
                LOG.debug("Could not free a JDBC array: {}", e.getMessage());
            }
        }
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** The row-by-row path on its own (each row under a savepoint), for comparison in benchmarks. */
    public UpsertResult upsertRowByRow(List<ReportRow> rows) throws SQLException {
        return upsertAll(rows, true);
    }

    /**
     * Writes the rows in ONE transaction, in order. With {@code isolate}, each row gets a savepoint so a
     * row the database refuses for its content is reported in the result instead of failing the batch.
     * Any other SQLException (an outage) propagates and nothing is committed.
     */
    UpsertResult upsertAll(List<ReportRow> rows, boolean isolate) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement(UPSERT);
                 PreparedStatement delGroups = c.prepareStatement(DELETE_GROUPS);
                 PreparedStatement delEntities = c.prepareStatement(DELETE_ENTITIES);
                 PreparedStatement insGroup = c.prepareStatement(INSERT_GROUP);
                 PreparedStatement insEntity = c.prepareStatement(INSERT_ENTITY)) {
                int applied = 0;
                int ignored = 0;
                List<UpsertResult.Rejected> rejected = new ArrayList<>();
                for (ReportRow row : rows) {
                    Savepoint sp = isolate ? c.setSavepoint() : null;
                    try {
                        linkSources(c, List.of(row));
                        if (write(row, upsert, delGroups, delEntities, insGroup, insEntity)) {
                            applied++;
                        } else {
                            ignored++;
                        }
                        if (sp != null) {
                            c.releaseSavepoint(sp);
                        }
                    } catch (SQLException e) {
                        if (sp == null || !SqlFailures.isRecordFault(e)) {
                            throw e;
                        }
                        c.rollback(sp);
                        rejected.add(new UpsertResult.Rejected(row, e.getMessage() + " (SQLState "
                                + e.getSQLState() + ")"));
                    }
                }
                c.commit();
                return new UpsertResult(applied, ignored, List.copyOf(rejected));
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        }
    }

    private static boolean write(ReportRow row, PreparedStatement upsert, PreparedStatement delGroups,
                                 PreparedStatement delEntities, PreparedStatement insGroup,
                                 PreparedStatement insEntity) throws SQLException {
        int i = 1;
        upsert.setString(i++, row.id());
        upsert.setInt(i++, row.revision());
        upsert.setString(i++, row.title());
        upsert.setString(i++, row.text());
        upsert.setString(i++, row.sourceJson());
        upsert.setString(i++, row.canonicalUrl());
        upsert.setString(i++, row.language());
        setTime(upsert, i++, row.publishedAt());
        setTime(upsert, i++, row.ingestedAt());
        setTime(upsert, i++, row.enrichedAt());
        upsert.setString(i++, row.contentHash());
        upsert.setString(i++, row.catalogVersion());
        upsert.setString(i++, row.enricherVersion());
        upsert.setString(i++, row.documentJson());
        upsert.setInt(i++, row.kafkaPartition());
        upsert.setLong(i, row.kafkaOffset());
        try (ResultSet rs = upsert.executeQuery()) {
            if (!rs.next()) {
                return false;
            }
        }
        delGroups.setString(1, row.id());
        delGroups.executeUpdate();
        delEntities.setString(1, row.id());
        delEntities.executeUpdate();
        if (!row.groups().isEmpty()) {
            for (ReportRow.GroupRow g : row.groups()) {
                insGroup.setString(1, row.id());
                insGroup.setString(2, g.groupId());
                insGroup.setString(3, g.name());
                insGroup.setDouble(4, g.score());
                insGroup.setString(5, g.role());
                insGroup.addBatch();
            }
            insGroup.executeBatch();
        }
        if (!row.entities().isEmpty()) {
            for (ReportRow.EntityRow e : row.entities()) {
                insEntity.setString(1, row.id());
                insEntity.setString(2, e.type());
                insEntity.setString(3, e.entityId());
                insEntity.setString(4, e.name());
                insEntity.setDouble(5, e.score());
                insEntity.addBatch();
            }
            insEntity.executeBatch();
        }
        return true;
    }

    @Override
    public Optional<String> findDocument(String id) throws DatabaseUnavailableException {
        try (Connection c = queries.getConnection();
             PreparedStatement ps = c.prepareStatement(FIND_DOCUMENT)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    @Override
    public ReportPage find(ReportQuery q) throws DatabaseUnavailableException {
        try {
            return query(q, false);
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    @Override
    public ReportPage search(ReportQuery q) throws DatabaseUnavailableException {
        try {
            return query(q, q.text() != null);
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    /** The WHERE conditions of the query's filters (not its cursor), appended to {@code sql}. */
    private static void filters(ReportQuery q, StringBuilder sql, List<Object> args) {
        if (q.group() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM report_groups g WHERE g.report_id = r.id AND g.group_id = ?)");
            args.add(q.group());
        }
        for (String entity : new String[] {q.entity(), q.place()}) {
            if (entity != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM report_entities e WHERE e.report_id = r.id"
                        + " AND (e.entity_id = ? OR lower(e.name) = lower(?)))");
                args.add(entity);
                args.add(entity);
            }
        }
        if (q.source() != null) {
            sql.append(" AND r.source->>'name' = ?");
            args.add(q.source());
        }
        if (q.topic() != null) {
            sql.append(" AND r.document->'topics' @> jsonb_build_array(jsonb_build_object('name', ?::text))");
            args.add(q.topic());
        }
        if (q.text() != null) {
            sql.append(" AND r.search @@ websearch_to_tsquery('english', ?)");
            args.add(q.text());
        }
        if (q.from() != null) {
            sql.append(" AND r.sort_time >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND r.sort_time < ?");
            args.add(q.to());
        }
    }

    private static void page(ReportQuery q, StringBuilder sql, List<Object> args) {
        if (q.after() != null) {
            sql.append(" AND (r.sort_time, r.id) < (?, ?)");
            args.add(q.after().sortTime());
            args.add(q.after().id());
        }
        sql.append(" ORDER BY r.sort_time DESC, r.id DESC LIMIT ?");
        args.add(q.limit() + 1);
    }

    private ReportPage query(ReportQuery q, boolean highlight) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (highlight) {
            // headlines only for the rows of the page: ts_headline parses the whole (capped) text
            sql.append("""
                    SELECT p.*, ts_headline('english', left(p.body, %d), websearch_to_tsquery('english', ?), ?)
                           AS headline
                    FROM (""".formatted(HEADLINE_CHARS));
            args.add(q.text());
            args.add("StartSel=" + ReportQueries.HIGHLIGHT_START + ", StopSel=" + ReportQueries.HIGHLIGHT_END
                    + ", MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"");
        }
        sql.append("""
                SELECT r.id, r.revision, r.title, left(r.text, %d) AS snippet, r.canonical_url,
                       r.source->>'kind' AS source_kind, r.source->>'name' AS source_name, r.language,
                       r.published_at, r.ingested_at, r.sort_time%s
                FROM reports r WHERE TRUE""".formatted(SNIPPET_CHARS, highlight ? ", r.text AS body" : ""));
        filters(q, sql, args);
        page(q, sql, args);
        if (highlight) {
            sql.append(") p ORDER BY p.sort_time DESC, p.id DESC");
        }
        try (Connection c = queries.getConnection()) {
            List<ReportSummary> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(summary(rs, highlight ? rs.getString("headline") : rs.getString("snippet")));
                    }
                }
            }
            ReportCursor next = null;
            if (items.size() > q.limit()) {
                items = new ArrayList<>(items.subList(0, q.limit()));
                ReportSummary last = items.get(items.size() - 1);
                next = new ReportCursor(last.sortTime(), last.id());
            }
            return new ReportPage(withGroups(c, items), next);
        }
    }

    private static ReportSummary summary(ResultSet rs, String snippet) throws SQLException {
        return new ReportSummary(rs.getString("id"), rs.getInt("revision"), rs.getString("title"), snippet,
                rs.getString("canonical_url"), rs.getString("source_kind"), rs.getString("source_name"),
                rs.getString("language"), time(rs, "published_at"), time(rs, "ingested_at"),
                time(rs, "sort_time"), List.of());
    }

    @Override
    public DocumentPage documents(ReportQuery q) throws DatabaseUnavailableException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id, r.sort_time, r.document::text FROM reports r WHERE TRUE");
        filters(q, sql, args);
        page(q, sql, args);
        try (Connection c = queries.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            List<String> documents = new ArrayList<>();
            ReportCursor next = null;
            try (ResultSet rs = ps.executeQuery()) {
                ReportCursor last = null;
                while (rs.next()) {
                    if (documents.size() == q.limit()) {
                        next = last;
                        break;
                    }
                    documents.add(rs.getString(3));
                    last = new ReportCursor(time(rs, "sort_time"), rs.getString(1));
                }
            }
            return new DocumentPage(documents, next);
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    @Override
    public SearchFacets facets(ReportQuery q, int top) throws DatabaseUnavailableException {
        List<Object> filterArgs = new ArrayList<>();
        StringBuilder matched = new StringBuilder("WITH m AS (SELECT r.id, r.source, r.document, r.sort_time"
                + " FROM reports r WHERE TRUE");
        filters(q, matched, filterArgs);
        matched.append(" ORDER BY r.sort_time DESC LIMIT ").append(SearchFacets.SAMPLE).append(") ");
        String with = matched.toString();
        try (Connection c = queries.getConnection()) {
            List<FacetCount> groups = counts(c, with + """
                    SELECT g.group_id, max(g.name), count(DISTINCT g.report_id) AS n
                    FROM report_groups g JOIN m ON m.id = g.report_id
                    GROUP BY g.group_id ORDER BY n DESC, g.group_id LIMIT ?""", filterArgs, top);
            List<FacetCount> people = entityCounts(c, with, filterArgs, "PERSON", top);
            List<FacetCount> organizations = entityCounts(c, with, filterArgs, "ORGANIZATION", top);
            List<FacetCount> places = entityCounts(c, with, filterArgs, "LOCATION", top);
            List<FacetCount> sources = counts(c, with + """
                    SELECT m.source->>'name' AS k, m.source->>'name', count(*) AS n FROM m
                    WHERE m.source->>'name' IS NOT NULL GROUP BY k ORDER BY n DESC, k LIMIT ?""", filterArgs, top);
            List<FacetCount> topics = counts(c, with + """
                    SELECT t->>'name' AS k, t->>'name', count(DISTINCT m.id) AS n
                    FROM m, jsonb_array_elements(m.document->'topics') t
                    GROUP BY k ORDER BY n DESC, k LIMIT ?""", filterArgs, top);
            try (PreparedStatement ps = c.prepareStatement(with
                    + "SELECT min(m.sort_time) AS first, max(m.sort_time) AS last, count(*) FROM m")) {
                bind(ps, filterArgs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new SearchFacets(groups, people, organizations, places, sources, topics,
                            time(rs, "first"), time(rs, "last"), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    private static List<FacetCount> entityCounts(Connection c, String with, List<Object> filterArgs, String type,
                                                 int top) throws SQLException {
        List<Object> args = new ArrayList<>(filterArgs);
        args.add(type);
        return counts(c, with + """
                SELECT coalesce(e.entity_id, e.name) AS k, max(e.name), count(DISTINCT e.report_id) AS n
                FROM report_entities e JOIN m ON m.id = e.report_id WHERE e.type = ?
                GROUP BY k ORDER BY n DESC, k LIMIT ?""", args, top);
    }

    /** Runs a (key, label, count) query whose last parameter is the row limit. */
    private static List<FacetCount> counts(Connection c, String sql, List<Object> args, int top)
            throws SQLException {
        List<Object> all = new ArrayList<>(args);
        all.add(top);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, all);
            List<FacetCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FacetCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        }
    }

    @Override
    public GroupActivity groupActivity(String groupId, LocalDate since, int top) throws DatabaseUnavailableException {
        try (Connection c = queries.getConnection()) {
            String name = null;
            long reports = 0;
            Instant first = null;
            Instant last = null;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT max(g.name), count(DISTINCT g.report_id), min(r.sort_time) AS first,
                           max(r.sort_time) AS last
                    FROM report_groups g JOIN reports r ON r.id = g.report_id WHERE g.group_id = ?""")) {
                ps.setString(1, groupId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        name = rs.getString(1);
                        reports = rs.getLong(2);
                        first = time(rs, "first");
                        last = time(rs, "last");
                    }
                }
            }
            List<GroupActivity.DayCount> days = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT (r.sort_time AT TIME ZONE 'UTC')::date AS day, count(DISTINCT r.id)
                    FROM report_groups g JOIN reports r ON r.id = g.report_id
                    WHERE g.group_id = ? AND r.sort_time >= ? GROUP BY day ORDER BY day""")) {
                ps.setString(1, groupId);
                setTime(ps, 2, since.atStartOfDay(ZoneOffset.UTC).toInstant());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.add(new GroupActivity.DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
                    }
                }
            }
            List<FacetCount> groups = counts(c, """
                    SELECT g2.group_id, max(g2.name), count(DISTINCT g2.report_id) AS n
                    FROM report_groups g1 JOIN report_groups g2
                      ON g2.report_id = g1.report_id AND g2.group_id <> g1.group_id
                    WHERE g1.group_id = ? GROUP BY g2.group_id ORDER BY n DESC, g2.group_id LIMIT ?""",
                    List.of(groupId), top);
            List<FacetCount> people = coEntities(c, groupId, "PERSON", top);
            List<FacetCount> places = coEntities(c, groupId, "LOCATION", top);
            return new GroupActivity(groupId, name, reports, first, last, days, groups, people, places);
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    private static List<FacetCount> coEntities(Connection c, String groupId, String type, int top)
            throws SQLException {
        return counts(c, """
                SELECT coalesce(e.entity_id, e.name) AS k, max(e.name), count(DISTINCT e.report_id) AS n
                FROM report_groups g JOIN report_entities e ON e.report_id = g.report_id
                WHERE g.group_id = ? AND e.type = ? GROUP BY k ORDER BY n DESC, k LIMIT ?""",
                List.of(groupId, type), top);
    }

    @Override
    public List<ReportSummary> duplicatesOf(String id, int limit) throws DatabaseUnavailableException {
        try (Connection c = queries.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT r.id, r.revision, r.title, left(r.text, %d) AS snippet, r.canonical_url,
                            r.source->>'kind' AS source_kind, r.source->>'name' AS source_name, r.language,
                            r.published_at, r.ingested_at, r.sort_time
                     FROM reports r WHERE r.document->>'duplicateOf' = ?
                     ORDER BY r.sort_time DESC, r.id DESC LIMIT ?""".formatted(SNIPPET_CHARS))) {
            ps.setString(1, id);
            ps.setInt(2, limit);
            List<ReportSummary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs, rs.getString("snippet")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    @Override
    public List<AddedReport> added(Instant after, ReportCursor from, int limit) throws DatabaseUnavailableException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id, r.stored_at, r.document::text FROM reports r WHERE TRUE");
        if (from != null) {
            sql.append(" AND (r.stored_at, r.id) >= (?, ?)");
            args.add(from.sortTime());
            args.add(from.id());
        } else if (after != null) {
            sql.append(" AND r.stored_at > ?");
            args.add(after);
        }
        sql.append(" ORDER BY r.stored_at, r.id LIMIT ?");
        args.add(limit);
        try (Connection c = queries.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            List<AddedReport> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AddedReport(rs.getString(1), time(rs, "stored_at"), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    private static List<ReportSummary> withGroups(Connection c, List<ReportSummary> items) throws SQLException {
        if (items.isEmpty()) {
            return items;
        }
        Map<String, List<ReportRow.GroupRow>> byReport = new HashMap<>();
        String[] ids = items.stream().map(ReportSummary::id).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT report_id, group_id, name, score, role FROM report_groups
                WHERE report_id = ANY (?) ORDER BY report_id, score DESC, group_id""")) {
            Array array = c.createArrayOf("text", ids);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byReport.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ReportRow.GroupRow(rs.getString(2), rs.getString(3), rs.getDouble(4),
                                    rs.getString(5)));
                }
            } finally {
                array.free();
            }
        }
        return items.stream().map(s -> new ReportSummary(s.id(), s.revision(), s.title(), s.snippet(),
                s.canonicalUrl(), s.sourceKind(), s.sourceName(), s.language(), s.publishedAt(), s.ingestedAt(),
                s.sortTime(), List.copyOf(byReport.getOrDefault(s.id(), List.of())))).toList();
    }

    @Override
    public List<GroupStats> groups() throws DatabaseUnavailableException {
        try (Connection c = queries.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT g.group_id, max(g.name) AS name, count(DISTINCT g.report_id) AS reports,
                            max(r.sort_time) AS last_seen
                     FROM report_groups g JOIN reports r ON r.id = g.report_id
                     GROUP BY g.group_id ORDER BY reports DESC, g.group_id""");
             ResultSet rs = ps.executeQuery()) {
            Map<String, GroupStats> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), new GroupStats(rs.getString(1), rs.getString(2), rs.getLong(3),
                        time(rs, "last_seen")));
            }
            return List.copyOf(out.values());
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    /** Throws unless the database answers a trivial query. */
    @Override
    public void ping() throws DatabaseUnavailableException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            st.execute("SELECT 1");
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static DatabaseUnavailableException unavailable(SQLException e) {
        return new DatabaseUnavailableException("PostgreSQL unavailable: " + e.getMessage() + " (SQLState "
                + e.getSQLState() + ")", e);
    }

    /** A query refused for its input (a NUL byte, say) is the caller's fault, not an outage. */
    private static DatabaseUnavailableException queryFailure(SQLException e) {
        if (SqlFailures.isCancelled(e)) {
            return new QueryTimeoutException("The query ran over the query statement timeout and was cancelled ("
                    + e.getMessage() + ")", e);
        }
        if (SqlFailures.isRecordFault(e)) {
            throw new IllegalArgumentException("The query's input was refused by the database: " + e.getMessage(),
                    e);
        }
        return unavailable(e);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Instant t) {
                setTime(ps, i + 1, t);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    private static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, t.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // the connection is broken; Hikari evicts it on close
            LOG.debug("Could not restore auto-commit: {}", e.getMessage());
        }
    }
}
