package io.watchfloor.bench;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.topology.EnrichmentToAvro;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.stack.LocalStack;
import io.watchfloor.stack.Machine;
import io.watchfloor.stack.StackOptions;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./watchfloor bench --curves}: issue 12's cost curves on one local stack of its own (free ports, scratch
 * home). <b>Text length</b>: for each length the same number of bytes goes through the enricher alone (CPU time of
 * one thread), the enrich topology and its pass-through baseline (exactly-once, side by side, as in
 * {@link StackBench}), and the store's batch write and its COPY baseline; throughput in MB/s of text must stay flat
 * as texts grow (cost linear in length). <b>Instances</b>: 1, 2, 4 instances of enrich-service and store-service
 * (6 partitions), each step the same records produced into the raw topic and timed until every one is a row,
 * with the CPU the whole stack used per report and the machine's CPU utilisation, which shows what binds.
 * Options: {@code --quick}, {@code --lengths=250,1000,...}, {@code --chars=N} (text per length),
 * {@code --instances=1,2,4}, {@code --records=N} (per instance step), {@code --skip=lengths|instances}.
 */
public final class CostCurves {
    private static final String DB_USER = "watchfloor";
    private static final String DB_PASSWORD = "watchfloor";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, String> opt;
    private final boolean quick;
    private final PrintStream out;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    CostCurves(Map<String, String> opt, PrintStream out) {
        this.opt = opt;
        this.quick = opt.containsKey("quick");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        new CostCurves(Options.parse(args), System.out).runAll();
    }

    void runAll() throws Exception {
        Path repo = Path.of(System.getenv().getOrDefault("WATCHFLOOR_REPO", ".")).toAbsolutePath().normalize();
        List<BenchCorpus.Item> corpus = BenchCorpus.load(Path.of(opt.getOrDefault("texts",
                repo.resolve(BenchCorpus.DEV_SET).normalize().toString())));
        long start = System.nanoTime();
        out.printf("Watchfloor cost curves%s (run %s), %s; %d cores; load average at start: %s%n",
                quick ? " --quick" : "", run, Instant.now(), Runtime.getRuntime().availableProcessors(),
                Machine.loadAverage());
        Path home = Files.createTempDirectory("watchfloor-curves-");
        out.println("Starting a local stack on free ports in " + home + " (progress on stderr) ...");
        StackOptions o = StackOptions.forTest(repo, home, Machine.freePorts(9), System.err);
        List<String> skip = Arrays.asList(opt.getOrDefault("skip", "").split(","));
        try (LocalStack stack = LocalStack.start(o);
             SchemaRegistryClient registry = SchemaRegistryClients.forUrl(StackBench.withUserInfo(
                     stack.registryUrl(), o.registryCredentials()))) {
            StackBench.Target target = new StackBench.Target(stack.kafkaBootstrapServers(),
                    StackBench.withUserInfo(stack.registryUrl(), o.registryCredentials()), stack.ingestUrl(),
                    stack.jdbcUrl(), stack.apiKey(), o.runDir(), o.postgresDir());
            out.printf("Stack ready after %.0f s%n", (System.nanoTime() - start) / 1e9);
            if (!skip.contains("lengths")) {
                lengths(target, registry, corpus);
            }
            if (!skip.contains("instances")) {
                instances(stack, target, registry, corpus);
            }
        } finally {
            StackBench.deleteTree(home);
        }
        out.printf("cost curves finished in %.0f s; load average at the end: %s%n",
                (System.nanoTime() - start) / 1e9, Machine.loadAverage());
    }

    // ---- throughput against text length --------------------------------------------------------------------

