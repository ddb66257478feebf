package io.watchfloor.ingest.api;

import io.watchfloor.ingest.kafka.ReportToRawAvro;
import io.watchfloor.ingest.domain.Report;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.PublishResult;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.kafka.KafkaReportPublisher;
import io.watchfloor.schemas.avro.RawReport;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract of ingest-service with the Kafka side replaced by a recording publisher. */
@MicronautTest
@Property(name = "watchfloor.schema-registry.url", value = "mock://report-controller-test")
@Property(name = "watchfloor.ingest.max-batch-items", value = "3")
class ReportControllerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RecordingPublisher PUBLISHER = new RecordingPublisher();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    @MockBean(KafkaReportPublisher.class)
    ReportPublisher publisher() {
        return PUBLISHER;
    }

    @BeforeEach
    void reset() {
        PUBLISHER.published.clear();
        PUBLISHER.failure = null;
        PUBLISHER.hold = CompletableFuture.completedFuture(null);
    }

    @Test
    void shouldAcceptAReportAndPublishItNormalised() throws Exception {
        HttpResponse<String> response = post("/reports", "application/json", """
                {"title": "Port strike ends", "text": "Dock workers\\u0000 returned on Monday.",
                 "url": "https://News.example.com/story?utm_source=x", "source": "Example News",
                 "publishedAt": "2030-01-01T00:00:00Z", "language": "en-GB"}""");
        assertEquals(202, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("accepted", body.get("status").asText());
        assertEquals(1, PUBLISHER.published.size());
        RawReport report = PUBLISHER.published.get(0);
        assertEquals(body.get("id").asText(), report.getId());
        assertEquals("Dock workers returned on Monday.", report.getText());
        assertEquals("https://news.example.com/story", report.getCanonicalUrl());
        assertEquals("Example News", report.getSource().getName());
        assertEquals("http", report.getSource().getKind());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), report.getPublishedAt());
        assertEquals("en", report.getLanguage());
    }

    @Test
    void shouldAnswerTheSameIdForTheSameReport() throws Exception {
        String json = "{\"title\": \"Same\", \"text\": \"Same body\"}";
        String first = JSON.readTree(post("/reports", "application/json", json).body()).get("id").asText();
        String second = JSON.readTree(post("/reports", "application/json", json).body()).get("id").asText();
        assertEquals(first, second);
        assertTrue(first.matches("r-[0-9a-f]{32}"));
    }

    @Test
    void shouldReduceHtmlAndAcceptASourceObject() throws Exception {
        HttpResponse<String> response = post("/reports", "application/json", """
                {"html": "<h1>Title</h1><p>One.</p><script>x()</script><p>Two.</p>",
                 "source": {"kind": "rss", "name": "Feed", "url": "https://example.com/feed.xml"}}""");
        assertEquals(202, response.statusCode(), response.body());
        RawReport report = PUBLISHER.published.get(0);
        assertEquals("Title\n\nOne.\n\nTwo.", report.getText());
        assertEquals("text/html", report.getContentType());
        assertEquals("rss", report.getSource().getKind());
        assertEquals("https://example.com/feed.xml", report.getSource().getUrl());
    }

    @Test
    void shouldRejectMissingTextNamingTheField() throws Exception {
        HttpResponse<String> response = post("/reports", "application/json", "{\"title\": \"No body\"}");
        assertError(response, 400, "text");
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldRejectAFieldOfTheWrongType() throws Exception {
        assertError(post("/reports", "application/json", "{\"title\": 5, \"text\": \"x\"}"), 400, "title");
        assertError(post("/reports", "application/json", "{\"text\": \"x\", \"publishedAt\": \"soon\"}"), 400,
                "publishedAt");
        assertError(post("/reports", "application/json", "{\"text\": \"x\", \"url\": \"ftp://x.example/a\"}"), 400,
                "url");
    }

    @Test
    void shouldRejectInvalidJson() throws Exception {
        JsonNode body = assertError(post("/reports", "application/json", "{\"text\": \"unterminated"), 400, null);
        assertTrue(body.get("error").asText().contains("not valid JSON"), body.toString());
        assertError(post("/reports", "application/json", "{\"text\": \"a\"} trailing"), 400, null);
        assertError(post("/reports", "application/json", "{\"text\": \"a\", \"text\": \"b\"}"), 400, null);
        assertError(post("/reports", "application/json", "[1, 2]"), 400, null);
        assertError(post("/reports", "application/json", ""), 400, null);
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldRejectInvalidUtf8() throws Exception {
        byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(response, 400, null);
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAnswer415ForNonJsonContent() throws Exception {
        JsonNode body = assertError(post("/reports", "text/plain", "just text"), 415, null);
        assertTrue(body.get("hint").asText().contains("application/json"), body.toString());
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAnswer413ForBodiesOverTheLimit() throws Exception {
        String text = "a".repeat(1024 * 1024);
        JsonNode body = assertError(post("/reports", "application/json", "{\"text\": \"" + text + "\"}"), 413, null);
        assertTrue(body.get("hint").asText().contains("1048576"), body.toString());
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAnswer413ForChunkedBodiesOverTheLimit() throws Exception {
        byte[] body = ("{\"text\": \"" + "b".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // An InputStream publisher has no known length: the body is sent chunked, without Content-Length.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(response, 413, null);
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAbortACompressedBodyAtTheDecompressedCap() throws Exception {
        // ~20 KB on the wire, 20 MiB once inflated: the limit applies to what the server would hold.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("{\"text\": \"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "z".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                gzip.write(chunk);
            }
            gzip.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(compressed.size() < 100_000, "sample should be small on the wire: " + compressed.size());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/reports"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(response, 413, null);
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnavailable() throws Exception {
        PUBLISHER.failure = new PublishException(PublishException.Reason.UNAVAILABLE, "Kafka is unavailable", null);
        HttpResponse<String> response = post("/reports", "application/json", "{\"text\": \"x\"}");
        assertError(response, 503, null);
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void shouldAnswer413WhenTheBrokerRefusesTheRecordSize() throws Exception {
        PUBLISHER.failure = new PublishException(PublishException.Reason.TOO_LARGE, "too large", null);
        assertError(post("/reports", "application/json", "{\"text\": \"x\"}"), 413, null);
    }

    @Test
    void shouldReportEachBatchItemOnItsOwn() throws Exception {
        HttpResponse<String> response = post("/reports/batch", "application/json", """
                [{"text": "first"}, {"title": "no text"}, {"text": "third"}]""");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(2, body.get("accepted").asInt());
        assertEquals(1, body.get("rejected").asInt());
        JsonNode results = body.get("results");
        assertEquals("accepted", results.get(0).get("status").asText());
        assertEquals("rejected", results.get(1).get("status").asText());
        assertEquals("text", results.get(1).get("field").asText());
        assertEquals(2, results.get(2).get("index").asInt());
        assertEquals(PUBLISHER.published.get(1).getId(), results.get(2).get("id").asText());
    }

    @Test
    void shouldAcceptNdjsonBatchesAndKeepGoingPastABadLine() throws Exception {
        HttpResponse<String> response = post("/reports/batch", "application/x-ndjson",
                "{\"text\": \"one\"}\n{not json}\n\n{\"text\": \"three\"}\n");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertEquals(3, results.size());
        assertEquals("accepted", results.get(0).get("status").asText());
        assertEquals("rejected", results.get(1).get("status").asText());
        assertEquals("accepted", results.get(2).get("status").asText());
        assertEquals(List.of("one", "three"), PUBLISHER.published.stream().map(RawReport::getText).toList());
    }

    @Test
    void shouldRefuseBatchesOverTheItemCap() throws Exception {
        assertError(post("/reports/batch", "application/json",
                "[{\"text\": \"1\"}, {\"text\": \"2\"}, {\"text\": \"3\"}, {\"text\": \"4\"}]"), 400, null);
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAnswer503ForABatchWhoseItemsCouldNotBeWritten() throws Exception {
        PUBLISHER.failure = new PublishException(PublishException.Reason.UNAVAILABLE, "Kafka is unavailable", null);
        HttpResponse<String> response = post("/reports/batch", "application/json", "[{\"text\": \"x\"}]");
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        assertEquals("failed", JSON.readTree(response.body()).get("results").get(0).get("status").asText());
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenOurOwnCapacityIsExhausted() throws Exception {
        PUBLISHER.failure = new PublishException(PublishException.Reason.OVERLOADED, "More than 1 reports", null);
        HttpResponse<String> single = post("/reports", "application/json", "{\"text\": \"x\"}");
        JsonNode body = assertError(single, 429, null);
        assertTrue(body.get("hint").asText().contains("capacity"), body.toString());
        assertEquals("5", single.headers().firstValue("Retry-After").orElse(null));

        HttpResponse<String> batch = post("/reports/batch", "application/json",
                "[{\"text\": \"x\"}, {\"text\": \"y\"}]");
        assertEquals(429, batch.statusCode(), batch.body());
        assertEquals("5", batch.headers().firstValue("Retry-After").orElse(null));
        assertEquals(2, JSON.readTree(batch.body()).get("failed").asInt());
    }

    @Test
    void shouldReplayTheOriginalAnswerForARepeatedIdempotencyKey() throws Exception {
        HttpResponse<String> first = post("/reports", "application/json", "{\"text\": \"idem one\"}", "key-1");
        HttpResponse<String> second = post("/reports", "application/json", "{\"text\": \"idem one\"}", "key-1");
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, second.statusCode());
        assertEquals(first.body(), second.body());
        assertEquals(1, PUBLISHER.published.size());
        // the client can tell a replay (nothing written now) from the answer that wrote the report
        assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty(), first.headers().toString());
        assertEquals("true", second.headers().firstValue("Idempotent-Replayed").orElse(null));
    }

    @Test
    void shouldPublishOnceForConcurrentRequestsWithOneIdempotencyKey() throws Exception {
        PUBLISHER.hold = new CompletableFuture<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(uri("/reports"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "concurrent-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"concurrent\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PUBLISHER.published.size() == 1);
        PUBLISHER.hold.complete(null);
        List<String> bodies = new ArrayList<>();
        int replayed = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
            assertEquals(202, response.statusCode(), response.body());
            bodies.add(response.body());
            replayed += response.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
        }
        assertEquals(2, replayed, "the two requests that waited for the first are replays");
        assertEquals(1, PUBLISHER.published.size());
        assertEquals(List.of(bodies.get(0), bodies.get(0), bodies.get(0)), bodies);
        assertEquals(PUBLISHER.published.get(0).getId(), JSON.readTree(bodies.get(0)).get("id").asText());
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedWithAnotherBody() throws Exception {
        assertEquals(202, post("/reports", "application/json", "{\"text\": \"first\"}", "key-2").statusCode());
        JsonNode body = assertError(post("/reports", "application/json", "{\"text\": \"second\"}", "key-2"),
                422, "Idempotency-Key");
        assertTrue(body.get("error").asText().contains("different"), body.toString());
        assertEquals(1, PUBLISHER.published.size());
    }

    @Test
    void shouldReplayABatchAnswerAndRetryAnswersThatSaidRetryLater() throws Exception {
        PUBLISHER.failure = new PublishException(PublishException.Reason.UNAVAILABLE, "Kafka is unavailable", null);
        String batch = "[{\"text\": \"b1\"}, {\"title\": \"no text\"}]";
        assertEquals(503, post("/reports/batch", "application/json", batch, "batch-1").statusCode());
        PUBLISHER.failure = null;
        HttpResponse<String> retried = post("/reports/batch", "application/json", batch, "batch-1");
        assertEquals(200, retried.statusCode(), retried.body());
        assertTrue(retried.headers().firstValue("Idempotent-Replayed").isEmpty(), "a retry after 503 runs again");
        HttpResponse<String> replayed = post("/reports/batch", "application/json", batch, "batch-1");
        assertEquals(retried.body(), replayed.body());
        assertEquals(1, PUBLISHER.published.size());
        assertEquals(1, JSON.readTree(replayed.body()).get("rejected").asInt());
    }

    @Test
    void shouldRefuseAMalformedIdempotencyKey() throws Exception {
        assertError(post("/reports", "application/json", "{\"text\": \"x\"}", "k".repeat(300)), 400,
                "Idempotency-Key");
        assertTrue(PUBLISHER.published.isEmpty());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode assertError(HttpResponse<String> response, int status, String field) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.hasNonNull("error"), response.body());
        assertTrue(body.hasNonNull("hint"), response.body());
        if (field != null) {
            assertEquals(field, body.path("field").asText(), response.body());
        }
        return body;
    }

    private HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return server.getURI().resolve(path);
    }

    /**
     * Records what would be published; fails every publish while {@code failure} is set; acknowledges only once
     * {@code hold} completes.
     */
    static final class RecordingPublisher implements ReportPublisher {
        final List<RawReport> published = new CopyOnWriteArrayList<>();
        volatile PublishException failure;
        volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<PublishResult> publish(Report domain) {
            RawReport report = ReportToRawAvro.map(domain);
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            published.add(report);
            long offset = published.size() - 1;
            return hold.thenApply(v -> new PublishResult(report.getId(), "threat.reports.raw.v1", 0, offset,
                    report.getIngestedAt()));
        }
    }
}
