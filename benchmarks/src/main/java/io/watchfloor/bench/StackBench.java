package io.watchfloor.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.stack.LocalStack;
import io.watchfloor.stack.Machine;
import io.watchfloor.stack.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code ./watchfloor bench [--quick]}: issue 12's table, every stage measured side by side with its baseline on
 * the same records in one run, against a local stack it starts on free ports in a scratch home (or, with
 * {@code --running}, the stack of {@code ./watchfloor up}). Ends with the line
 * {@code ratios: ingest=<x> enrich=<x> store=<x> e2e=<x> eos=<x>}.
 *
 * <p>Stages: store (the store's batch write vs COPY into unlogged staging tables, in a scratch schema of the
 * stack's PostgreSQL); enrich (the real topology vs a pass-through one, both exactly-once, and at-least-once, in
 * this JVM on scratch topics); ingest (HTTP POST batches and single POSTs vs Kafka's producer into the raw topic,
 * the pipeline consuming behind both); end to end (POST -> stored in PostgreSQL); p99 latency POST -> queryable at
 * half the end-to-end rate; RSS of every process. Options: {@code --quick}, {@code --running}, {@code --rounds=N},
 * {@code --records=N} (scales every stage), {@code --concurrency=N}, {@code --texts=<jsonl>},
 * {@code --skip=store,enrich,ingest,latency}.
 */
public final class StackBench {
    private static final String DB_USER = "watchfloor";
    private static final String DB_PASSWORD = "watchfloor";

    private final Map<String, String> opt;
    private final boolean quick;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final PrintStream out;
    private final Table table = new Table();

    private StackBench(Map<String, String> opt, PrintStream out) {
        this.opt = opt;
        this.quick = opt.containsKey("quick");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Options.parse(args);
        if (opt.containsKey("curves")) {
            new CostCurves(opt, System.out).runAll();
            return;
        }
        if (opt.containsKey("help")) {
            System.out.println("usage: ./watchfloor bench [--quick] [--running] [--rounds=N] [--records=N] "
                    + "[--concurrency=N] [--skip=store,enrich,ingest,latency]\n"
                    + "       ./watchfloor bench --curves [--quick] [--lengths=250,1000,...] [--instances=1,2,4] "
                    + "[--records=N] [--skip=lengths|instances]");
            return;
        }
        new StackBench(opt, System.out).runAll();
    }

    /** Where the stack's parts answer. */
    record Target(String bootstrap, String registryUrl, String ingestUrl, String jdbcUrl, String apiKey,
                  Path runDir, Path postgresDir) {
    }

    /** Sizes of one run. */
    record Sizes(int store, int enrich, int batch, int single, int latencySeconds, int rounds) {
    }

    Sizes sizes() {
        double scale = opt.containsKey("records") ? Integer.parseInt(opt.get("records")) / (quick ? 2000.0 : 10000.0)
                : 1.0;
        int rounds = Options.integer(opt, "rounds", quick ? 1 : 3);
        return quick
                ? new Sizes((int) (2000 * scale), (int) (2000 * scale), (int) (2000 * scale), (int) (600 * scale),
                        6, rounds)
                : new Sizes((int) (10000 * scale), (int) (10000 * scale), (int) (10000 * scale),
                        (int) (3000 * scale), 30, rounds);
    }