    private void lengths(StackBench.Target target, SchemaRegistryClient registry, List<BenchCorpus.Item> corpus)
            throws Exception {
        int[] lengths = ints(opt.getOrDefault("lengths", quick ? "250,2000,16000,64000" : "250,1000,4000,16000,64000"));
        long budget = Options.integer(opt, "chars", quick ? 1_000_000 : 4_000_000); // characters per length
        out.printf("[lengths] %,d characters of text per length through each stage%n", budget);
        List<String> rows = new ArrayList<>();
        var ds = StoreBenchmark.prepareSchema(target.jdbcUrl(), DB_USER, DB_PASSWORD, "curves_" + run);
        try {
            for (int length : lengths) {
                int n = (int) Math.max(40, budget / length);
                List<BenchCorpus.Item> items = ofLength(corpus, length, n);
                double chars = items.stream().mapToLong(i -> i.text().length()).sum();
                double alone = enricherAlone(items);
                List<EnrichStageBench.Run> runs = new EnrichStageBench(target.bootstrap(), registry,
                        run + "l" + length, EnrichStageBench.Settings.SERVICE).measure(items, n, 1);
                double eos = rate(runs, "enrich-eos");
                double pass = rate(runs, "pass-through");
                StoreBenchmark.Result store = StoreBenchmark.round(ds, items, n, 100, "l" + length + "-", false);
                double storeRate = store.rate(store.store());
                double copyRate = store.rate(store.copyStaging());
                double realRate = store.rate(store.copyReal());
                double mean = chars / n;
                String row = String.format("| %,d | %,d | %.2f | %.0f / %.2f | %.0f / %.2f | %.2fx | %.0f / %.2f | "
                                + "%.0f / %.2f | %.2fx | %.2fx |", length, n, alone, eos, eos * mean / 1e6, pass,
                        pass * mean / 1e6, eos / pass, storeRate, storeRate * mean / 1e6, copyRate,
                        copyRate * mean / 1e6, storeRate / copyRate, storeRate / realRate);
                out.println("  " + row);
                rows.add(row);
            }
        } finally {
            StoreBenchmark.dropSchema(target.jdbcUrl(), DB_USER, DB_PASSWORD, "curves_" + run);
        }
        out.println();
        out.println("| text length (chars) | records | enricher alone, MB/s per core (CPU time) | enrich topology EOS, "
                + "records/s / MB/s | pass-through, records/s / MB/s | enrich / pass-through | store batch upsert, "
                + "rows/s / MB/s | COPY staging, rows/s / MB/s | store / COPY | store / COPY into the real-shaped "
                + "tables (search vector, indexes) |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(out::println);
        out.println();
    }

    /**
     * {@code n} distinct texts of about {@code length} characters: dev-set items joined as paragraphs from a
     * different starting item each, cut at the last space before the length.
     */
    static List<BenchCorpus.Item> ofLength(List<BenchCorpus.Item> corpus, int length, int n) {
        List<BenchCorpus.Item> items = new ArrayList<>(n);
        int next = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder(length + 400);
            String title = corpus.get(next % corpus.size()).title() + " #" + i;
            while (text.length() < length) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(corpus.get(next++ % corpus.size()).text());
            }
            int cut = text.lastIndexOf(" ", length);
            items.add(new BenchCorpus.Item(title, text.substring(0, cut > length / 2 ? cut : length)));
        }
        return items;
    }

    /** MB of text per CPU-second of one thread, the enricher alone on the report text, after a warm-up pass. */
    private static double enricherAlone(List<BenchCorpus.Item> items) {
        DefaultEnricher enricher = DefaultEnricher.fromClasspath();
        List<ReportText> texts = items.stream().map(i -> EnrichmentToAvro.reportText(BenchCorpus.raw("x", i)))
                .toList();
        texts.stream().limit(Math.max(5, texts.size() / 4)).forEach(enricher::enrich);
        long bytes = 0;
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (ReportText t : texts) {
            enricher.enrich(t);
            bytes += (t.title() + "\n" + t.text()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return bytes / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9) / 1e6;
    }

    private static double rate(List<EnrichStageBench.Run> runs, String name) {
        return runs.stream().filter(r -> r.name().equals(name)).mapToDouble(EnrichStageBench.Run::rate).average()
                .orElse(0);
    }

    // ---- instances -----------------------------------------------------------------------------------------

    private void instances(LocalStack stack, StackBench.Target target, SchemaRegistryClient registry,
                           List<BenchCorpus.Item> corpus) throws Exception {
        int[] counts = ints(opt.getOrDefault("instances", "1,2,4"));
        int n = Options.integer(opt, "records", quick ? 3000 : 10000);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("[instances] %,d records produced into %s per step, timed until every one is stored%n", n,
                Topics.REPORTS_RAW);
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        produceAndStore(target, serde, corpus, Math.min(n, 2000), run + "-warm"); // JIT and connections warm
        List<String> rows = new ArrayList<>();
        int running = 1;
        for (int count : counts) {
            while (running < count) {
                for (String service : List.of("enrich-service", "store-service")) {
                    out.println("  started " + stack.addInstance(service, Machine.freePorts(1)[0]));
                }
                running++;
            }
            StackBench.awaitMembers(out, target.bootstrap(), StackBench.pipelineMembers(running));
            Map<String, Long> cpu0 = Rss.cpu(target.runDir(), target.postgresDir());
            Map<String, Long> rss = Rss.of(target.runDir(), target.postgresDir());
            Step step = produceAndStore(target, serde, corpus, n, run + "-i" + count);
            Map<String, Long> cpu1 = Rss.cpu(target.runDir(), target.postgresDir());
            long cpuMs = 0;
            for (Map.Entry<String, Long> e : cpu1.entrySet()) {
                long b = cpu0.getOrDefault(e.getKey(), 0L);
                if (b >= 0 && e.getValue() >= b) {
                    cpuMs += e.getValue() - b;
                }
            }
            long rssMib = rss.values().stream().mapToLong(Long::longValue).sum() / 1024;
            String row = String.format("| %d | %,d | %.0f | %.0f | %.2fx | %.2f | %.0f%% | %,d |", count, n,
                    step.produced(), step.stored(), step.stored() / step.produced(), (double) cpuMs / n,
                    100.0 * cpuMs / 1000 / step.storedSeconds() / cores, rssMib);
            out.println("  " + row);
            rows.add(row);
        }
        out.println();
        out.println("| enrich + store instances | records | KafkaProducer, records/s | producer -> stored, records/s "
                + "| ratio | CPU ms per report (every process) | CPU used of the " + cores + " cores while storing "
                + "| RSS of the stack before the step, MiB |");
        out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(out::println);
        out.println();
    }

    private record Step(double produced, double stored, double storedSeconds) {
    }

    private Step produceAndStore(StackBench.Target target, AvroSerde<RawReport> serde, List<BenchCorpus.Item> corpus,
                                 int n, String marker) throws Exception {
        List<String> keys = new ArrayList<>(n);
        List<byte[]> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "curve-" + marker + "-" + i;
            BenchCorpus.Item item = corpus.get(i % corpus.size());
            keys.add(id);
            values.add(serde.serialize(Topics.REPORTS_RAW, BenchCorpus.raw(id,
                    new BenchCorpus.Item(item.title() + " [" + id + "]", item.text()))));
        }
        long t0 = System.nanoTime();
        double producedSeconds = KafkaLoad.produce(target.bootstrap(), Topics.REPORTS_RAW, keys, values);
        double storedSeconds = StackBench.awaitStored(target, keys, t0);
        return new Step(n / producedSeconds, n / storedSeconds, storedSeconds);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }
}
