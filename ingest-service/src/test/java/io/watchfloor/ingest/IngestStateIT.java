package io.watchfloor.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.kafka.RawTopicState;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest's state survives a restart and is shared by instances: a corrected feed item or POSTed report after a
 * restart becomes revision 2 of its id, restored from the raw topic. {@code -Dit.state.restore=false} runs the
 * same test with the restore off, to see it fail.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestStateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GUID = "urn:state-it:advisory-7";
    private static final String LINK = "http://news.state-it.test/advisory-7";

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<String> feedBody = new AtomicReference<>();
    private SchemaRegistryServer registry;
    private HttpServer feeds;
    private Map<String, Object> properties;

    @BeforeAll
    void start() throws Exception {
        String bootstrap = KafkaBrokerExtension.bootstrapServers();
        KafkaBrokerExtension.createTopics(Topics.REPORTS_RAW);
        registry = SchemaRegistryServer.start(bootstrap, "127.0.0.1", 0);
        feeds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        feeds.createContext("/state.xml", exchange -> {
            byte[] body = feedBody.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        feeds.start();
        properties = Map.ofEntries(
                Map.entry("kafka.bootstrap.servers", bootstrap),
                Map.entry("watchfloor.schema-registry.url", registry.url()),
                Map.entry("watchfloor.ingest.state.restore", System.getProperty("it.state.restore", "true")),
                Map.entry("watchfloor.feeds.enabled", "true"),
                Map.entry("watchfloor.feeds.allowlist", "127.0.0.1:" + feeds.getAddress().getPort()),
                Map.entry("watchfloor.feeds.sources-file",
                        Files.createTempDirectory("ingest-state-it").resolve("sources.json").toString()),
                Map.entry("watchfloor.feeds.host-min-delay", "0s"),
                Map.entry("watchfloor.feeds.full-article", "false"),
                Map.entry("watchfloor.feeds.detect-language", "false"));
    }

    @AfterAll
    void stop() {
        if (feeds != null) {
            feeds.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldContinueRevisionsOfFeedItemsAndPostsAfterARestart() throws Exception {
        String postUrl = "https://vendor.state-it.test/blog/loader-" + System.nanoTime();
        feedBody.set(rss("Advisory 7: the loader spreads through invoices sent from supplier mailboxes."));
        String sourceId;
        String feedReportId;
        String postReportId;
        try (EmbeddedServer first = startIngest()) {
            sourceId = addSource(first);
            RawReport original = awaitRecord(r -> GUID.equals(r.getSource().getItemId()));
            assertEquals(1, original.getRevision());
            feedReportId = original.getId();
            postReportId = post(first, postUrl, "The loader checks the keyboard layout first.");
            assertEquals(1, awaitRecord(r -> r.getId().equals(postReportId)).getRevision());
        }

        // the article is corrected while ingest is down; a new ingest (same broker, same sources file) starts
        feedBody.set(rss("Advisory 7 (updated): the loader spreads through invoices and fake shipping notices."));
        try (EmbeddedServer second = startIngest()) {
            assertEquals(202, send(second, "/sources/" + sourceId + "/poll", "").statusCode());
            RawReport corrected = awaitRecord(r -> r.getId().equals(feedReportId)
                    && r.getText().contains("fake shipping notices"));
            assertEquals(2, corrected.getRevision(), "the corrected feed item must supersede revision 1");
            assertEquals(GUID, corrected.getSource().getItemId());

            assertEquals(postReportId, post(second, postUrl, "The loader checks the keyboard layout and time zone."));
            RawReport correctedPost = awaitRecord(r -> r.getId().equals(postReportId)
                    && r.getText().contains("time zone"));
            assertEquals(2, correctedPost.getRevision(), "the corrected POST must supersede revision 1");
        }
    }

    @Test
    void shouldSeeReportsPublishedByAnotherInstance() throws Exception {
        String url = "https://vendor.state-it.test/blog/shared-" + System.nanoTime();
        try (EmbeddedServer a = startIngest(); EmbeddedServer b = startIngest()) {
            String id = post(a, url, "First version seen by instance A.");
            assertEquals(1, awaitRecord(r -> r.getId().equals(id)).getRevision());
            // B learns about A's record by tailing the topic, then numbers the correction after it
            DuplicateIndex indexOfB = b.getApplicationContext().getBean(DuplicateIndex.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> indexOfB.knownRevision(id) == 1);
            assertEquals(id, post(b, url, "Corrected version sent to B."));
            RawReport corrected = awaitRecord(r -> r.getId().equals(id) && r.getText().contains("Corrected"));
            assertEquals(2, corrected.getRevision(), "B must number its correction after A's record");
        }
    }

    @Test
    void shouldAnswerARetriedIdempotencyKeyAfterARestartWithoutPublishingAgain() throws Exception {
        String key = "state-it-" + System.nanoTime();
        String body = JSON.writeValueAsString(Map.of("title", "Keyed", "text", "A report sent with a key " + key,
                "url", "https://vendor.state-it.test/keyed/" + key));
        String firstAnswer;
        try (EmbeddedServer first = startIngest()) {
            HttpResponse<String> answer = sendWithKey(first, body, key);
            assertEquals(202, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Idempotent-Replayed").isEmpty(), answer.headers().toString());
            firstAnswer = answer.body();
        }
        String id = JSON.readTree(firstAnswer).get("id").asText();
        awaitRecord(r -> r.getId().equals(id));
        try (EmbeddedServer second = startIngest()) {
            Map<TopicPartition, Long> before = endOffsets();
            HttpResponse<String> retried = sendWithKey(second, body, key);
            assertEquals(202, retried.statusCode(), retried.body());
            assertEquals(JSON.readTree(firstAnswer), JSON.readTree(retried.body()));
            assertEquals(before, endOffsets(), "the retried request must not publish again");
            assertEquals("true", retried.headers().firstValue("Idempotent-Replayed").orElse(null),
                    "an answer from the report on the topic is a replay");
            HttpResponse<String> otherBody = sendWithKey(second, body.replace("A report", "Another report"), key);
            assertEquals(422, otherBody.statusCode(), otherBody.body());
        }
    }

    @Test
    void shouldLinkTheSameArticleFromASecondFeedOnceAndNotAgainAfterARestart() throws Exception {
        String story = "Advisory 9: the same wire story in two feeds " + System.nanoTime();
        String link = "http://news.state-it.test/advisory-9-" + System.nanoTime();
        serve("/wire-a.xml", rss("wire-a-1", link, story));
        serve("/wire-b.xml", rss("mirror-b-77", link, story));
        String a;
        String b;
        String id;
        try (EmbeddedServer first = startIngest()) {
            a = addSource(first, "Wire A", "/wire-a.xml");
            RawReport original = awaitRecord(r -> r.getText().contains(story));
            id = original.getId();
            assertEquals(List.of("Wire A"), names(original));
            b = addSource(first, "Wire B", "/wire-b.xml");
            RawReport linked = awaitRecord(r -> r.getId().equals(id) && r.getSources().size() == 2);
            assertEquals(1, linked.getRevision(), "a link is no new revision");
            assertEquals(List.of("Wire A", "Wire B"), names(linked));
            assertEquals("mirror-b-77", linked.getSources().get(1).getItemId());
            assertEquals(List.of(original.getId(), linked.getId()), recordIds(id), "one report id, two records");
        }
        // a restart: both feeds polled again (their cursors are kept, and then forced), nothing is published
        try (EmbeddedServer second = startIngest()) {
            Map<TopicPartition, Long> before = endOffsets();
            for (String source : List.of(a, b)) {
                long polls = totalPolls(second, source);
                assertEquals(202, send(second, "/sources/" + source + "/poll", "").statusCode());
                await().atMost(Duration.ofSeconds(30)).until(() -> totalPolls(second, source) > polls);
            }
            assertEquals(before, endOffsets(), "known sources of a known report are not linked again");
            assertEquals(2, second.getApplicationContext().getBean(DuplicateIndex.class).sourcesOf(id).size());
        }
    }

    private void serve(String path, String body) {
        feeds.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static List<String> names(RawReport r) {
        return r.getSources().stream().map(s -> s.getName()).toList();
    }

    private List<String> recordIds(String id) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, RawReport> consumer = consumer()) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getId().equals(id)) {
                        ids.add(r.value().getId());
                    }
                });
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return ids;
    }

    private long totalPolls(EmbeddedServer server, String source) throws Exception {
        HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create(server.getURI() + "/sources/"
                + source)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(view.body()).path("health").path("totalPolls").asLong(0);
    }

    /** A keyed request to each multi-item endpoint: path, content type, body. */
    private List<String[]> multiItemRequests(String run) throws Exception {
        String batch = "[" + JSON.writeValueAsString(Map.of("title", "Batch one", "text", "First item " + run,
                "url", "https://vendor.state-it.test/batch/" + run + "/1"))
                + ", {\"title\": \"no text\"}, "
                + JSON.writeValueAsString(Map.of("title", "Batch two", "text", "Second item " + run)) + "]";
        String stix = Files.readString(java.nio.file.Path.of("src/test/resources/samples/intel/stix-bundle.json"))
                .replace("Phishing wave against port operators", "Phishing wave against port operators " + run)
                .replace("Loader infrastructure update", "Loader infrastructure update " + run);
        String misp = Files.readString(java.nio.file.Path.of("src/test/resources/samples/intel/misp-event.json"))
                .replace("Invoice phishing against port operators", "Invoice phishing against port operators " + run);
        return List.of(new String[] {"/reports/batch", "application/json", batch},
                new String[] {"/stix", "application/stix+json", stix},
                new String[] {"/misp", "application/json", misp});
    }

    @Test
    void shouldAnswerRetriedBatchStixAndMispKeysAfterARestartWithoutPublishingAgain() throws Exception {
        String run = Long.toString(System.nanoTime());
        List<String[]> requests = multiItemRequests(run);
        List<HttpResponse<String>> firstAnswers = new ArrayList<>();
        try (EmbeddedServer first = startIngest()) {
            for (String[] r : requests) {
                HttpResponse<String> answer = sendWithKey(first, r[0], r[1], r[2], "multi-" + r[0] + run);
                assertTrue(answer.statusCode() < 300, r[0] + ": " + answer.body());
                assertTrue(JSON.readTree(answer.body()).path("accepted").asInt() >= 1, answer.body());
                firstAnswers.add(answer);
            }
        }
        int stixAccepted = JSON.readTree(firstAnswers.get(1).body()).path("accepted").asInt();
        await().atMost(Duration.ofSeconds(30)).until(() -> recordsWithKeyOf(run) == 2 + stixAccepted + 1);
        try (EmbeddedServer second = startIngest()) {
            Map<TopicPartition, Long> before = endOffsets();
            for (int i = 0; i < requests.size(); i++) {
                String[] r = requests.get(i);
                HttpResponse<String> retried = sendWithKey(second, r[0], r[1], r[2], "multi-" + r[0] + run);
                assertEquals(firstAnswers.get(i).statusCode(), retried.statusCode(), r[0] + ": " + retried.body());
                assertEquals(JSON.readTree(firstAnswers.get(i).body()), JSON.readTree(retried.body()), r[0]);
                HttpResponse<String> other = sendWithKey(second, r[0], r[1], r[2].replace(run, run + "-changed"),
                        "multi-" + r[0] + run);
                assertEquals(422, other.statusCode(), r[0] + ": " + other.body());
            }
            assertEquals(before, endOffsets(), "the retried requests must not publish again");
            HttpResponse<String> asSingle = sendWithKey(second, "/reports", "application/json",
                    JSON.writeValueAsString(Map.of("title", "Single", "text", "A single report " + run)),
                    "multi-/reports/batch" + run);
            assertEquals(422, asSingle.statusCode(), "a batch's key reused for a single report: " + asSingle.body());
        }
    }

    @Test
    void shouldShareBatchKeysBetweenInstancesAndPublishThreeConcurrentRetriesOnce() throws Exception {
        String run = Long.toString(System.nanoTime());
        String[] batch = multiItemRequests(run).get(0);
        String key = "shared-batch-" + run;
        try (EmbeddedServer a = startIngest(); EmbeddedServer b = startIngest()) {
            // three at once on A: one runs, the others wait for its answer
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                concurrent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return sendWithKey(a, batch[0], batch[1], batch[2], key);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            List<String> bodies = new ArrayList<>();
            for (var f : concurrent) {
                HttpResponse<String> answer = f.get(60, TimeUnit.SECONDS);
                assertTrue(answer.statusCode() < 300, answer.body());
                bodies.add(JSON.readTree(answer.body()).toString());
            }
            assertEquals(1, bodies.stream().distinct().count(), bodies.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> recordsWithKeyOf(run) == 2);
            // B learns the key by tailing A's records, then answers a retry the same way, publishing nothing
            io.watchfloor.ingest.domain.PublishedKeys keysOfB = b.getApplicationContext()
                    .getBean(io.watchfloor.ingest.domain.PublishedKeys.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> keysOfB.find(
                    io.watchfloor.ingest.domain.PublishedKeys.sha256Hex(key))
                    .map(p -> p.items().size() == 2).orElse(false));
            Map<TopicPartition, Long> before = endOffsets();
            HttpResponse<String> onB = sendWithKey(b, batch[0], batch[1], batch[2], key);
            assertEquals(JSON.readTree(bodies.get(0)), JSON.readTree(onB.body()));
            assertEquals(before, endOffsets(), "B must not publish the batch again");
            assertEquals(2, recordsWithKeyOf(run), "exactly one record per accepted item");
        }
    }

    /** Records on the raw topic whose text names this run and that carry an Idempotency-Key. */
    private int recordsWithKeyOf(String run) {
        int[] count = new int[1];
        try (KafkaConsumer<String, RawReport> consumer = consumer()) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    boolean keyed = r.value().getAttributes().keySet().stream()
                            .anyMatch(k -> k.toString().equals(io.watchfloor.ingest.domain.PublishedKeys.KEY_ATTRIBUTE));
                    String all = r.value().getText() + " " + r.value().getTitle();
                    if (keyed && all.contains(run)) {
                        count[0]++;
                    }
                });
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return count[0];
    }

    private HttpResponse<String> sendWithKey(EmbeddedServer server, String path, String contentType, String body,
                                             String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURI() + path))
                .header("Content-Type", contentType).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendWithKey(EmbeddedServer server, String body, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURI() + "/reports"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, RawReport> consumer = consumer()) {
            return consumer.endOffsets(consumer.assignment());
        }
    }

    private EmbeddedServer startIngest() throws Exception {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
        server.getApplicationContext().getBean(RawTopicState.class).ready().get(60, TimeUnit.SECONDS);
        return server;
    }

    private String addSource(EmbeddedServer server) throws Exception {
        return addSource(server, "State IT", "/state.xml");
    }

    private String addSource(EmbeddedServer server, String name, String path) throws Exception {
        String url = "http://127.0.0.1:" + feeds.getAddress().getPort() + path;
        HttpResponse<String> created = send(server, "/sources",
                "{\"name\": \"" + name + "\", \"url\": \"" + url + "\", \"intervalSeconds\": 3600}");
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).get("id").asText();
    }

    private String post(EmbeddedServer server, String url, String text) throws Exception {
        HttpResponse<String> answer = send(server, "/reports",
                JSON.writeValueAsString(Map.of("title", "Loader", "text", text, "url", url)));
        assertEquals(202, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).get("id").asText();
    }

    private HttpResponse<String> send(EmbeddedServer server, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURI() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private RawReport awaitRecord(java.util.function.Predicate<RawReport> wanted) {
        List<RawReport> found = new ArrayList<>();
        try (KafkaConsumer<String, RawReport> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r.value())) {
                        found.add(r.value());
                    }
                });
                return !found.isEmpty();
            });
        }
        assertNotEquals(0, found.size());
        return found.get(found.size() - 1);
    }

    private KafkaConsumer<String, RawReport> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, RawReport> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerde.forValues(RawReport.class, SchemaRegistryClients.forUrl(registry.url())).deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.REPORTS_RAW).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static String rss(String guid, String link, String description) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
                + "<link>http://news.state-it.test/</link><description>d</description><item><guid>" + guid + "</guid>"
                + "<link>" + link + "</link><title>Advisory 9</title><description>" + description
                + "</description></item></channel></rss>";
    }

    private static String rss(String description) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>State IT</title>"
                + "<link>http://news.state-it.test/</link><description>d</description><item><guid>" + GUID + "</guid>"
                + "<link>" + LINK + "</link><title>Advisory 7</title><description>" + description
                + "</description></item></channel></rss>";
    }
}
