package io.watchfloor.bench;

import io.watchfloor.store.db.ReportRepository;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.store.domain.ReportStore;
import io.watchfloor.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store's write path against PostgreSQL's own bulk load, side by side in one run on the same rows, on
 * embedded PostgreSQL 17 with the store's real schema (its Flyway migrations):
 * <ol>
 *   <li>baseline: {@code COPY} of the report rows and their group and entity rows into unlogged staging tables
 *       without indexes ({@link StoreLoad#copyStaging});</li>
 *   <li>ceiling: {@code COPY} of the same rows straight into tables shaped like the real ones (generated search
 *       vector and sort time, every index, logged), without upsert rules;</li>
 *   <li>the store: {@code ReportRepository.upsertAll} per batch, and the same batches replayed (all ignored);</li>
 *   <li>optionally ({@code --row-by-row}) the savepoint-per-row fallback.</li>
 * </ol>
 * {@code --probe} also times COPY into variants of the reports table with one cost removed at a time, to show
 * what dominates. Rows come from the dev set through the real enricher and the store's mappers
 * ({@link BenchCorpus#storeRows}). Every variant runs on one connection ({@link OneConnection}, as the service's
 * pool gives it), and its cost is reported as wall time and as CPU time of this thread plus the backend. Usage:
 * {@code StoreBenchmark [--records=20000] [--batch=500] [--rounds=3] [--texts=<jsonl>] [--probe] [--row-by-row]
 * [--schema-version=2] [--compare-class=<a ReportStore with a (DataSource) constructor>]}.
 */
public final class StoreBenchmark {

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Options.parse(args);
        int records = Options.integer(opt, "records", 20_000);
        int batch = Options.integer(opt, "batch", 500);
        int rounds = Options.integer(opt, "rounds", 3);
        compareClass = opt.get("compare-class");
        List<BenchCorpus.Item> corpus = BenchCorpus.load(Path.of(opt.getOrDefault("texts",
                BenchCorpus.DEV_SET.toString())));
        PostgresExtension.start();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(PostgresExtension.jdbcUrl());
        ds.setUser(PostgresExtension.user());
        ds.setPassword(PostgresExtension.password());
        try {
            Result last = null;
            List<Result> all = new ArrayList<>();
            prepare(ds, opt.get("schema-version"));
            System.err.printf("%d rows from %d texts, batches of %d, PostgreSQL at %s%n", records, corpus.size(),
                    batch, PostgresExtension.jdbcUrl());
            for (int round = 1; round <= rounds; round++) {
                last = round(ds, corpus, records, batch, "r" + round + "-", opt.containsKey("row-by-row"));
                all.add(last);
                System.err.printf("round %d: %s%n", round, last);
            }
            print(all, records, batch);
            if (opt.containsKey("probe")) {
                probe(ds, BenchCorpus.storeRows(Math.min(records, 5000), corpus, "probe-"), batch);
                explainMerge(ds, BenchCorpus.storeRows(batch, corpus, "explain-"));
            }
        } finally {
            PostgresExtension.stop();
        }
    }

    /** Wall time and CPU time (this thread plus the PostgreSQL backend) of one variant. */
    record Cost(double seconds, double cpuSeconds) {
    }

    /** Costs of one round for {@code rows} rows. */
    record Result(int rows, Cost copyStaging, Cost copyReal, Cost store, Cost replay, Cost rowByRow,
                  Cost compare, Cost compareReplay) {
        Result(int rows, Cost copyStaging, Cost copyReal, Cost store, Cost replay, Cost rowByRow) {
            this(rows, copyStaging, copyReal, store, replay, rowByRow, null, null);
        }

        double rate(Cost c) {
            return rows / c.seconds();
        }

        double cpuRate(Cost c) {
            return rows / c.cpuSeconds();
        }

        @Override
        public String toString() {
            return String.format("COPY staging %.0f rows/s (%.0f per CPU-s), COPY into real-shaped tables %.0f (%.0f),"
                    + " store upsert %.0f (%.0f): %.2fx staging by wall time, %.2fx by CPU; replay %.0f (%.0f)%s",
                    rate(copyStaging), cpuRate(copyStaging), rate(copyReal), cpuRate(copyReal), rate(store),
                    cpuRate(store), rate(store) / rate(copyStaging), cpuRate(store) / cpuRate(copyStaging),
                    rate(replay), cpuRate(replay),
                    rowByRow == null ? "" : String.format("; row by row %.0f (%.0f)", rate(rowByRow),
                            cpuRate(rowByRow)))
                    + (compare == null ? "" : String.format("; --compare-class %.0f (%.0f), its replay %.0f (%.0f)",
                            rate(compare), cpuRate(compare), rate(compareReplay), cpuRate(compareReplay)));
        }
    }

    /**
     * A scratch schema on a running database (the local stack's) with the store's tables, the baseline and the
     * ceiling tables; returns a data source whose connections work in it.
     */
    static DataSource prepareSchema(String jdbcUrl, String user, String password, String schema) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
        }
        Flyway.configure().dataSource(ds).schemas(schema).locations("classpath:db/migration").load().migrate();
        ds.setCurrentSchema(schema);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            StoreLoad.createStaging(st);
            st.execute("CREATE TABLE copy_reports (LIKE reports INCLUDING ALL)");
            st.execute("CREATE TABLE copy_groups (LIKE report_groups INCLUDING ALL)");
            st.execute("CREATE TABLE copy_entities (LIKE report_entities INCLUDING ALL)");
        }
        return ds;
    }

    static void dropSchema(String jdbcUrl, String user, String password, String schema) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** The store's schema as Flyway leaves it, plus the baseline and ceiling tables. */
    static void prepare(DataSource ds, String schemaVersion) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (schemaVersion != null) {
            flyway.target(schemaVersion); // an older schema, to compare with an older build
        }
        flyway.load().migrate();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            StoreLoad.createStaging(st);
            st.execute("CREATE TABLE copy_reports (LIKE reports INCLUDING ALL)");
            st.execute("CREATE TABLE copy_groups (LIKE report_groups INCLUDING ALL)");
            st.execute("CREATE TABLE copy_entities (LIKE report_entities INCLUDING ALL)");
        }
    }

    static Result round(DataSource target, List<BenchCorpus.Item> corpus, int records, int batch, String prefix,
                        boolean rowByRow) throws Exception {
        List<ReportRow> rows = BenchCorpus.storeRows(records, corpus, prefix);
        try (OneConnection ds = new OneConnection(target)) {
            ReportRepository repository = new ReportRepository(ds);
            vacuum(ds);
            Cost copy = measured(ds, () -> StoreLoad.copyStaging(ds, rows, batch));
            Cost copyReal = measured(ds, () -> {
                for (int i = 0; i < rows.size(); i += batch) {
                    StoreLoad.copy(ds.getConnection(), rows.subList(i, Math.min(rows.size(), i + batch)),
                            "copy_reports", "copy_groups", "copy_entities");
                }
            });
            Cost store = measured(ds, () -> {
                for (int i = 0; i < rows.size(); i += batch) {
                    repository.upsertAll(rows.subList(i, Math.min(rows.size(), i + batch)));
                }
            });
            Cost replay = measured(ds, () -> {
                for (int i = 0; i < rows.size(); i += batch) {
                    repository.upsertAll(rows.subList(i, Math.min(rows.size(), i + batch)));
                }
            });
            Cost single = null;
            if (rowByRow) {
                List<ReportRow> again = BenchCorpus.storeRows(records, corpus, prefix + "single-");
                single = measured(ds, () -> {
                    for (int i = 0; i < again.size(); i += batch) {
                        repository.upsertRowByRow(again.subList(i, Math.min(again.size(), i + batch)));
                    }
                });
            }
            Cost compare = null;
            Cost compareReplay = null;
            if (compareClass != null) {
                // another implementation of the write port (an older build's, say) on its own ids, same run
                ReportStore other = (ReportStore) Class.forName(compareClass).getConstructor(DataSource.class)
                        .newInstance(ds);
                List<ReportRow> again = BenchCorpus.storeRows(records, corpus, prefix + "cmp-");
                compare = measured(ds, () -> {
                    for (int i = 0; i < again.size(); i += batch) {
                        other.upsertAll(again.subList(i, Math.min(again.size(), i + batch)));
                    }
                });
                compareReplay = measured(ds, () -> {
                    for (int i = 0; i < again.size(); i += batch) {
                        other.upsertAll(again.subList(i, Math.min(again.size(), i + batch)));
                    }
                });
            }
            return new Result(records, copy, copyReal, store, replay, single, compare, compareReplay);
        }
    }

    /** {@code --compare-class}: a class implementing {@code ReportStore} with a {@code (DataSource)} constructor. */
    static String compareClass;

    private static Cost measured(OneConnection ds, Work work) throws Exception {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long pg0 = ds.backendCpuMillis();
        double seconds = timed(work);
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 + (ds.backendCpuMillis() - pg0) / 1e3;
        return new Cost(seconds, cpu);
    }

    private static void print(List<Result> all, int records, int batch) {
        System.out.printf("%n| store write (%d rows with their group and entity rows, batches of %d, %d rounds) "
                + "| rows/s | vs COPY into unlogged staging, wall | rows per CPU-second (client + backend) "
                + "| vs COPY into unlogged staging, CPU |%n|---|---|---|---|---|%n", records, batch, all.size());
        line("COPY into unlogged staging tables (baseline)", all, Result::copyStaging);
        line("COPY straight into tables shaped like the store's (ceiling)", all, Result::copyReal);
        line("store: ReportRepository.upsertAll", all, Result::store);
        line("store: the same batches replayed (all ignored)", all, Result::replay);
        if (all.get(0).rowByRow() != null) {
            line("store: row by row with savepoints (fallback)", all, Result::rowByRow);
        }
        if (all.get(0).compare() != null) {
            line("--compare-class " + compareClass, all, Result::compare);
            line("--compare-class, replayed", all, Result::compareReplay);
        }
        double[] wall = range(all, r -> r.rate(r.store()) / r.rate(r.copyReal()));
        double[] cpu = range(all, r -> r.cpuRate(r.store()) / r.cpuRate(r.copyReal()));
        System.out.printf("| store upsert vs COPY straight into the real-shaped tables | | %.2f-%.2fx | | %.2f-%.2fx |%n",
                wall[0], wall[1], cpu[0], cpu[1]);
    }

    private static void line(String name, List<Result> all, java.util.function.Function<Result, Cost> f) {
        StringBuilder rates = new StringBuilder();
        StringBuilder cpuRates = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            Result r = all.get(i);
            rates.append(i == 0 ? "" : ", ").append(String.format("%.0f", r.rate(f.apply(r))));
            cpuRates.append(i == 0 ? "" : ", ").append(String.format("%.0f", r.cpuRate(f.apply(r))));
        }
        double[] wall = range(all, r -> r.rate(f.apply(r)) / r.rate(r.copyStaging()));
        double[] cpu = range(all, r -> r.cpuRate(f.apply(r)) / r.cpuRate(r.copyStaging()));
        System.out.printf("| %s | %s | %.2f-%.2fx | %s | %.2f-%.2fx |%n", name, rates, wall[0], wall[1], cpuRates,
                cpu[0], cpu[1]);
    }

    private static double[] range(List<Result> all, java.util.function.ToDoubleFunction<Result> f) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Result r : all) {
            lo = Math.min(lo, f.applyAsDouble(r));
            hi = Math.max(hi, f.applyAsDouble(r));
        }
        return new double[] {lo, hi};
    }

    /**
     * What the write costs: COPY into variants of the reports table, each without one part of the real one,
     * and the store's statements one by one with EXPLAIN ANALYZE on one batch.
     */
    static void probe(DataSource ds, List<ReportRow> rows, int batch) throws Exception {
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("real-shaped (all indexes, search vector, logged)", "");
        variants.put("without the GIN full-text index", "DROP INDEX %s_search_idx");
        variants.put("without the search vector column (and its index)", "ALTER TABLE %s DROP COLUMN search");
        variants.put("without the topics GIN index", "DROP INDEX %s_topics_idx");
        variants.put("without any secondary index (primary key kept)", "SELECT drop_secondary('%s')");
        variants.put("unlogged, otherwise real-shaped", "ALTER TABLE %s SET UNLOGGED");
        variants.put("document and text stored uncompressed (STORAGE EXTERNAL)",
                "ALTER TABLE %s ALTER COLUMN document SET STORAGE EXTERNAL, ALTER COLUMN text SET STORAGE EXTERNAL");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE OR REPLACE FUNCTION drop_secondary(t text) RETURNS void LANGUAGE plpgsql AS $$
                    DECLARE i record;
                    BEGIN
                      FOR i IN SELECT indexrelid::regclass AS name FROM pg_index
                               WHERE indrelid = t::regclass AND NOT indisprimary LOOP
                        EXECUTE 'DROP INDEX ' || i.name;
                      END LOOP;
                    END $$""");
        }
        System.out.printf("%n| COPY of %d report rows (no child rows) into a reports-shaped table | rows/s "
                + "| vs real-shaped |%n|---|---|---|%n", rows.size());
        double full = 0;
        int v = 0;
        for (Map.Entry<String, String> e : variants.entrySet()) {
            String table = "probe_" + v++;
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (LIKE reports INCLUDING ALL)");
                String[] renames = {"search", "topics"};
                // LIKE names the copied indexes after the new table; find them by what they index
                for (String what : renames) {
                    try (ResultSet rs = st.executeQuery("SELECT indexrelid::regclass FROM pg_index WHERE indrelid = '"
                            + table + "'::regclass AND pg_get_indexdef(indexrelid) LIKE '%" + what + "%'")) {
                        String target = table + "_" + what + "_idx";
                        if (rs.next() && !rs.getString(1).equals(target)) {
                            String name = rs.getString(1);
                            try (Statement rn = c.createStatement()) {
                                rn.execute("ALTER INDEX " + name + " RENAME TO " + target);
                            }
                        }
                    }
                }
                if (!e.getValue().isEmpty()) {
                    st.execute(e.getValue().formatted(table));
                }
            }
            vacuum(ds);
            double seconds = timed(() -> {
                try (Connection c = ds.getConnection()) {
                    for (int i = 0; i < rows.size(); i += batch) {
                        StoreLoad.copy(c, rows.subList(i, Math.min(rows.size(), i + batch)), table, null, null);
                    }
                }
            });
            double rate = rows.size() / seconds;
            if (full == 0) {
                full = rate;
            }
            System.out.printf("| %s | %.0f | %.2fx |%n", e.getKey(), rate, rate / full);
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT avg(length(text)), avg(length(document::text)), avg(pg_column_size(document)),
                            avg(pg_column_size(search)), avg(length(search)),
                            (SELECT current_setting('default_toast_compression'))
                     FROM probe_0""")) {
            rs.next();
            System.out.printf("%nper row (probe_0): text %.0f chars, document %.0f chars (%.0f bytes stored), search vector "
                    + "%.0f bytes, %.0f lexemes; default_toast_compression=%s%n", rs.getDouble(1), rs.getDouble(2),
                    rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getString(6));
        }
    }

    /** Statistics for the planner, so every variant starts from the same state. */
    /** EXPLAIN ANALYZE of a set-based merge from staging tables, one batch of fresh rows. */
    static void explainMerge(DataSource ds, List<ReportRow> batchRows) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE copy_staging, copy_staging_groups, copy_staging_entities");
            double staged = timed(() -> StoreLoad.copy(c, batchRows, "copy_staging", "copy_staging_groups",
                    "copy_staging_entities"));
            System.out.printf("%nCOPY of one batch (%d rows and children) into the staging tables: %.1f ms%n",
                    batchRows.size(), staged * 1000);
            String[] statements = {
                "INSERT INTO reports (" + StoreLoad.REPORT_COLUMNS + ") SELECT " + StoreLoad.REPORT_COLUMNS
                        + " FROM copy_staging ON CONFLICT (id) DO UPDATE SET revision = excluded.revision "
                        + "WHERE (excluded.revision, excluded.enriched_at) > (reports.revision, reports.enriched_at) "
                        + "RETURNING id",
                "DELETE FROM report_groups WHERE report_id IN (SELECT id FROM copy_staging)",
                "INSERT INTO report_groups SELECT * FROM copy_staging_groups",
                "INSERT INTO report_entities SELECT * FROM copy_staging_entities"};
            for (String sql : statements) {
                System.out.println("EXPLAIN (ANALYZE, BUFFERS, WAL) " + sql.substring(0, Math.min(60, sql.length()))
                        + " ...");
                try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, WAL) " + sql)) {
                    while (rs.next()) {
                        System.out.println("    " + rs.getString(1));
                    }
                }
            }
        }
    }

    static void vacuum(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE");
        }
    }

    /** A piece of work that may throw. */
    interface Work {
        void run() throws Exception;
    }

    static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
