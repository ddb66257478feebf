package io.watchfloor.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.ReportAttributes;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PrometheusText;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ingest-service on a real (in-JVM KRaft) broker: what a POST writes to {@code threat.reports.raw.v1},
 * and that nothing is written and no 2xx is given when a request is refused or Kafka is unreachable.
 */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIT implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KafkaConsumer<String, RawReport> consumer;
    private static final String OPERATOR_KEY = "ingest-it-operator-key";
    private SchemaRegistryServer registry;
    private final List<ConsumerRecord<String, RawReport>> seen = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        String bootstrap = KafkaBrokerExtension.bootstrapServers();
        KafkaBrokerExtension.createTopic(Topics.REPORTS_RAW, 3);
        // The project's own registry (Confluent REST API, schemas in the _schemas topic) on a free port.
        registry = SchemaRegistryServer.start(bootstrap, "127.0.0.1", 0);
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "watchfloor.schema-registry.url", registry.url(),
                // /health shows its components only to a request with a key
                "watchfloor.security.operator-keys", OPERATOR_KEY);
    }

    @AfterAll
    void closeClients() {
        if (consumer != null) {
            consumer.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldPublishTheReportKeyedByIdWithTheIngestTimeAsRecordTimestamp() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> response = post(server, "/reports", "application/json", sample("report-html.json"));
        Instant after = Instant.now();
        assertEquals(202, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("accepted", body.get("status").asText());
        String id = body.get("id").asText();

        ConsumerRecord<String, RawReport> record = awaitRecord(id);
        assertEquals(id, record.key());
        assertEquals(TimestampType.CREATE_TIME, record.timestampType());
        assertTrue(record.timestamp() >= before.toEpochMilli() - 1 && record.timestamp() <= after.toEpochMilli(),
                "record timestamp " + record.timestamp() + " is not the ingest time");
        RawReport report = record.value();
        assertEquals(id, report.getId());
        assertEquals(record.timestamp(), report.getIngestedAt().toEpochMilli());
        // The publish date is the source's claim: kept in the payload even though it lies in the future.
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), report.getPublishedAt());
        assertEquals("Rail operator restores ticketing after outage", report.getTitle());
        assertEquals("""
                Rail operator restores ticketing after outage

                A regional rail operator said its ticket machines were working again after a two-day outage.

                Machines affected: 140

                Cause: under investigation

                Passengers with paper tickets were not affected.""", report.getText());
        assertEquals("text/html", report.getContentType());
        assertEquals("https://transport.example.net/news/ticketing-restored", report.getCanonicalUrl());
        assertEquals("Example Transport Desk", report.getSource().getName());
        assertEquals(64, report.getContentHash().length());
    }

    @Test
    void shouldGiveTheSameIdWhenTheSameReportIsPostedTwice() throws Exception {
        HttpResponse<String> first = post(server, "/reports", "application/json", sample("report.json"));
        HttpResponse<String> second = post(server, "/reports", "application/json", sample("report.json"));
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, second.statusCode(), second.body());
        String id = JSON.readTree(first.body()).get("id").asText();
        assertEquals(id, JSON.readTree(second.body()).get("id").asText());
        RawReport report = awaitRecord(id).value();
        assertEquals("https://news.example.org/2026/11/harbour-phishing-wave?ref=home", report.getCanonicalUrl());
        assertEquals("Example Harbour News", report.getSource().getName());
    }

    @Test
    void shouldRefuseABodyOneByteOverTheLimitWithoutWritingToKafka() throws Exception {
        long before = recordCount();
        String prefix = "{\"text\": \"";
        String suffix = "\"}";
        String text = "x".repeat(1024 * 1024 + 1 - prefix.length() - suffix.length());
        byte[] body = (prefix + text + suffix).getBytes();
        assertEquals(1024 * 1024 + 1, body.length);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.getURI().resolve("/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).hasNonNull("hint"), response.body());
        assertEquals(before, recordCount());
    }

    @Test
    void shouldRefuseAReportWithoutTextNamingTheField() throws Exception {
        long before = recordCount();
        HttpResponse<String> response = post(server, "/reports", "application/json", sample("missing-text.json"));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("text", JSON.readTree(response.body()).get("field").asText());
        assertEquals(before, recordCount());
    }

    @Test
    void shouldRefuseNonJsonContentTypes() throws Exception {
        long before = recordCount();
        HttpResponse<String> response = post(server, "/reports", "text/plain", "A plain text report");
        assertEquals(415, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("hint").asText().contains("application/json"));
        assertEquals(before, recordCount());
    }

    @Test
    void shouldPublishEveryGoodItemOfANdjsonBatch() throws Exception {
        HttpResponse<String> response = post(server, "/reports/batch", "application/x-ndjson",
                sample("batch.ndjson"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertEquals(3, results.size());
        for (JsonNode result : results) {
            assertEquals("accepted", result.get("status").asText(), result.toString());
            assertNotNull(awaitRecord(result.get("id").asText()).value());
        }
    }

    @Test
    void shouldReportKafkaUpOnHealthAndServePrometheusMetrics() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.getURI().resolve("/health"))
                .header("X-API-Key", OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        JsonNode kafka = JSON.readTree(health.body()).path("details").path("kafka");
        assertEquals("UP", kafka.path("status").asText(), health.body());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.getURI().resolve("/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "no JVM metrics in /prometheus");
        assertTrue(metrics.body().contains("watchfloor_ingest_reports_total{outcome=\"accepted\""),
                "no ingest counters in /prometheus");
        // the hand-made producer's own Kafka client metrics, like the clients micronaut-kafka makes
        assertTrue(io.watchfloor.testsupport.PrometheusText.sum(metrics.body(), "kafka_producer_record_send_total",
                Map.of("client_id", "ingest-service")) > 0, "no Kafka producer metrics in /prometheus");
    }

    @Test
    void shouldMoveTheDocumentedIngestMetersOnAcceptedAndRefusedReports() throws Exception {
        String before = scrape();
        assertEquals(202, post(server, "/reports", "application/json", "{\"title\":\"Meters\",\"text\":"
                + "\"A report to move the ingest meters " + System.nanoTime() + ".\"}").statusCode());
        assertEquals(400, post(server, "/reports", "application/json", sample("missing-text.json")).statusCode());
        String after = scrape();
        Map<String, String> raw = Map.of("topic", Topics.REPORTS_RAW);
        assertEquals(1.0, PrometheusText.sum(after, "watchfloor_ingest_published_total", raw)
                - PrometheusText.sum(before, "watchfloor_ingest_published_total", raw), 0.0, after);
        Map<String, String> text = Map.of("reason", "invalid_text");
        assertEquals(1.0, PrometheusText.sum(after, "watchfloor_ingest_rejected_total", text)
                - PrometheusText.sum(before, "watchfloor_ingest_rejected_total", text), 0.0, after);
        assertTrue(PrometheusText.sum(after, "watchfloor_ingest_ack_latency_seconds_count", Map.of())
                > PrometheusText.sum(before, "watchfloor_ingest_ack_latency_seconds_count", Map.of()), after);
        assertTrue(PrometheusText.has(after, "watchfloor_ingest_ack_latency_seconds_bucket", Map.of("le", "0.1")),
                "the ack latency is a histogram with documented buckets");
    }

    private String scrape() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.getURI().resolve("/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        return metrics.body();
    }

    @Test
    void shouldAnswer503AndWriteNothingWhenKafkaIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long before = recordCount();
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort);
        properties.put("watchfloor.ingest.publish.max-block", "2s");
        properties.put("kafka.health-timeout", "1s");
        properties.put("watchfloor.schema-registry.url", registry.url());
        try (EmbeddedServer offline = ApplicationContext.run(EmbeddedServer.class, properties)) {
            HttpResponse<String> single = post(offline, "/reports", "application/json", sample("report.json"));
            assertEquals(503, single.statusCode(), single.body());
            assertTrue(single.headers().firstValue("Retry-After").isPresent());
            assertTrue(JSON.readTree(single.body()).hasNonNull("hint"));

            HttpResponse<String> batch = post(offline, "/reports/batch", "application/json", sample("batch.json"));
            assertEquals(503, batch.statusCode(), batch.body());
            for (JsonNode result : JSON.readTree(batch.body()).get("results")) {
                assertTrue(List.of("failed", "rejected").contains(result.get("status").asText()), batch.body());
            }

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(offline.getURI().resolve("/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
        }
        assertEquals(before, recordCount());
    }

    @Test
    void shouldAnswer503AndWriteNothingWhenTheSchemaRegistryIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long before = recordCount();
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", KafkaBrokerExtension.bootstrapServers());
        properties.put("watchfloor.schema-registry.url", "http://127.0.0.1:" + closedPort);
        properties.put("watchfloor.schema-registry.max-retries", 1);
        try (EmbeddedServer noRegistry = ApplicationContext.run(EmbeddedServer.class, properties)) {
            HttpResponse<String> response = post(noRegistry, "/reports", "application/json", sample("report.json"));
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(JSON.readTree(response.body()).get("error").asText().contains("registry"), response.body());
        }
        assertEquals(before, recordCount());
    }

    @Test
    void shouldWriteOnceAndAnswerIdenticallyForThreeConcurrentPostsWithOneIdempotencyKey() throws Exception {
        long before = recordCount();
        String body = "{\"title\": \"Idempotent\", \"text\": \"Posted three times at once with one key.\"}";
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(server.getURI().resolve("/reports"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "it-concurrent-key")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> bodies = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertEquals(202, response.statusCode(), response.body());
            bodies.add(response.body());
        }
        assertEquals(List.of(bodies.get(0), bodies.get(0), bodies.get(0)), bodies);
        String id = JSON.readTree(bodies.get(0)).get("id").asText();
        assertEquals(id, awaitRecord(id).key());
        assertEquals(before + 1, recordCount());
        assertEquals(1, seen.stream().filter(r -> id.equals(r.key())).count());
    }

    @Test
    void shouldPublishTheReportsOfAStixBundleAndAMispEvent() throws Exception {
        HttpResponse<String> stix = post(server, "/stix", "application/stix+json", sample("intel/stix-bundle.json"));
        assertEquals(200, stix.statusCode(), stix.body());
        JsonNode results = JSON.readTree(stix.body()).get("results");
        assertEquals(2, results.size());
        RawReport first = awaitRecord(results.get(0).get("id").asText()).value();
        assertEquals("stix", first.getSource().getKind());
        assertEquals("Phishing wave against port operators", first.getTitle());
        assertEquals("report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", first.getSource().getItemId());
        assertTrue(first.getText().contains("malware: DockLoader"), first.getText());
        assertEquals("Harbour Spider", first.getAttributes().get(ReportAttributes.SOURCE_THREAT_ACTORS));

        HttpResponse<String> misp = post(server, "/misp", "application/json", sample("intel/misp-event.json"));
        assertEquals(200, misp.statusCode(), misp.body());
        RawReport event = awaitRecord(JSON.readTree(misp.body()).get("results").get(0).get("id").asText()).value();
        assertEquals("misp", event.getSource().getKind());
        assertEquals("Example CERT", event.getSource().getName());
    }

    private ConsumerRecord<String, RawReport> awaitRecord(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer().poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> id.equals(r.key()));
        });
        Optional<ConsumerRecord<String, RawReport>> match = seen.stream().filter(r -> id.equals(r.key()))
                .findFirst();
        return match.orElseThrow();
    }

    private KafkaConsumer<String, RawReport> consumer() {
        if (consumer == null) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    AvroSerde.forValues(RawReport.class, SchemaRegistryClients.forUrl(registry.url())).deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REPORTS_RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        return consumer;
    }

    /** Total records ever written to the raw topic (sum of end offsets). */
    private long recordCount() {
        KafkaConsumer<String, RawReport> c = consumer();
        return c.endOffsets(c.assignment()).values().stream().mapToLong(Long::longValue).sum();
    }

    private HttpResponse<String> post(EmbeddedServer target, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(target.getURI().resolve(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sample(String name) throws IOException {
        try (InputStream in = IngestIT.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test sample /samples/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