    void runAll() throws Exception {
        Path repo = Path.of(System.getenv().getOrDefault("WATCHFLOOR_REPO", ".")).toAbsolutePath().normalize();
        List<BenchCorpus.Item> corpus = BenchCorpus.load(Path.of(opt.getOrDefault("texts",
                repo.resolve(BenchCorpus.DEV_SET).normalize().toString())));
        Sizes sizes = sizes();
        long start = System.nanoTime();
        out.printf("Watchfloor bench %s (run %s), %s; %d cores; load average at start: %s%n",
                quick ? "--quick" : "(full)", run, Instant.now(), Runtime.getRuntime().availableProcessors(),
                Machine.loadAverage());
        out.printf("records: %d texts (mean %.0f chars); sizes %s%n", corpus.size(),
                corpus.stream().mapToInt(i -> i.text().length()).average().orElse(0), sizes);
        Path home = null;
        LocalStack stack = null;
        Target target;
        if (opt.containsKey("running")) {
            StackOptions o = StackOptions.fromEnvironment(System.getenv(), false);
            target = new Target(o.kafkaBootstrap(), withUserInfo(o.registryUrl(), o.registryCredentials()),
                    o.ingestUrl(), o.jdbcUrl(), Files.readString(o.apiKeyFile()).trim(), o.runDir(), o.postgresDir());
            out.println("Using the running stack at " + o.home());
        } else {
            home = Files.createTempDirectory("watchfloor-bench-");
            out.println("Starting a local stack on free ports in " + home + " (progress on stderr) ...");
            StackOptions o = StackOptions.forTest(repo, home, Machine.freePorts(9), System.err);
            stack = LocalStack.start(o);
            target = new Target(stack.kafkaBootstrapServers(), withUserInfo(stack.registryUrl(),
                    o.registryCredentials()), stack.ingestUrl(), stack.jdbcUrl(), stack.apiKey(), o.runDir(),
                    o.postgresDir());
            out.printf("Stack ready after %.0f s%n", (System.nanoTime() - start) / 1e9);
            int instances = Options.integer(opt, "instances", 1);
            for (int i = 2; i <= instances; i++) {
                for (String service : List.of("enrich-service", "store-service")) {
                    String name = stack.addInstance(service, Machine.freePorts(1)[0]);
                    out.println("  started " + name);
                }
            }
            if (instances > 1) {
                awaitMembers(out, target.bootstrap(), pipelineMembers(instances));
            }
        }
        Set<String> skip = new HashSet<>(Arrays.asList(opt.getOrDefault("skip", "").split(",")));
        try (SchemaRegistryClient registry = SchemaRegistryClients.forUrl(target.registryUrl())) {
            Map<String, Long> idle = Rss.of(target.runDir(), target.postgresDir());
            if (!skip.contains("store")) {
                store(target, corpus, sizes);
            }
            if (!skip.contains("enrich")) {
                enrich(target, registry, corpus, sizes);
            }
            Rss.Sampler loaded = new Rss.Sampler(target.runDir(), target.postgresDir());
            double e2eRate = 0;
            if (!skip.contains("ingest")) {
                loaded.start();
                e2eRate = ingest(target, registry, corpus, sizes);
                loaded.stop();
            }
            if (!skip.contains("latency") && e2eRate > 0) {
                // the sustainable rate of single POSTs is the lower of what ingest answers and what gets stored
                latency(target, corpus, sizes, Math.min(e2eRate, singleRate) / 2);
            }
            table.print(out);
            cpuProfile.run();
            Rss.print(out, idle, loaded.max());
        } finally {
            if (stack != null) {
                stack.close();
                deleteTree(home);
            }
        }
        out.printf("bench finished in %.0f s; load average at the end: %s%n", (System.nanoTime() - start) / 1e9,
                Machine.loadAverage());
        out.println(table.ratios());
    }

    // ---- store ---------------------------------------------------------------------------------------------

    private void store(Target target, List<BenchCorpus.Item> corpus, Sizes sizes) throws Exception {
        out.println("[store] the store's batch write vs COPY, scratch schema in the stack's PostgreSQL ...");
        String schema = "bench_" + run;
        var ds = StoreBenchmark.prepareSchema(target.jdbcUrl(), DB_USER, DB_PASSWORD, schema);
        try {
            List<Double> ratios = new ArrayList<>();
            List<Double> ceiling = new ArrayList<>();
            List<Double> storeRates = new ArrayList<>();
            List<Double> copyRates = new ArrayList<>();
            List<Double> realRates = new ArrayList<>();
            for (int round = 1; round <= sizes.rounds(); round++) {
                StoreBenchmark.Result r = StoreBenchmark.round(ds, corpus, sizes.store(), 500, "s" + round + "-",
                        false);
                out.println("  round " + round + ": " + r);
                storeRates.add(r.rate(r.store()));
                copyRates.add(r.rate(r.copyStaging()));
                realRates.add(r.rate(r.copyReal()));
                ratios.add(r.rate(r.store()) / r.rate(r.copyStaging()));
                ceiling.add(r.rate(r.store()) / r.rate(r.copyReal()));
            }
            table.add("store", "store: batch upsert (one set-based upsert, set-based child rows), "
                    + sizes.store() + " rows, batches of 500", storeRates, "COPY into unlogged staging tables",
                    copyRates, ratios, ">= 0.5x");
            table.add(null, "store vs COPY straight into tables shaped like the store's (the ceiling)", storeRates,
                    "COPY into the real-shaped tables", realRates, ceiling, "");
        } finally {
            StoreBenchmark.dropSchema(target.jdbcUrl(), DB_USER, DB_PASSWORD, schema);
        }
    }

