package io.watchfloor.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PrometheusText;
import io.watchfloor.testsupport.SharedData;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * alert-service on a real KRaft broker: subscriptions over HTTP into the compacted topic, the seed article
 * matched by the real topology into a CloudEvents alert with its evidence, a poison subscription dead-lettered
 * while the rest keep working, and a preview over a (stub) store.
 */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertIT implements TestPropertyProvider {
    private static final String REGISTRY = "mock://alert-it";
    private static final String KEY = "alert-it-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static HttpServer store;

    @Inject
    EmbeddedServer server;

    private final AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class,
            SchemaRegistryClients.forUrl(REGISTRY));
    private final AvroSerde<AlertEvent> alertSerde = AvroSerde.forValues(AlertEvent.class,
            SchemaRegistryClients.forUrl(REGISTRY));
    private KafkaProducer<String, byte[]> producer;

    @Override
    public Map<String, String> getProperties() {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_ENRICHED, Topics.ALERTS, Topics.ALERTS_DLQ,
                Topics.ALERT_ATTEMPTS, Topics.SOURCES_HEALTH);
        KafkaBrokerExtension.createTopics(List.of(
                new NewTopic(Topics.SUBSCRIPTIONS, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.ALERT_DELIVERIES, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        try {
            store = storeStub();
            return Map.of(
                    "kafka.bootstrap.servers", KafkaBrokerExtension.bootstrapServers(),
                    "watchfloor.schema-registry.url", REGISTRY,
                    "watchfloor.security.api-keys", KEY,
                    "watchfloor.alert.store-url", "http://127.0.0.1:" + store.getAddress().getPort(),
                    "kafka.streams.default.state.dir", Files.createTempDirectory("alert-it").toString(),
                    "kafka.streams.default.commit.interval.ms", "200",
                    "watchfloor.metrics.lag.interval", "1s");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** store-service's query API, answering one stored report for previews. */
    private HttpServer storeStub() throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String text = "Police in Quetta said ISIS-K planned the attack.";
        String doc = "{\"id\":\"stored-1\",\"revision\":1,\"title\":\"Quetta plot\",\"text\":\"" + text + "\","
                + "\"source\":{\"kind\":\"http\",\"name\":\"stub\"},\"publishedAt\":\"2026-12-01T00:00:00Z\","
                + "\"ingestedAt\":\"2026-12-01T00:00:01Z\",\"groups\":[{\"id\":\"iskp\",\"name\":\"Islamic State "
                + "Khorasan Province\",\"affiliation\":\"islamic-state\",\"role\":\"mentioned\",\"score\":0.9,"
                + "\"evidence\":[{\"field\":\"text\",\"start\":21,\"end\":27,\"text\":\"ISIS-K\"}]}],"
                + "\"entities\":[],\"events\":[],\"topics\":[],\"metadata\":{\"catalogVersion\":\"c\"}}";
        stub.createContext("/reports", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.equals("/reports")
                    ? "{\"items\":[{\"id\":\"stored-1\"}],\"nextCursor\":null}" : doc;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        stub.start();
        return stub;
    }

    @BeforeAll
    void setUp() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void tearDown() {
        producer.close();
        store.stop(0);
    }

    private HttpResponse<String> call(String method, String path, String body, boolean withKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (withKey) {
            b.header("X-API-Key", KEY);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String create(String json) throws Exception {
        HttpResponse<String> r = call("POST", "/subscriptions", json, true);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    @Test
    void shouldManageSubscriptionsAndExplainInvalidFilters() throws Exception {
        assertEquals(401, call("POST", "/subscriptions", "{\"name\":\"x\",\"filter\":{\"groups\":[\"iskp\"]}}",
                false).statusCode());

        HttpResponse<String> unknown = call("POST", "/subscriptions",
                "{\"name\":\"typo\",\"filter\":{\"groups\":[\"iskp\",\"iskp2\"]}}", true);
        assertEquals(400, unknown.statusCode(), unknown.body());
        JsonNode error = JSON.readTree(unknown.body()).get("errors").get(0);
        assertEquals("filter.groups[1]", error.get("field").asText());
        assertTrue(error.get("message").asText().contains("iskp"), error.toString());

        HttpResponse<String> badScore = call("POST", "/subscriptions",
                "{\"name\":\"s\",\"filter\":{\"groups\":[\"ttp\"],\"minScore\":1.5}}", true);
        assertEquals(400, badScore.statusCode());
        assertTrue(badScore.body().contains("filter.minScore"), badScore.body());

        String id = create("{\"name\":\"TTP desk\",\"filter\":{\"groups\":[\"ttp\"]},\"webhook\":{\"url\":"
                + "\"http://127.0.0.1:9/hook\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}}");
        JsonNode shown = JSON.readTree(call("GET", "/subscriptions/" + id, null, false).body());
        assertEquals("TTP desk", shown.get("name").asText());
        assertTrue(shown.get("webhook").get("secretSet").asBoolean());
        assertFalse(shown.toString().contains("whsec_"), "the secret is never returned: " + shown);

        HttpResponse<String> replaced = call("PUT", "/subscriptions/" + id,
                "{\"name\":\"TTP and AQ desk\",\"filter\":{\"groups\":[\"ttp\",\"al-qaeda\"]},"
                        + "\"webhook\":{\"url\":\"http://127.0.0.1:9/hook2\"}}", true);
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("TTP and AQ desk", JSON.readTree(replaced.body()).get("name").asText());
        assertTrue(JSON.readTree(replaced.body()).get("webhook").get("secretSet").asBoolean(),
                "a PUT without a secret keeps the stored one");
        assertTrue(call("GET", "/subscriptions", null, false).body().contains(id));

        assertEquals(204, call("DELETE", "/subscriptions/" + id, null, true).statusCode());
        assertEquals(404, call("GET", "/subscriptions/" + id, null, false).statusCode());
    }

    @Test
    void shouldAlertOnTheSeedArticleWithTheIsisKEvidenceButNotForTheHistoricalBombing() throws Exception {
        String text = Files.readString(SharedData.seedArticle(), StandardCharsets.UTF_8);
        String iskp = create("{\"name\":\"ISKP desk\",\"filter\":{\"groups\":[\"iskp\"]}}");
        String current = create("{\"name\":\"Current bombings\",\"filter\":{\"eventTypes\":[\"bombing\"],"
                + "\"temporal\":\"current\"}}");
        String anyTime = create("{\"name\":\"Bombings\",\"filter\":{\"eventTypes\":[\"bombing\"]}}");

        EnrichedReport seed = EnrichedReports.of("seed-it", "Pakistan and the United States", text);
        producer.send(new ProducerRecord<>(Topics.REPORTS_ENRICHED, "seed-it",
                enrichedSerde.serialize(Topics.REPORTS_ENRICHED, seed))).get();

        List<ConsumerRecord<String, byte[]>> out = read(Topics.ALERTS, r -> r.key().equals(iskp)
                || r.key().equals(anyTime) || r.key().equals(current), 2);
        AlertEvent alert = out.stream().filter(r -> r.key().equals(iskp)).map(r -> alertSerde.deserialize(
                Topics.ALERTS, r.value())).findFirst().orElseThrow(() -> new AssertionError("no ISKP alert"));
        assertEquals("seed-it", alert.getReportId());
        assertTrue(alert.getClauses().stream().flatMap(c -> c.getEvidence().stream())
                .anyMatch(e -> "ISIS-K".contentEquals(e.getText())
                        && text.substring(e.getStart(), e.getEnd()).equals("ISIS-K")), alert.toString());
        assertTrue(out.stream().anyMatch(r -> r.key().equals(anyTime)), "the bombing subscription fires");
        assertTrue(out.stream().noneMatch(r -> r.key().equals(current)),
                "the 2021 Abbey Gate bombing is history: a current-events subscription does not fire");
        var ceId = out.get(0).headers().lastHeader("ce_id");
        assertTrue(ceId != null && ceId.value().length > 0, "CloudEvents headers");

        String metrics = await().atMost(Duration.ofSeconds(60)).until(() -> call("GET", "/prometheus", null, false)
                .body(), t -> PrometheusText.has(t, "watchfloor_consumer_lag", Map.of("group", "alert-service",
                        "topic", Topics.REPORTS_ENRICHED)));
        assertTrue(PrometheusText.sum(metrics, "watchfloor_alert_alerts_total", Map.of("type", "alert.created"))
                >= 2, metrics);
        assertTrue(PrometheusText.has(metrics, "watchfloor_alert_delivery_attempts_total",
                Map.of("result", "delivered")), "delivery meters");
        assertTrue(PrometheusText.names(metrics).stream().anyMatch(n -> n.startsWith("kafka_stream")),
                "Kafka Streams meters");
        // the delivery consumers' and producer's own client metrics (made by hand, not by micronaut-kafka)
        assertTrue(PrometheusText.has(metrics, "kafka_consumer_fetch_manager_records_consumed_total",
                Map.of("client_id", "alert-service-deliveries")), "delivery consumer meters");
        assertTrue(PrometheusText.has(metrics, "kafka_producer_record_send_total",
                Map.of("client_id", "alert-service-delivery")), "delivery producer meters");
    }

    @Test
    void shouldDeadLetterAPoisonSubscriptionAndKeepServingTheOthers() throws Exception {
        producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, "sub-poison",
                "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
        String good = create("{\"name\":\"AQ desk\",\"filter\":{\"groups\":[\"al-qaeda\"]}}");

        List<ConsumerRecord<String, byte[]>> letters = read(Topics.ALERTS_DLQ,
                r -> "sub-poison".equals(r.key()), 1);
        assertEquals("subscription", new String(letters.get(0).headers().lastHeader(DeadLetterHeaders.STAGE)
                .value(), StandardCharsets.UTF_8));
        assertEquals(Topics.SUBSCRIPTIONS, new String(letters.get(0).headers().lastHeader(DeadLetterHeaders.TOPIC)
                .value(), StandardCharsets.UTF_8));
        assertEquals(404, call("GET", "/subscriptions/sub-poison", null, false).statusCode());
        assertEquals(200, call("GET", "/subscriptions/" + good, null, false).statusCode());
        assertTrue(PrometheusText.sum(call("GET", "/prometheus", null, false).body(), "watchfloor_dead_letters_total",
                Map.of("service", "alert-service", "stage", "subscription")) >= 1);
    }

    @Test
    void shouldGoDownNamingTheDeadLetterTopicWhileItIsMissingAndUpOnceItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> health().contains("\"deadLetterTopic\"")
                && health().contains("\"EXISTS\""));
        try (org.apache.kafka.clients.admin.Admin admin = KafkaBrokerExtension.admin()) {
            admin.deleteTopics(List.of(Topics.ALERTS_DLQ)).all().get(30, TimeUnit.SECONDS);
            try {
                String down = await().atMost(Duration.ofSeconds(30)).until(this::health,
                        b -> b.contains("\"MISSING\""));
                JsonNode entry = JSON.readTree(down).path("details").path("deadLetterTopic");
                assertEquals("DOWN", entry.path("status").asText(), down);
                String reason = entry.path("details").path("reason").asText();
                assertTrue(reason.contains(Topics.ALERTS_DLQ + " does not exist"), reason);
                assertTrue(reason.contains("Create the topic again"), reason);
                assertEquals(503, call("GET", "/health", null, true).statusCode());
            } finally {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    KafkaBrokerExtension.createTopics(Topics.ALERTS_DLQ);
                    return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.ALERTS_DLQ);
                });
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(health()).path("details")
                .path("deadLetterTopic").path("status").asText().equals("UP"));
    }

    /** /health with the key (its details name the entries). */
    private String health() throws Exception {
        return call("GET", "/health", null, true).body();
    }

    @Test
    void shouldPreviewWhatAFilterWouldHaveFiredOnWithoutSavingIt() throws Exception {
        HttpResponse<String> preview = call("POST", "/subscriptions",
                "{\"name\":\"try\",\"preview\":true,\"previewDays\":3,\"filter\":{\"groups\":[\"iskp\"]}}", true);

        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode body = JSON.readTree(preview.body());
        assertEquals(1, body.get("reportsScanned").asInt());
        assertEquals("stored-1", body.get("hits").get(0).get("reportId").asText());
        assertEquals("ISIS-K", body.get("hits").get(0).get("why").get(0).get("evidence").get(0).get("text").asText());
        assertFalse(call("GET", "/subscriptions", null, false).body().contains("\"try\""), "a preview saves nothing");
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> keep, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "alert-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && keep.test(r)) {
                        out.add(r);
                    }
                });
                return out.size() >= count;
            });
            // a little longer, so a record that must not come has had its chance
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && keep.test(r)) {
                        out.add(r);
                    }
                });
            }
        }
        return out;
    }
}
