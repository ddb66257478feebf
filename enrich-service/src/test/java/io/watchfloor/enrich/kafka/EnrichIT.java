package io.watchfloor.enrich.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.enrich.catalog.CatalogPublisher;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.GroupTag;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PrometheusText;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** enrich-service on a real KRaft broker and the real registry: tags flow, poison goes to dead letters. */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "kafka.streams.default.num.stream.threads", value = "1")
class EnrichIT implements TestPropertyProvider {
    private SchemaRegistryServer registry;

    @Override
    public Map<String, String> getProperties() {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_RAW, Topics.REPORTS_ENRICHED, Topics.REPORTS_DLQ);
        KafkaBrokerExtension.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(Topics.GROUP_CATALOG,
                1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        registry = SchemaRegistryServer.start(KafkaBrokerExtension.bootstrapServers(), "127.0.0.1", 0);
        Map<String, String> p = new java.util.HashMap<>(properties(registry, "enrich-it"));
        p.put("watchfloor.metrics.lag.interval", "1s");
        return p;
    }

    /**
     * The broker, {@code registry}, a fresh state directory and a short session: what every enrich IT context needs.
     */
    static Map<String, String> properties(SchemaRegistryServer registry, String stateDirPrefix) {
        try {
            return Map.of(
                    "kafka.bootstrap.servers", KafkaBrokerExtension.bootstrapServers(),
                    "watchfloor.schema-registry.url", registry.url(),
                    "kafka.streams.default.state.dir", Files.createTempDirectory(stateDirPrefix).toString(),
                    // the IT classes share the broker and the application id; a closed Streams member never leaves
                    // its group, so the next class's members wait for its session to time out (45 s by default),
                    // as does a replaced stream thread's
                    "kafka.streams.default.consumer.session.timeout.ms", "6000",
                    "kafka.streams.default.consumer.heartbeat.interval.ms", "1000");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldEnrichReportsAndDeadLetterPoisonWhileTheRestFlow() throws Exception {
        SchemaRegistryClient client = SchemaRegistryClients.forUrl(registry.url());
        AvroSerde<RawReport> raw = AvroSerde.forValues(RawReport.class, client);
        AvroSerde<EnrichedReport> enriched = AvroSerde.forValues(EnrichedReport.class, client);
        String text = "Pakistani officials said the Islamic State Khorasan Province (ISKP) planned the attack. "
                + "ISIS-K has also clashed with Tehreek-e-Taliban Pakistan.";
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "it-1",
                    raw.serialize(Topics.REPORTS_RAW, report("it-1", text)))).get();
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "poison",
                    "{\"json\": \"not avro\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "it-2",
                    raw.serialize(Topics.REPORTS_RAW, report("it-2", "Al-Qaeda in the Arabian Peninsula said")))).get();
        }

        // other tests in this class write to the same topic: keep only this test's records
        List<ConsumerRecord<String, byte[]>> out = readUntil(Topics.REPORTS_ENRICHED, 2, "it-");
        assertEquals(List.of("it-1", "it-2"), out.stream().map(ConsumerRecord::key).toList());
        EnrichedReport first = enriched.deserialize(Topics.REPORTS_ENRICHED, out.get(0).value());
        assertEquals(text, first.getReport().getText());
        Map<String, GroupTag> groups = first.getGroups().stream()
                .collect(Collectors.toMap(GroupTag::getId, g -> g));
        assertTrue(groups.size() >= 2, "groups: " + groups.keySet());
        GroupTag iskp = groups.values().stream().filter(g -> g.getName().contains("Khorasan")).findFirst()
                .orElseThrow(() -> new AssertionError("no ISKP in " + groups.keySet()));
        assertTrue(iskp.getEvidence().stream().anyMatch(s -> s.getText().equals("ISIS-K")
                && text.substring(s.getStart(), s.getEnd()).equals("ISIS-K")), iskp.getEvidence().toString());
        assertTrue(groups.values().stream().anyMatch(g -> g.getName().contains("Taliban")), groups.keySet().toString());
        assertTrue(!first.getMetadata().getCatalogVersion().isBlank());

        List<ConsumerRecord<String, byte[]>> dead = readUntil(Topics.REPORTS_DLQ, 1, "poison");
        assertEquals("poison", dead.get(0).key());
        assertEquals(Topics.REPORTS_RAW, header(dead.get(0), DeadLetterHeaders.TOPIC));
        assertEquals("deserialize", header(dead.get(0), DeadLetterHeaders.STAGE));
        assertTrue(header(dead.get(0), DeadLetterHeaders.OFFSET).matches("\\d+"));
        assertEquals("{\"json\": \"not avro\"}", new String(dead.get(0).value(), StandardCharsets.UTF_8));

        // the same outcomes on /prometheus, with lag for the Streams group and Kafka Streams' own meters
        String metrics = await().atMost(Duration.ofSeconds(60)).until(this::scrape, t -> PrometheusText.has(t,
                "watchfloor_consumer_lag", Map.of("group", "enrich-service", "topic", Topics.REPORTS_RAW)));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "enrich-prometheus.txt"), metrics);
        assertTrue(PrometheusText.sum(metrics, "watchfloor_dead_letters_total", Map.of("service", "enrich-service",
                "stage", "deserialize", "reason", "SerializationException")) >= 1, metrics);
        assertTrue(PrometheusText.sum(metrics, "watchfloor_enrich_records_total", Map.of("outcome", "enriched")) >= 2);
        assertTrue(PrometheusText.sum(metrics, "watchfloor_enrich_records_total",
                Map.of("outcome", "dead_lettered")) >= 1);
        assertTrue(PrometheusText.sum(metrics, "watchfloor_enrich_duration_seconds_count", Map.of()) >= 2);
        assertTrue(PrometheusText.names(metrics).stream().anyMatch(n -> n.startsWith("kafka_stream")),
                "Kafka Streams meters");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM meters");
    }

    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;

    private String scrape() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                server.getURI().resolve("/prometheus")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Test
    void shouldPickUpACatalogPublishedToKafkaWithoutARestart() throws Exception {
        // the watcher seeds the empty topic with the bundled catalog; then a new version is published
        await().atMost(Duration.ofSeconds(60)).until(() -> endOffset(Topics.GROUP_CATALOG) > 0);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var catalog = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(GroupCatalog.bundledJson());
        var groups = (com.fasterxml.jackson.databind.node.ArrayNode) catalog.get("groups");
        var added = groups.get(1).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) added).put("id", "watchfloor-test-front")
                .put("name", "Watchfloor Test Front").put("wikipedia", (String) null)
                .putArray("wikipediaRedirects");
        ((com.fasterxml.jackson.databind.node.ObjectNode) added).putObject("externalRefs");
        var aliases = ((com.fasterxml.jackson.databind.node.ObjectNode) added).putArray("aliases");
        var alias = groups.get(1).get("aliases").get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) alias).put("text", "Watchfloor Test Front")
                .put("caseSensitive", false);
        aliases.add(alias);
        groups.add(added);
        catalog.put("version", "groups-it-reload");
        String published = CatalogPublisher.publish(ClientSettings.forBootstrap(KafkaBrokerExtension.bootstrapServers()),
                json.writeValueAsBytes(catalog));
        assertEquals("groups-it-reload", published);

        SchemaRegistryClient client = SchemaRegistryClients.forUrl(registry.url());
        AvroSerde<RawReport> raw = AvroSerde.forValues(RawReport.class, client);
        AvroSerde<EnrichedReport> enriched = AvroSerde.forValues(EnrichedReport.class, client);
        List<EnrichedReport> seen = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> consumer = consumer("enrich-it-reload")) {
            consumer.subscribe(List.of(Topics.REPORTS_ENRICHED));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                String id = "reload-" + System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, id, raw.serialize(Topics.REPORTS_RAW,
                        report(id, "The Watchfloor Test Front claimed the attack.")))).get();
                consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                    if (r.key().startsWith("reload-")) {
                        seen.add(enriched.deserialize(Topics.REPORTS_ENRICHED, r.value()));
                    }
                });
                return seen.stream().anyMatch(e -> "groups-it-reload".equals(e.getMetadata().getCatalogVersion()));
            });
        }
        EnrichedReport tagged = seen.stream()
                .filter(e -> "groups-it-reload".equals(e.getMetadata().getCatalogVersion())).findFirst().orElseThrow();
        assertTrue(tagged.getGroups().stream().anyMatch(g -> g.getId().equals("watchfloor-test-front")),
                tagged.getGroups().toString());
    }

    @Test
    void shouldDeadLetterExactlyTheCorruptRecordsAmongAThousand() throws Exception {
        SchemaRegistryClient client = SchemaRegistryClients.forUrl(registry.url());
        AvroSerde<RawReport> raw = AvroSerde.forValues(RawReport.class, client);
        int total = 1000;
        java.util.Set<String> corrupt = new java.util.TreeSet<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < total; i++) {
                String id = "bulk-" + i;
                byte[] good = raw.serialize(Topics.REPORTS_RAW, report(id, "Report " + i + " on Al-Shabaab."));
                byte[] value = good;
                if (i % 100 == 7) {            // 1%: bad magic byte, unknown schema id, truncated, in turn
                    corrupt.add(id);
                    value = switch (corrupt.size() % 3) {
                        case 0 -> java.util.Arrays.copyOf(good, good.length / 2);
                        case 1 -> new byte[] {1, 0, 0, 0, 1, 2};
                        default -> new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2};
                    };
                }
                producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, id, value));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, byte[]>> enrichedOut = readUntil(Topics.REPORTS_ENRICHED, total - corrupt.size(),
                "bulk-");
        List<ConsumerRecord<String, byte[]>> dead = readUntil(Topics.REPORTS_DLQ, corrupt.size(), "bulk-");
        assertEquals(corrupt, new java.util.TreeSet<>(dead.stream().map(ConsumerRecord::key).toList()));
        assertEquals(total - corrupt.size(), enrichedOut.stream().map(ConsumerRecord::key).distinct().count());
        assertTrue(enrichedOut.stream().noneMatch(r -> corrupt.contains(r.key())));
        for (ConsumerRecord<String, byte[]> d : dead) {
            assertTrue(header(d, DeadLetterHeaders.OFFSET).matches("\\d+"));
            assertEquals(Topics.REPORTS_RAW, header(d, DeadLetterHeaders.TOPIC));
            assertTrue(!header(d, DeadLetterHeaders.ERROR_MESSAGE).isBlank());
        }
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer("enrich-it-offsets")) {
            var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    /** A raw report as ingest would publish it (also for the other ITs of this package). */
    static RawReport report(String id, String text) {
        return RawReport.newBuilder()
                .setId(id)
                .setSource(Source.newBuilder().setKind("http").setName("it").build())
                .setTitle("Report " + id)
                .setText(text)
                .setContentType("text/plain")
                .setIngestedAt(Instant.now())
                .setContentHash("h-" + id)
                .build();
    }

    /** An idempotent producer to the test broker (also for the other ITs of this package). */
    static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(String topic, int count, String keyPrefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "enrich-it-reader-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith(keyPrefix)) {
                        out.add(r);
                    }
                });
                return out.size() >= count;
            });
        }
        return out;
    }
}