    // ---- enrich --------------------------------------------------------------------------------------------

    private void enrich(Target target, SchemaRegistryClient registry, List<BenchCorpus.Item> corpus, Sizes sizes)
            throws Exception {
        out.println("[enrich] the enrich topology vs a pass-through topology, exactly-once, scratch topics ...");
        EnrichStageBench.Settings settings = new EnrichStageBench.Settings(
                Options.integer(opt, "enrich-threads", 2), Options.integer(opt, "commit-interval-ms", 1000),
                opt.getOrDefault("streams-props", ""));
        List<EnrichStageBench.Run> runs = new EnrichStageBench(target.bootstrap(), registry, run, settings)
                .measure(corpus, sizes.enrich(), sizes.rounds());
        List<Double> pass = rates(runs, "pass-through");
        List<Double> eos = rates(runs, "enrich-eos");
        List<Double> alos = rates(runs, "enrich-alos");
        List<Double> share = runs.stream().filter(r -> r.name().equals("enrich-eos"))
                .map(EnrichStageBench.Run::enricherShare).toList();
        List<Double> cpuRatio = new ArrayList<>();
        List<EnrichStageBench.Run> p = runs.stream().filter(r -> r.name().equals("pass-through")).toList();
        List<EnrichStageBench.Run> e = runs.stream().filter(r -> r.name().equals("enrich-eos")).toList();
        for (int i = 0; i < Math.min(p.size(), e.size()); i++) {
            cpuRatio.add(p.get(i).streamCpuSeconds() / e.get(i).streamCpuSeconds());
        }
        table.add("enrich", String.format("enrich topology, exactly-once, %d records (enricher: %s of the stream "
                        + "threads' CPU; by stream-thread CPU per record %s of pass-through)", sizes.enrich(),
                        Table.range(share, "%.0f%%", 100), Table.range(cpuRatio, "%.2fx", 1)), eos,
                "pass-through topology, same EOS settings", pass, divide(eos, pass), ">= 0.5x");
        table.add("eos", "enrich topology, exactly-once", eos, "same topology, at-least-once", alos,
                divide(eos, alos), ">= 0.7x");
    }

    private static List<Double> rates(List<EnrichStageBench.Run> runs, String name) {
        return runs.stream().filter(r -> r.name().equals(name)).map(EnrichStageBench.Run::rate).toList();
    }

    // ---- ingest and end to end -----------------------------------------------------------------------------

    private Runnable cpuProfile = () -> { };
    /** CPU ms per record of the baseline: this JVM's producer plus the broker, while it sends. */
    private double producerCpuMs;
    private double singleRate = Double.MAX_VALUE;

