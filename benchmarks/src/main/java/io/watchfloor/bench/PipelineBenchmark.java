package io.watchfloor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures the running pipeline against Kafka's own producer on the same records, side by side in one
 * run: (1) baseline, a plain idempotent acks=all KafkaProducer writing the exact raw-report bytes to a
 * scratch topic; (2) the pipeline, the same records written to the raw topic and timed until
 * enrich-service has committed all of them to the enriched topic and store-service has all of them
 * in PostgreSQL. Prints rates and their ratio. Needs a running stack (./watchfloor up --detach --no-demo).
 */
public final class PipelineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String bootstrap = opt.getOrDefault("bootstrap", env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        String registryUrl = opt.getOrDefault("registry", env("SCHEMA_REGISTRY_URL", "http://localhost:8081"));
        String dbUrl = opt.getOrDefault("db", env("DB_URL", "jdbc:postgresql://localhost:5433/watchfloor"));
        int n = Integer.parseInt(opt.getOrDefault("records", "20000"));
        Path texts = Path.of(opt.getOrDefault("texts",
                "../shared/data/dev-eval/wikipedia-current-events-2025-09-14_2026-02-28.jsonl"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(opt.getOrDefault("timeout-seconds", "600")));

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String[]> corpus = load(texts);
        System.err.printf("Loaded %d texts from %s; run %s, %d records%n", corpus.size(), texts, run, n);

        try (SchemaRegistryClient registry = SchemaRegistryClients.forUrl(registryUrl)) {
            AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
            List<ProducerRecord<String, byte[]>> baseline = new ArrayList<>(n);
            List<ProducerRecord<String, byte[]>> pipeline = new ArrayList<>(n);
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                String[] t = corpus.get(i % corpus.size());
                String id = "bench-" + run + "-" + i;
                byte[] value = serde.serialize(Topics.REPORTS_RAW, report(id, t[0], t[1]));
                bytes += value.length;
                baseline.add(new ProducerRecord<>("bench.baseline." + run, id, value));
                pipeline.add(new ProducerRecord<>(Topics.REPORTS_RAW, id, value));
            }
            double mb = bytes / 1_048_576.0;
            System.err.printf("Serialized %d records, %.1f MB, avg %d bytes%n", n, mb, bytes / n);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                int partitions = admin.describeTopics(List.of(Topics.REPORTS_RAW)).allTopicNames().get()
                        .get(Topics.REPORTS_RAW).partitions().size();
                admin.createTopics(List.of(new NewTopic("bench.baseline." + run, partitions, (short) 1)))
                        .all().get();
                KafkaLoad.awaitServed(admin, List.of("bench.baseline." + run));
                double baseSeconds = produce(bootstrap, baseline);
                System.err.printf("baseline producer: %.2f s%n", baseSeconds);

                Map<TopicPartition, Long> start = endOffsets(bootstrap, Topics.REPORTS_ENRICHED);
                long t0 = System.nanoTime();
                double produceSeconds = produce(bootstrap, pipeline);
                double enrichSeconds = awaitEnriched(bootstrap, start, "bench-" + run + "-", n, t0, timeout);
                double storeSeconds = awaitStored(dbUrl, "bench-" + run + "-", n, t0, timeout);
                admin.deleteTopics(List.of("bench.baseline." + run)).all().get();

                System.out.println();
                System.out.printf("| measure (%d records, %.1f MB) | seconds | records/s | MB/s | vs baseline |%n",
                        n, mb);
                System.out.println("|---|---|---|---|---|");
                row("baseline: KafkaProducer, same bytes", baseSeconds, n, mb, baseSeconds);
                row("pipeline: produce to raw topic", produceSeconds, n, mb, baseSeconds);
                row("pipeline: raw -> enriched committed (EOS)", enrichSeconds, n, mb, baseSeconds);
                row("pipeline: raw -> stored in PostgreSQL", storeSeconds, n, mb, baseSeconds);
            }
        }
    }

    private static void row(String name, double seconds, int n, double mb, double base) {
        System.out.printf("| %s | %.2f | %.0f | %.2f | %.2fx |%n", name, seconds, n / seconds, mb / seconds,
                base / seconds);
    }

    private static RawReport report(String id, String title, String text) {
        Instant now = Instant.now();
        return RawReport.newBuilder()
                .setId(id)
                .setSource(Source.newBuilder().setKind("benchmark").setName("pipeline-benchmark").build())
                .setTitle(title)
                .setText(text)
                .setContentType("text/plain")
                .setIngestedAt(now)
                .setContentHash(Integer.toHexString(text.hashCode()))
                .build();
    }

    private static double produce(String bootstrap, List<ProducerRecord<String, byte[]>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (md, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("send failed: " + e, e);
                    }
                });
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            return c.endOffsets(tps);
        }
    }

    private static double awaitEnriched(String bootstrap, Map<TopicPartition, Long> start, String prefix, int n,
                                        long t0, Duration timeout) {
        Set<String> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            c.assign(start.keySet());
            start.forEach(c::seek);
            while (seen.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out: " + seen.size() + "/" + n + " enriched");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        seen.add(r.key());
                    }
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    System.err.printf("  enriched %d/%d%n", seen.size(), n);
                    lastReport = System.nanoTime();
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double awaitStored(String dbUrl, String prefix, int n, long t0, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String user = env("DB_USER", "watchfloor");
        String password = env("DB_PASSWORD", "watchfloor");
        try (Connection db = DriverManager.getConnection(dbUrl, user, password);
             PreparedStatement count = db.prepareStatement("select count(*) from reports where id like ?")) {
            count.setString(1, prefix + "%");
            while (true) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    long stored = rs.getLong(1);
                    if (stored >= n) {
                        return (System.nanoTime() - t0) / 1e9;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("timed out: " + stored + "/" + n + " stored");
                    }
                }
                Thread.sleep(100); // polling a database count in a benchmark, not a test
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<String[]> load(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String text = node.path("text").asText("");
            if (!text.isBlank()) {
                out.add(new String[] {node.path("title").asText(node.path("category").asText("")), text});
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no texts in " + file + " (JSON Lines with a \"text\" field)");
        }
        return out;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got " + a);
            }
            opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return opt;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

}
