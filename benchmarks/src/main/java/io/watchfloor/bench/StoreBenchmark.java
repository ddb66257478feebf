package io.watchfloor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.store.db.ReportRepository;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.testsupport.PostgresExtension;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store's write path against PostgreSQL's own bulk load, side by side in one run on the same rows, on
 * embedded PostgreSQL 17: (1) {@code COPY} of the rows into an unlogged staging table (the baseline), (2) the
 * store's batched upsert ({@code ReportRepository.upsertBatch}: one set-based upsert plus one delete and one
 * insert for the child rows per batch), (3) the row-by-row path kept for batches PostgreSQL refuses. Rows: the
 * dev-set texts with realistic JSON documents and 3 groups and 5 entities each. Usage:
 * {@code StoreBenchmark [--records=20000] [--batch=500] [--texts=<jsonl>]}.
 */
public final class StoreBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        int records = Integer.parseInt(opt.getOrDefault("records", "20000"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "500"));
        Path texts = Path.of(opt.getOrDefault("texts",
                "../shared/data/dev-eval/wikipedia-current-events-2025-09-14_2026-02-28.jsonl"));
        List<String> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(texts, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                corpus.add(JSON.readTree(line).path("text").asText());
            }
        }
        PostgresExtension.start();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(PostgresExtension.jdbcUrl());
        ds.setUser(PostgresExtension.user());
        ds.setPassword(PostgresExtension.password());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS report_entities, report_groups, reports, copy_staging CASCADE");
            try (InputStream in = ReportRepository.class.getResourceAsStream("/db/migration/V1__reports.sql")) {
                st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            st.execute("CREATE UNLOGGED TABLE copy_staging (id text, revision int, title text, text text, "
                    + "source jsonb, document jsonb, enriched_at timestamptz)");
            // the reports table's own generated columns (search vector, sort time) and indexes, without upsert rules
            st.execute("CREATE TABLE copy_full (LIKE reports INCLUDING ALL)");
        }
        ReportRepository repository = new ReportRepository(ds);
        System.err.printf("%d rows from %d texts, batches of %d, PostgreSQL at %s%n", records, corpus.size(), batch,
                PostgresExtension.jdbcUrl());

        for (int round = 1; round <= 3; round++) {
            List<ReportRow> rows = rows(records, corpus, "r" + round + "-");
            double copy = timed(() -> copy(ds, rows, "copy_staging"));
            double copyFull = timed(() -> copy(ds, rows, "copy_full"));
            double batched = timed(() -> {
                for (int i = 0; i < rows.size(); i += batch) {
                    repository.upsertAll(rows.subList(i, Math.min(rows.size(), i + batch)));
                }
            });
            List<ReportRow> again = rows(records, corpus, "r" + round + "-single-");
            double single = timed(() -> {
                for (int i = 0; i < again.size(); i += batch) {
                    repository.upsertRowByRow(again.subList(i, Math.min(again.size(), i + batch)));
                }
            });
            System.err.printf("round %d: COPY %.0f rows/s, COPY into a table shaped like reports %.0f rows/s, batched "
                    + "upsert %.0f rows/s (%.2fx), row by row %.0f rows/s (%.2fx)%n", round, records / copy,
                    records / copyFull, records / batched, copy / batched, records / single, copy / single);
            if (round == 3) {
                System.out.printf("| store write, batched upsert vs COPY into an unlogged table (%d rows, batches of %d)"
                        + " | %.0f vs %.0f rows/s | %.2fx |%n", records, batch, records / batched, records / copy,
                        copy / batched);
                System.out.printf("| store write, row by row (the fallback) vs COPY | %.0f vs %.0f rows/s | %.2fx |%n",
                        records / single, records / copy, copy / single);
                System.out.printf("| COPY into a table with the reports table's generated search vector and indexes "
                        + "vs COPY into the unlogged staging table | %.0f vs %.0f rows/s | %.2fx |%n",
                        records / copyFull, records / copy, copy / copyFull);
            }
        }
        PostgresExtension.stop();
    }

    /** A piece of work that may throw. */
    interface Work {
        void run() throws Exception;
    }

    private static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void copy(PGSimpleDataSource ds, List<ReportRow> rows, String table) throws Exception {
        boolean full = table.equals("copy_full");
        StringBuilder csv = new StringBuilder();
        for (ReportRow r : rows) {
            csv.append(quote(r.id())).append(',').append(r.revision()).append(',').append(quote(r.title()))
                    .append(',').append(quote(r.text())).append(',').append(quote(r.sourceJson())).append(',');
            if (full) {
                csv.append(quote(r.canonicalUrl())).append(',').append(quote(r.language())).append(",,")
                        .append(r.ingestedAt()).append(',').append(r.enrichedAt()).append(',')
                        .append(quote(r.contentHash())).append(',').append(quote(r.catalogVersion())).append(',')
                        .append(quote(r.enricherVersion())).append(',').append(quote(r.documentJson())).append(',')
                        .append(r.kafkaPartition()).append(',').append(r.kafkaOffset()).append('\n');
            } else {
                csv.append(quote(r.documentJson())).append(',').append(r.enrichedAt()).append('\n');
            }
        }
        String columns = full ? " (id, revision, title, text, source, canonical_url, language, published_at, "
                + "ingested_at, enriched_at, content_hash, catalog_version, enricher_version, document, "
                + "kafka_partition, kafka_offset)" : "";
        try (Connection c = ds.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + columns
                    + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        }
    }

    private static String quote(String s) {
        return s == null ? "" : '"' + s.replace("\"", "\"\"") + '"';
    }

    private static List<ReportRow> rows(int n, List<String> corpus, String prefix) throws Exception {
        List<ReportRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String text = corpus.get(i % corpus.size());
            Map<String, Object> doc = new HashMap<>();
            doc.put("id", prefix + i);
            doc.put("text", text);
            doc.put("groups", List.of(Map.of("id", "iskp", "evidence", List.of(Map.of("start", 1, "end", 7)))));
            String document = JSON.writeValueAsString(doc);
            rows.add(new ReportRow(prefix + i, 1, "Title " + i, text, "{\"kind\":\"bench\",\"name\":\"dev-set\"}",
                    "https://news.example.org/" + i, "en", null, Instant.parse("2026-12-01T00:00:00Z"),
                    Instant.parse("2026-12-01T00:00:01Z"), "h" + i, "c1", "e1", document,
                    List.of(new ReportRow.GroupRow("iskp", "ISKP", 0.9, "mentioned"),
                            new ReportRow.GroupRow("ttp", "TTP", 0.8, "mentioned"),
                            new ReportRow.GroupRow("al-qaeda", "AQ", 0.7, "mentioned")),
                    List.of(new ReportRow.EntityRow("LOCATION", "geo:country:PK", "Pakistan", 0.9),
                            new ReportRow.EntityRow("LOCATION", "geo:country:AF", "Afghanistan", 0.9),
                            new ReportRow.EntityRow("PERSON", null, "Sharifullah", 0.8),
                            new ReportRow.EntityRow("ORGANIZATION", null, "CIA", 0.8),
                            new ReportRow.EntityRow("LOCATION", null, "Kabul", 0.7)),
                    i % 6, i));
        }
        return rows;
    }
}