    private double ingest(Target target, SchemaRegistryClient registry, List<BenchCorpus.Item> corpus, Sizes sizes)
            throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Long>[] cpu1Holder = new Map[1];
        int concurrency = Options.integer(opt, "concurrency", 4);
        int singleInFlight = Options.integer(opt, "single-in-flight", 64);
        out.printf("[ingest, end to end] HTTP POST vs KafkaProducer into %s (batches: %d connections; single POSTs: "
                + "%d in flight), the pipeline consuming behind both ...%n", Topics.REPORTS_RAW, concurrency,
                singleInFlight);
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        List<Double> base = new ArrayList<>();
        List<Double> baseStored = new ArrayList<>();
        List<Double> batch = new ArrayList<>();
        List<Double> batchStored = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        List<Double> singleBase = new ArrayList<>();
        try (HttpLoad http = new HttpLoad(target.ingestUrl(), target.apiKey(), concurrency)) {
            // warm-up of every JVM on the way: the first reports of a fresh stack are not what it sustains
            List<String> warm = new ArrayList<>(http.postSingles(reports(corpus, 200, run + "-w"), singleInFlight));
            warm.addAll(http.postBatches(reports(corpus, quick ? 1000 : 2000, run + "-wb"), 250));
            double warmSeconds = awaitStored(target, warm, System.nanoTime());
            out.printf("  warm-up: %d reports posted and stored (%.0f s after the last answer)%n", warm.size(),
                    warmSeconds);
            for (int round = 1; round <= sizes.rounds(); round++) {
                int n = sizes.batch();
                List<String> keys = new ArrayList<>(n);
                List<byte[]> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String id = "bench-" + run + "-k" + round + "-" + i;
                    BenchCorpus.Item item = corpus.get(i % corpus.size());
                    keys.add(id);
                    values.add(serde.serialize(Topics.REPORTS_RAW, BenchCorpus.raw(id,
                            new BenchCorpus.Item(item.title() + " [" + id + "]", item.text()))));
                }
                Map<String, Long> p0 = Rss.cpu(target.runDir(), target.postgresDir());
                long t0 = System.nanoTime();
                double produced = KafkaLoad.produce(target.bootstrap(), Topics.REPORTS_RAW, keys, values);
                Map<String, Long> p1 = Rss.cpu(target.runDir(), target.postgresDir());
                producerCpuMs = 0;
                for (String k : p1.keySet()) {
                    if (k.startsWith("bench") || k.equals("kafka")) {
                        producerCpuMs += (double) (p1.get(k) - p0.getOrDefault(k, p1.get(k))) / n;
                    }
                }
                base.add(n / produced);
                baseStored.add(n / awaitStored(target, keys, t0));

                List<ObjectNode> batchReports = reports(corpus, n, run + "-b" + round);
                Map<String, Long> cpu0 = Rss.cpu(target.runDir(), target.postgresDir());
                t0 = System.nanoTime();
                List<String> ids = http.postBatches(batchReports, 250);
                double acked = (System.nanoTime() - t0) / 1e9;
                batch.add(n / acked);
                double stored = awaitStored(target, ids, t0);
                batchStored.add(n / stored);
                if (round == sizes.rounds()) {
                    cpuProfile = () -> {
                        double perReport = Rss.printCpu(out, cpu0, cpu1Holder[0], n, stored);
                        out.printf("CPU per record: KafkaProducer baseline %.2f ms (this JVM + broker while it sends);"
                                + " POST -> stored %.2f ms (every process). With the CPU as the binding resource, "
                                + "end to end / producer by CPU = %.2fx%n", producerCpuMs, perReport,
                                producerCpuMs / perReport);
                    };
                }
                cpu1Holder[0] = Rss.cpu(target.runDir(), target.postgresDir());

                int m = sizes.single();
                List<ObjectNode> singles = reports(corpus, m, run + "-s" + round);
                t0 = System.nanoTime();
                List<String> singleIds = http.postSingles(singles, singleInFlight);
                double singleAcked = (System.nanoTime() - t0) / 1e9;
                single.add(m / singleAcked);
                awaitStored(target, singleIds, t0);
                singleBase.add(base.get(base.size() - 1));
                out.printf("  round %d: producer %.0f/s (stored %.0f/s); POST batches %.0f/s (stored %.0f/s); single "
                        + "POSTs %.0f/s%n", round, base.get(round - 1), baseStored.get(round - 1),
                        batch.get(round - 1), batchStored.get(round - 1), single.get(round - 1));
            }
        }
        table.add("ingest", "ingest: POST /reports/batch (250 per request) -> 200, every item acknowledged by Kafka",
                batch, "KafkaProducer, acks=all, idempotent, same records", base, divide(batch, base), ">= 0.6x");
        table.add(null, "ingest: single POST /reports -> 202, " + singleInFlight + " requests in flight", single, "same producer run", singleBase,
                divide(single, singleBase), ">= 0.6x");
        table.add("e2e", "end to end: POST batches -> every report stored in PostgreSQL", batchStored,
                "KafkaProducer (acknowledged)", base, divide(batchStored, base), ">= 0.33x");
        table.add(null, "pipeline without HTTP: KafkaProducer -> every report stored", baseStored,
                "KafkaProducer (acknowledged)", base, divide(baseStored, base), "");
        singleRate = single.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return batchStored.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static List<ObjectNode> reports(List<BenchCorpus.Item> corpus, int n, String marker) {
        List<ObjectNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(HttpLoad.report(corpus.get(i % corpus.size()), marker + "-" + i));
        }
        return out;
    }

    /**
     * Seconds from {@code t0} until every id is a row in PostgreSQL. Polls every 100 ms for rows stored since the
     * last poll (the stored_at index; stored_at is the writing transaction's start, so each poll looks 3 s back),
     * and every 2 s for the ids still missing, so the polling itself costs the database little. 10 minutes at most.
     */
    static double awaitStored(Target target, Collection<String> ids, long t0) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(ids);
        try (Connection db = DriverManager.getConnection(target.jdbcUrl(), DB_USER, DB_PASSWORD);
             PreparedStatement recent = db.prepareStatement("SELECT id FROM reports WHERE stored_at > ?");
             PreparedStatement exact = db.prepareStatement("SELECT id FROM reports WHERE id = ANY (?)")) {
            Timestamp since = new Timestamp(System.currentTimeMillis() - 600_000);
            long lastExact = 0;
            while (!missing.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out: " + missing.size() + " of " + ids.size()
                            + " reports not stored after 10 minutes");
                }
                Timestamp next = new Timestamp(System.currentTimeMillis() - 3000);
                recent.setTimestamp(1, since);
                try (ResultSet rs = recent.executeQuery()) {
                    while (rs.next()) {
                        missing.remove(rs.getString(1));
                    }
                }
                since = next;
                if (!missing.isEmpty() && System.nanoTime() - lastExact > 2_000_000_000L) {
                    lastExact = System.nanoTime();
                    exact.setArray(1, db.createArrayOf("text", missing.toArray()));
                    try (ResultSet rs = exact.executeQuery()) {
                        while (rs.next()) {
                            missing.remove(rs.getString(1));
                        }
                    }
                }
                if (!missing.isEmpty()) {
                    Thread.sleep(100);
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    // ---- latency -------------------------------------------------------------------------------------------

    private void latency(Target target, List<BenchCorpus.Item> corpus, Sizes sizes, double rate) throws Exception {
        int n = Math.max(20, (int) (rate * sizes.latencySeconds()));
        out.printf("[latency] %d single POSTs at %.0f/s (half the end-to-end rate), each timed until its row is "
                + "queryable ...%n", n, rate);
        out.println("  (half of the lower of: end-to-end rate of POST batches, rate of single POSTs)");
        List<ObjectNode> reports = reports(corpus, n, run + "-l");
        long[] due = new long[n];
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Poller poller = new Poller(target, seen);
        poller.start();
        List<String> ids;
        try (HttpLoad http = new HttpLoad(target.ingestUrl(), target.apiKey(), 16)) {
            long start = System.nanoTime() + 200_000_000L;
            ids = http.postAtRate(reports, rate, start, i -> due[(int) i] = start + (long) (i * 1e9 / rate));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!seen.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            poller.stopPolling();
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            Long t = seen.get(ids.get(i));
            ms[i] = t == null ? Double.POSITIVE_INFINITY : (t - due[i]) / 1e6;
        }
        Arrays.sort(ms);
        double p50 = ms[n / 2];
        double p99 = ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)];
        table.latency(String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d POSTs at %.0f/s", p50, p99,
                ms[n - 1], n, rate), p99);
    }

    /** Notes when each new row becomes visible: polls reports by stored_at (indexed) every 20 ms. */
    private static final class Poller extends Thread {
        private final Target target;
        private final Map<String, Long> seen;
        private volatile boolean running = true;

        Poller(Target target, Map<String, Long> seen) {
            super("queryable-poller");
            setDaemon(true);
            this.target = target;
            this.seen = seen;
        }

        void stopPolling() throws InterruptedException {
            running = false;
            join(5000);
        }

        @Override
        public void run() {
            try (Connection db = DriverManager.getConnection(target.jdbcUrl(), DB_USER, DB_PASSWORD);
                 PreparedStatement ps = db.prepareStatement(
                         "SELECT id FROM reports WHERE stored_at > ? ORDER BY stored_at")) {
                // stored_at is the writing transaction's start: look back a few seconds, rows commit later
                Instant since = Instant.now().minusSeconds(5);
                while (running) {
                    ps.setTimestamp(1, Timestamp.from(since.minusSeconds(5)));
                    long now = System.nanoTime();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            seen.putIfAbsent(rs.getString(1), now);
                        }
                    }
                    since = Instant.now();
                    Thread.sleep(20);
                }
            } catch (SQLException | InterruptedException e) {
                if (running) {
                    System.err.println("latency poller stopped: " + e);
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Stream threads per enrich-service instance (its application.yml): each is a member of its group. */
    static final int ENRICH_THREADS = 2;

    /**
     * The members {@code instances} instances of enrich-service and store-service make in their consumer groups:
     * each enrich-service instance joins with every stream thread, each store-service instance with one consumer.
     */
    static Map<String, Integer> pipelineMembers(int instances) {
        return Map.of("enrich-service", instances * ENRICH_THREADS, "store-service", instances);
    }

    /** Waits (2 minutes at most) until each group is stable with its expected number of members. */
    static void awaitMembers(PrintStream out, String bootstrap, Map<String, Integer> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                var described = admin.describeConsumerGroups(expected.keySet()).all().get();
                boolean ready = described.values().stream().allMatch(g -> g.members().size() == expected.get(
                        g.groupId()) && g.groupState() == org.apache.kafka.common.GroupState.STABLE);
                if (ready) {
                    out.printf("  groups stable with %s members%n", expected);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    out.println("  warning: groups not stable with " + expected + " members after 2 minutes: "
                            + described.values().stream().map(g -> g.groupId() + "=" + g.members().size() + "/"
                            + g.groupState()).toList());
                    return;
                }
                Thread.sleep(500);
            }
        }
    }

    private static List<Double> divide(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            out.add(a.get(i) / b.get(i));
        }
        return out;
    }

    static String withUserInfo(String url, String userInfo) {
        int scheme = url.indexOf("://");
        return url.substring(0, scheme + 3) + userInfo + "@" + url.substring(scheme + 3);
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The result table and the closing ratios line. */
    static final class Table {
        private final List<String> rows = new ArrayList<>();
        private final Map<String, Double> ratios = new LinkedHashMap<>();
        private String latency;
        private double p99 = -1;

        Table() {
            for (String key : List.of("ingest", "enrich", "store", "e2e", "eos")) {
                ratios.put(key, Double.NaN);
            }
        }

        void add(String key, String what, List<Double> rates, String baseline, List<Double> baseRates,
                 List<Double> ratio, String target) {
            rows.add(String.format("| %s | %s | %s | %s | %s | %s |", what, range(rates, "%.0f", 1), baseline,
                    range(baseRates, "%.0f", 1), range(ratio, "%.2fx", 1), target));
            if (key != null) {
                ratios.put(key, ratio.stream().mapToDouble(Double::doubleValue).sorted()
                        .skip(ratio.size() / 2).findFirst().orElse(Double.NaN));
            }
        }

        void latency(String text, double p99Millis) {
            latency = text;
            p99 = p99Millis;
        }

        static String range(List<Double> values, String format, double scale) {
            if (values.isEmpty()) {
                return "-";
            }
            double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(0) * scale;
            double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(0) * scale;
            return values.size() == 1 || String.format(format, lo).equals(String.format(format, hi))
                    ? String.format(format, lo) : String.format(format, lo) + " - " + String.format(format, hi);
        }

        void print(PrintStream out) {
            out.println();
            out.println("| stage | records/s | baseline (same run, same records) | baseline records/s | ratio "
                    + "(range over rounds) | target |");
            out.println("|---|---|---|---|---|---|");
            rows.forEach(out::println);
            if (latency != null) {
                out.printf("| latency POST -> queryable at half the end-to-end rate | %s | commit interval + 500 ms | "
                        + "1500 ms | %s | <= 1500 ms |%n", latency, p99 <= 1500 ? "met" : "not met");
            }
        }

        String ratios() {
            StringBuilder line = new StringBuilder("ratios:");
            ratios.forEach((k, v) -> line.append(' ').append(k).append('=')
                    .append(v.isNaN() ? "n/a" : String.format("%.2f", v)));
            return line.toString();
        }
    }
}
