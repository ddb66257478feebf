package io.watchfloor.bench;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.topology.EnrichTopology;
import io.watchfloor.enrich.topology.EnrichmentToAvro;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The enrich stage in this JVM on scratch topics of the stack's broker, side by side on the same records: a
 * pass-through topology (bytes in, bytes out) and the real {@link EnrichTopology} with the settings of
 * enrich-service's application.yml (exactly_once_v2, two stream threads, commit interval, lz4), and the same
 * topology at-least-once. Each variant has its own application id and output topic and reads all records
 * from the start; its time runs from RUNNING until a read_committed consumer has seen every output record.
 */
final class EnrichStageBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One variant's result: records per second and, for the enricher, its share of the stream threads' CPU. */
    record Run(String name, int records, double seconds, double streamCpuSeconds, double enricherCpuSeconds) {
        double rate() {
            return records / seconds;
        }

        double enricherShare() {
            return streamCpuSeconds > 0 ? enricherCpuSeconds / streamCpuSeconds : 0;
        }
    }

    /** Settings that match enrich-service's defaults, overridable for tuning experiments. */
    record Settings(int threads, int commitIntervalMs, String extraProps) {
        static final Settings SERVICE = new Settings(2, 1000, "");
    }

    private final String bootstrap;
    private final SchemaRegistryClient registry;
    private final String run;
    private final Settings settings;

    EnrichStageBench(String bootstrap, SchemaRegistryClient registry, String run, Settings settings) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.run = run;
        this.settings = settings;
    }

    /** Writes the input once, then runs pass-through (EOS), enrich (EOS) and enrich (at-least-once) in turn. */
    List<Run> measure(List<BenchCorpus.Item> corpus, int n, int rounds) throws Exception {
        String input = "bench." + run + ".enrich.raw";
        int partitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            partitions = admin.describeTopics(List.of(Topics.REPORTS_RAW)).allTopicNames().get()
                    .get(Topics.REPORTS_RAW).partitions().size();
            admin.createTopics(List.of(new NewTopic(input, partitions, (short) 1))).all().get();
            KafkaLoad.awaitServed(admin, List.of(input));
        }
        AvroSerde<RawReport> rawSerde = AvroSerde.forValues(RawReport.class, registry);
        List<byte[]> values = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "bench-" + run + "-e-" + i;
            keys.add(id);
            values.add(rawSerde.serialize(Topics.REPORTS_RAW, BenchCorpus.raw(id, corpus.get(i % corpus.size()))));
        }
        KafkaLoad.produce(bootstrap, input, keys, values);
        warmUp(corpus, values, rawSerde);
        List<Run> runs = new ArrayList<>();
        List<String> created = new ArrayList<>(List.of(input));
        try {
            for (int round = 1; round <= rounds; round++) {
                for (String variant : List.of("pass-through", "enrich-eos", "enrich-alos")) {
                    String output = "bench." + run + ".enrich." + variant + "." + round;
                    String dlq = output + ".dlq";
                    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                        admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1),
                                new NewTopic(dlq, 1, (short) 1))).all().get();
                        KafkaLoad.awaitServed(admin, List.of(output, dlq));
                    }
                    created.add(output);
                    created.add(dlq);
                    runs.add(runOne(variant, input, output, dlq, n, round));
                }
            }
        } finally {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.deleteTopics(created).all().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("warning: could not delete the scratch topics: " + e.getMessage());
            }
        }
        return runs;
    }

    /** JIT-compiles the enricher and the Avro paths in this JVM, so the first timed variant is not the cold one. */
    private void warmUp(List<BenchCorpus.Item> corpus, List<byte[]> values, AvroSerde<RawReport> rawSerde) {
        Enricher enricher = DefaultEnricher.fromClasspath();
        AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class, registry);
        for (int i = 0; i < Math.min(3000, values.size()); i++) {
            RawReport raw = rawSerde.deserialize(Topics.REPORTS_RAW, values.get(i));
            EnrichedReport enriched = EnrichmentToAvro.toAvro(raw, enricher.enrich(EnrichmentToAvro.reportText(raw)),
                    java.time.Instant.now());
            enrichedSerde.serialize(Topics.REPORTS_ENRICHED, enriched);
        }
    }

    private Run runOne(String variant, String input, String output, String dlq, int n, int round)
            throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        AtomicLong enricherNanos = new AtomicLong();
        if (variant.equals("pass-through")) {
            builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        } else {
            Enricher real = DefaultEnricher.fromClasspath();
            Enricher timed = report -> {
                long start = THREADS.getCurrentThreadCpuTime();
                Enrichment e = real.enrich(report);
                enricherNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                return e;
            };
            EnrichTopology.define(builder, new EnrichTopology.Names(input, output, dlq),
                    AvroSerde.forValues(RawReport.class, registry), AvroSerde.forValues(EnrichedReport.class, registry),
                    timed, new EnrichTopology.Settings("bench-enrich", 1_000_000, Clock.systemUTC()));
        }
        Path state = Files.createTempDirectory("watchfloor-bench-streams-");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + run + "-" + variant + "-" + round);
        p.put(StreamsConfig.CLIENT_ID_CONFIG, "bench-" + run + "-" + variant + "-" + round);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, variant.endsWith("alos")
                ? StreamsConfig.AT_LEAST_ONCE : StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        for (String kv : settings.extraProps().split(",")) {
            if (kv.contains("=")) {
                p.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        CountDownLatch running = new CountDownLatch(1);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            // from start(): a thread may process its partitions before the whole client reports RUNNING, so the
            // group join is inside the time of every variant alike
            String appId = p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
            long cpu0 = cpu(streamThreadIds(appId));
            long t0 = System.nanoTime();
            streams.start();
            if (!running.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(variant + " did not reach RUNNING within 120 s");
            }
            awaitCommitted(output, n, Duration.ofSeconds(600));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpu(streamThreadIds(appId)) - cpu0) / 1e9;
            Run result = new Run(variant, n, seconds, cpu, enricherNanos.get() / 1e9);
            System.err.printf("  enrich stage round %d, %s: %d records in %.2f s = %.0f/s, stream threads %.3f ms "
                    + "CPU per record%s%n", round, variant, n, seconds, result.rate(), 1000 * cpu / n, variant.equals("pass-through") ? ""
                            : String.format(" (enricher %.0f%% of the stream threads' CPU)",
                                    100 * result.enricherShare()));
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return result;
        }
    }

    /** The stream threads of one application (their names start with its client id, the application id). */
    private static List<Long> streamThreadIds(String appId) {
        List<Long> ids = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("StreamThread") && t.getName().startsWith(appId + "-")) {
                ids.add(t.getId());
            }
        }
        return ids;
    }

    private static long cpu(List<Long> ids) {
        long total = 0;
        for (long id : ids) {
            long c = THREADS.getThreadCpuTime(id);
            total += Math.max(0, c);
        }
        return total;
    }

    private void awaitCommitted(String topic, int n, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            int seen = 0;
            while (seen < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out: " + seen + "/" + n + " records in " + topic);
                }
                for (ConsumerRecord<String, byte[]> ignored : c.poll(Duration.ofMillis(100))) {
                    seen++;
                }
            }
        }
    }
}
