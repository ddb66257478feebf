package io.watchfloor.alert.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.alert.subscriptions.AlertFeed;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * Webhook delivery in the real alert-service context on a real KRaft broker: alerts produced to
 * {@code threat.alerts.v1} (Avro, as the topology writes them) reach loopback receivers signed per Standard
 * Webhooks, through failures, 410, an outage and the dead-letter topic; the delivery log, the paged and SSE alert
 * APIs and the test event. Signatures are checked by {@link StandardWebhooks}, not by the service's own code.
 */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryIT implements TestPropertyProvider {
    private static final String REGISTRY = "mock://delivery-it";
    private static final String KEY = "delivery-it-key";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EmbeddedServer server;

    @Inject
    AlertFeed feed;

    private final AvroSerde<AlertEvent> serde = AvroSerde.forValues(AlertEvent.class,
            SchemaRegistryClients.forUrl(REGISTRY));
    private final AvroSerde<SourceHealth> healthSerde = AvroSerde.forValues(SourceHealth.class,
            SchemaRegistryClients.forUrl(REGISTRY));
    private final List<Receiver> receivers = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;

    @Override
    public Map<String, String> getProperties() {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_ENRICHED, Topics.ALERTS_DLQ, Topics.SOURCES_HEALTH);
        KafkaBrokerExtension.createTopics(List.of(
                new NewTopic(Topics.ALERTS, 3, (short) 1),
                new NewTopic(Topics.ALERT_ATTEMPTS, 3, (short) 1),
                new NewTopic(Topics.SUBSCRIPTIONS, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.ALERT_DELIVERIES, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", KafkaBrokerExtension.bootstrapServers());
        p.put("watchfloor.schema-registry.url", REGISTRY);
        p.put("watchfloor.security.api-keys", KEY);
        p.put("watchfloor.alert.store-url", "http://127.0.0.1:9");
        try {
            p.put("kafka.streams.default.state.dir", Files.createTempDirectory("delivery-it").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // six attempts over about six seconds, no jitter; loopback receivers allowed past the SSRF guard
        p.put("watchfloor.alert.delivery.schedule", "300ms,300ms,1s,2s,2s");
        p.put("watchfloor.alert.delivery.jitter", "0");
        p.put("watchfloor.alert.delivery.allowlist", "127.0.0.1");
        p.put("watchfloor.alert.delivery.request-timeout", "3s");
        p.put("watchfloor.alert.delivery.heartbeat", "1s");
        p.put("watchfloor.alert.delivery.poll-timeout", "100ms");
        return p;
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
        receivers.forEach(Receiver::close);
    }

    @Test
    void shouldDeliverEveryAlertOnceAfterDedupThroughThreeFailuresWithValidSignatures() throws Exception {
        Receiver receiver = receiver().answer(200, 500, 500, 500);
        String sub = create("Retry desk", receiver.url());
        List<String> alerts = List.of("al-retry-1", "al-retry-2", "al-retry-3");
        alerts.forEach(id -> produce(sub, id));

        await().atMost(WAIT).until(() -> receiver.delivered().size() >= alerts.size());

        assertEquals(Set.copyOf(alerts), receiver.delivered(), "every alert, each once after dedup by webhook-id");
        List<Receiver.Request> requests = receiver.requests();
        assertEquals(3, requests.stream().filter(r -> r.answered() == 500).count());
        for (Receiver.Request r : requests) {
            assertTrue(StandardWebhooks.verify(SECRET, r), "signature of " + r.id() + " " + r.headers());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("alert.created", body.get("type").asText());
            assertEquals(r.id(), body.get("data").get("alertId").asText(), "webhook-id is the alert id");
            assertEquals("ISIS-K", body.get("data").get("clauses").get(0).get("evidence").get(0).get("text").asText());
            assertEquals("application/json", r.headers().get("content-type"));
        }

        // the delivery log lists the attempts, with their statuses
        JsonNode log = await().atMost(WAIT).until(() -> JSON.readTree(get("/subscriptions/" + sub + "/deliveries")
                .body()), l -> count(l, "DELIVERED") == 3 && count(l, "RETRY") == 3);
        List<JsonNode> items = new ArrayList<>();
        log.get("items").forEach(items::add);
        assertEquals(3, items.stream().filter(i -> i.path("status").asInt() == 500).count());
        assertEquals(3, items.stream().filter(i -> i.path("status").asInt() == 200).count());
        JsonNode retry = items.stream().filter(i -> i.get("outcome").asText().equals("RETRY")).findFirst()
                .orElseThrow();
        assertTrue(retry.get("error").asText().startsWith("HTTP 500"), retry.toString());
        assertNotNull(Instant.parse(retry.get("attemptedAt").asText()));
        assertNotNull(Instant.parse(retry.get("nextAttemptAt").asText()));
        assertTrue(retry.get("latencyMs").asLong() >= 0);
        assertEquals(receiver.url(), retry.get("endpoint").asText());
        assertTrue(Instant.parse(items.get(0).get("attemptedAt").asText())
                .compareTo(Instant.parse(items.get(items.size() - 1).get("attemptedAt").asText())) >= 0,
                "newest first");

        JsonNode delivered = JSON.readTree(get("/metrics/watchfloor.alert.delivery.attempts?tag=result:delivered")
                .body());
        assertTrue(delivered.get("measurements").get(0).get("value").asDouble() >= 3, delivered.toString());
        // the components are shown to a request with a key only (anonymous: the status)
        assertFalse(get("/health").body().contains("details"));
        JsonNode health = JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri("/health")).header("X-API-Key", KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("UP", health.get("details").get("delivery").get("status").asText(), health.toString());
    }

    @Test
    void shouldDisableTheWebhookOn410AndSendNothingMore() throws Exception {
        Receiver receiver = receiver().answer(410);
        String sub = create("Gone desk", receiver.url());
        produce(sub, "al-gone-1");

        JsonNode shown = await().atMost(WAIT).until(() -> JSON.readTree(get("/subscriptions/" + sub).body()),
                s -> s.get("webhook").get("disabled").asBoolean());
        assertTrue(shown.get("webhook").get("disabledReason").asText().contains("410"), shown.toString());

        produce(sub, "al-gone-2");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.requests().size() == 1);
        assertEquals("al-gone-1", receiver.requests().get(0).id());
    }

    @Test
    void shouldDeliverEverythingToAReceiverThatWasDownForAWhile() throws Exception {
        Receiver receiver = receiver();
        String sub = create("Outage desk", receiver.url());
        receiver.stop();
        produce(sub, "al-down-1");
        produce(sub, "al-down-2");

        // connection refused twice for each alert, then the receiver comes back
        await().atMost(WAIT).until(() -> count(JSON.readTree(get("/subscriptions/" + sub + "/deliveries").body()),
                "RETRY") >= 4);
        receiver.start();

        await().atMost(WAIT).until(() -> receiver.delivered().size() >= 2);
        assertEquals(Set.of("al-down-1", "al-down-2"), receiver.delivered());
        JsonNode log = JSON.readTree(get("/subscriptions/" + sub + "/deliveries").body());
        JsonNode refused = log.get("items").get(log.get("items").size() - 1);
        assertFalse(refused.has("status"), "no HTTP status without a response: " + refused);
        assertTrue(refused.get("error").asText().contains("ConnectException"), refused.toString());
    }

    @Test
    void shouldDeadLetterTheAlertWithTheReasonAfterTheLastAttempt() throws Exception {
        Receiver receiver = receiver().answer(500);
        String sub = create("Broken desk", receiver.url());
        produce(sub, "al-dead-1");

        ConsumerRecord<String, byte[]> letter = readOne(Topics.ALERTS_DLQ, sub);

        assertEquals(6, receiver.requests().size(), "five retries on the test schedule, six attempts in all");
        assertEquals("al-dead-1", serde.deserialize(Topics.ALERTS, letter.value()).getAlertId(),
                "the alert itself, in the wire format it was read in");
        assertEquals("delivery", header(letter, DeadLetterHeaders.STAGE));
        assertEquals(Topics.ALERTS, header(letter, DeadLetterHeaders.TOPIC));
        assertEquals("alert-service", header(letter, DeadLetterHeaders.SERVICE));
        String reason = header(letter, DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(reason.startsWith("gave up after 6 attempt(s)") && reason.contains("HTTP 500"), reason);
        assertEquals("al-dead-1", header(letter, KafkaDeliveryWrites.WEBHOOK_ID_HEADER));
        assertEquals("500", header(letter, KafkaDeliveryWrites.STATUS_HEADER));
        assertEquals("6", header(letter, KafkaDeliveryWrites.ATTEMPTS_HEADER));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> receiver.requests().size() == 6);
    }

    @Test
    void shouldServeAlertsPagedAndAsServerSentEventsResumingAfterLastEventId() throws Exception {
        String sub = create("Dashboard", null);
        List<String> positions = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            RecordMetadata m = produce(sub, "al-page-" + i);
            positions.add(m.partition() + "-" + m.offset());
        }

        JsonNode all = JSON.readTree(get("/alerts?subscription=" + sub + "&since=PT1H").body());
        assertEquals(List.of("al-page-1", "al-page-2", "al-page-3"), alertIds(all.get("items")));
        assertEquals(positions, ids(all.get("items")));
        assertEquals("alert.created", all.get("items").get(0).get("type").asText());
        JsonNode first = JSON.readTree(get("/alerts?subscription=" + sub + "&limit=2").body());
        assertEquals(List.of("al-page-1", "al-page-2"), alertIds(first.get("items")));
        JsonNode second = JSON.readTree(get("/alerts?subscription=" + sub + "&after="
                + first.get("next").asText()).body());
        assertEquals(List.of("al-page-3"), alertIds(second.get("items")));
        assertFalse(second.get("more").asBoolean());
        assertEquals(0, JSON.readTree(get("/alerts?subscription=" + sub + "&since="
                + URLEncoder.encode(Instant.now().plusSeconds(3600).toString(), StandardCharsets.UTF_8)).body())
                .get("items").size(), "nothing after a time in the future");
        // wrong requests: 400 in this API's shape, naming the parameter
        HttpResponse<String> missing = get("/alerts?limit=2");
        assertEquals(400, missing.statusCode(), missing.body());
        assertEquals("bad_request", JSON.readTree(missing.body()).path("error").asText(), missing.body());
        assertTrue(JSON.readTree(missing.body()).path("message").asText().contains("'subscription' is required"),
                missing.body());
        HttpResponse<String> wrongType = get("/alerts?subscription=" + sub + "&limit=ten");
        assertEquals(400, wrongType.statusCode(), wrongType.body());
        assertEquals("limit", JSON.readTree(wrongType.body()).path("errors").path(0).path("field").asText(),
                wrongType.body());
        HttpResponse<String> noBody = post("/subscriptions", "");
        assertEquals(400, noBody.statusCode(), noBody.body());
        assertEquals("bad_request", JSON.readTree(noBody.body()).path("error").asText(), noBody.body());

        URI stream = uri("/alerts/stream?subscription=" + sub);
        try (SseClient live = new SseClient(stream, null)) {
            assertTrue(live.sawHeartbeat(Duration.ofSeconds(10)), "an idle stream sends heartbeats");
            RecordMetadata m = produce(sub, "al-page-4");
            SseClient.Event e = live.next(Duration.ofSeconds(20));
            assertNotNull(e, "the new alert arrives on the open stream");
            assertEquals(m.partition() + "-" + m.offset(), e.id());
            assertEquals("alert.created", e.name());
            assertEquals("al-page-4", JSON.readTree(e.data()).get("data").get("alertId").asText());
            positions.add(e.id());
        }
        AlertTopicReader reader = (AlertTopicReader) feed;
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.openStreams() == 0);

        try (SseClient resumed = new SseClient(stream, positions.get(1))) {
            List<SseClient.Event> replayed = resumed.drain(Duration.ofSeconds(5));
            assertEquals(List.of("al-page-3", "al-page-4"), replayed.stream()
                    .map(ev -> dataAlertId(ev.data())).toList(), "everything after Last-Event-ID, nothing before");
            assertEquals(positions.subList(2, 4), replayed.stream().map(SseClient.Event::id).toList());
        }
        assertEquals(404, get("/alerts?subscription=sub-missing").statusCode());
        assertEquals(400, get("/alerts?subscription=" + sub + "&after=nonsense").statusCode());
    }

    @Test
    void shouldSendASignedTestEventOnDemand() throws Exception {
        Receiver receiver = receiver();
        String sub = create("Test desk", receiver.url());

        HttpResponse<String> response = post("/subscriptions/" + sub + "/test", null);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body());
        assertEquals("DELIVERED", result.get("outcome").asText());
        assertEquals(200, result.get("status").asInt());
        assertEquals("test", result.get("kind").asText());
        Receiver.Request request = receiver.requests().get(0);
        assertEquals(result.get("webhookId").asText(), request.id());
        assertTrue(request.id().startsWith("test-"), request.id());
        assertTrue(StandardWebhooks.verify(SECRET, request), "the test event is signed");
        JsonNode body = JSON.readTree(request.body());
        assertEquals("alert.test", body.get("type").asText());
        assertEquals(sub, body.get("data").get("subscriptionId").asText());
        await().atMost(WAIT).until(() -> JSON.readTree(get("/subscriptions/" + sub + "/deliveries").body())
                .get("items").size() == 1);
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(uri("/subscriptions/" + sub + "/test"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "a write endpoint: the API key is required");
        String none = create("No hook", null);
        assertEquals(409, post("/subscriptions/" + none + "/test", null).statusCode());
    }

    @Test
    void shouldDeliverASignedSourceHealthAlertWhenAFeedStartsFailingAndARecoveryAfterIt() throws Exception {
        HttpResponse<String> mixed = post("/subscriptions", "{\"name\":\"mixed\",\"filter\":{\"groups\":"
                + "[\"ttp\"],\"sourceHealth\":{}}}");
        assertEquals(400, mixed.statusCode(), mixed.body());
        JsonNode problem = JSON.readTree(mixed.body()).get("errors").get(0);
        assertEquals("filter.groups", problem.get("field").asText());
        assertTrue(problem.get("message").asText().contains("create a separate subscription"), problem.toString());

        HttpResponse<String> preview = post("/subscriptions", "{\"name\":\"try\",\"preview\":true,\"filter\":"
                + "{\"sourceHealth\":{}}}");
        assertEquals(400, preview.statusCode(), preview.body());
        assertEquals("filter.sourceHealth", JSON.readTree(preview.body()).get("errors").get(0).get("field").asText());

        Receiver receiver = receiver().answer(200, 503);
        HttpResponse<String> created = post("/subscriptions", "{\"name\":\"feeds desk\",\"filter\":"
                + "{\"sourceHealth\":{\"sources\":[\"delivery-it-feed\"]}},\"webhook\":{\"url\":\""
                + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode view = JSON.readTree(created.body());
        String sub = view.get("id").asText();
        assertEquals("[\"FAILING\",\"STALE\"]", view.get("filter").get("sourceHealth").get("statuses").toString(),
                "statuses default to both");
        String source = "src-de11e5e5de11e5e5";

        health(source, "OK", 0, null);
        health(source, "FAILING", 1, "HTTP_STATUS: HTTP 503 Service Unavailable");
        health(source, "FAILING", 2, "HTTP_STATUS: HTTP 503 Service Unavailable"); // same outage: no alert
        health(source, "OK", 0, null);                                           // recovery notice

        await().atMost(WAIT).until(() -> receiver.delivered().size() >= 2);
        List<JsonNode> bodies = new ArrayList<>();
        for (Receiver.Request r : receiver.requests()) {
            assertTrue(StandardWebhooks.verify(SECRET, r), "signature of " + r.id() + " " + r.headers());
            if (r.answered() == 200) {
                bodies.add(JSON.readTree(r.body()));
            }
        }
        // the first attempt of the alert got 503 and was retried, so the recovery may arrive first: by type
        bodies.sort(Comparator.comparing(b -> b.get("type").asText()));
        assertEquals(List.of("alert.created", "alert.resolved"), bodies.stream().map(b -> b.get("type").asText())
                .toList());
        JsonNode data = bodies.get(0).get("data");
        assertEquals("source-health", data.get("kind").asText());
        assertEquals(sub, data.get("subscriptionId").asText());
        JsonNode h = data.get("sourceHealth");
        assertEquals(source, h.get("sourceId").asText());
        assertEquals("FAILING", h.get("status").asText());
        assertEquals("OK", h.get("previousStatus").asText());
        assertTrue(h.get("reason").asText().startsWith("HTTP_STATUS: HTTP 503 Service Unavailable; 1 failed poll(s)"),
                h.toString());
        assertTrue(data.get("why").asText().startsWith("Source delivery-it-feed (" + source + ") entered FAILING"),
                data.toString());
        assertEquals("FAILING", bodies.get(1).get("data").get("sourceHealth").get("previousStatus").asText());

        // the same alerts, in the topic's order, through the read API: the repeated FAILING record raised nothing
        JsonNode page = JSON.readTree(get("/alerts?subscription=" + sub).body());
        assertEquals(List.of(data.get("alertId").asText(), bodies.get(1).get("data").get("alertId").asText()),
                alertIds(page.get("items")));
    }

    private void health(String sourceId, String status, int failures, String error) throws Exception {
        Instant now = Instant.now();
        SourceHealth h = SourceHealth.newBuilder().setSourceId(sourceId).setSourceName("delivery-it-feed")
                .setSourceUrl("https://feeds.example.org/delivery-it.xml").setStatus(status).setPolledAt(now)
                .setLastSuccessAt(error == null ? now : Instant.parse("2026-12-03T08:00:00Z"))
                .setHttpStatus(error == null ? 200 : 503).setConsecutiveFailures(failures).setLastError(error)
                .setIntervalSeconds(300).build();
        producer.send(new ProducerRecord<>(Topics.SOURCES_HEALTH, sourceId,
                healthSerde.serialize(Topics.SOURCES_HEALTH, h))).get();
    }

    private Receiver receiver() throws IOException {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    private String create(String name, String url) throws Exception {
        String webhook = url == null ? "" : ",\"webhook\":{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}";
        HttpResponse<String> r = post("/subscriptions", "{\"name\":\"" + name + "\",\"filter\":{\"keywords\":"
                + "[\"delivery-it-never-matches\"]}" + webhook + "}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    private RecordMetadata produce(String subscriptionId, String alertId) {
        try {
            AlertEvent alert = TestAlerts.alert(alertId, subscriptionId);
            alert.setCreatedAt(Instant.now());
            return producer.send(new ProducerRecord<>(Topics.ALERTS, subscriptionId,
                    serde.serialize(Topics.ALERTS, alert))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("X-API-Key", KEY).POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(JsonNode log, String outcome) {
        long n = 0;
        for (JsonNode item : log.path("items")) {
            n += item.path("outcome").asText().equals(outcome) ? 1 : 0;
        }
        return n;
    }

    private static List<String> alertIds(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("data").get("alertId").asText()));
        return out;
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    private static String dataAlertId(String data) {
        try {
            return JSON.readTree(data).get("data").get("alertId").asText();
        } catch (IOException e) {
            throw new AssertionError(data, e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, byte[]> readOne(String topic, String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "delivery-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
