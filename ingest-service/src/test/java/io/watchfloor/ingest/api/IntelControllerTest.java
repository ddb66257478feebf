package io.watchfloor.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.intake.StixBundleParserTest;
import io.watchfloor.ingest.kafka.KafkaReportPublisher;
import io.watchfloor.schemas.avro.RawReport;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /stix} and {@code POST /misp} over HTTP, with Kafka replaced by a recording publisher. */
@MicronautTest
@Property(name = "watchfloor.schema-registry.url", value = "mock://intel-controller-test")
class IntelControllerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReportControllerTest.RecordingPublisher PUBLISHER =
            new ReportControllerTest.RecordingPublisher();

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
    }

    @Test
    void shouldPublishEveryReportOfAStixBundle() throws Exception {
        HttpResponse<String> response = post("/stix", "application/stix+json;version=2.1",
                StixBundleParserTest.sample("stix-bundle.json"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(2, body.get("accepted").asInt());
        assertEquals(2, PUBLISHER.published.size());
        RawReport first = PUBLISHER.published.get(0);
        assertEquals(body.get("results").get(0).get("id").asText(), first.getId());
        assertEquals("stix", first.getSource().getKind());
        assertEquals("report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", first.getSource().getItemId());
        assertEquals("https://cert.example.org/advisories/EX-2026-114", first.getCanonicalUrl());
        assertTrue(first.getText().contains("intrusion-set: Harbour Spider"), first.getText());
    }

    @Test
    void shouldAcceptAStixBundleAsPlainJsonToo() throws Exception {
        assertEquals(200, post("/stix", "application/json", StixBundleParserTest.sample("stix-bundle.json"))
                .statusCode());
    }

    @Test
    void shouldPublishAMispEvent() throws Exception {
        HttpResponse<String> response = post("/misp", "application/json",
                StixBundleParserTest.sample("misp-event.json"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, JSON.readTree(response.body()).get("accepted").asInt());
        RawReport report = PUBLISHER.published.get(0);
        assertEquals("misp", report.getSource().getKind());
        assertEquals("Invoice phishing against port operators", report.getTitle());
        assertTrue(report.getText().contains("Galaxy clusters: DockLoader"), report.getText());
    }

    @Test
    void shouldRefuseHostileOrMalformedInputWith4xx() throws Exception {
        assertError(post("/stix", "application/json", bytes("{\"type\": \"bundle\", \"objects\": [")), 400);
        assertError(post("/misp", "application/json", bytes("{\"Event\": {\"info\": ")), 400);
        String deep = "{\"Event\": {\"info\": \"x\", \"Attribute\": " + "[".repeat(5000) + "]".repeat(5000) + "}}";
        assertError(post("/misp", "application/json", bytes(deep)), 400);
        assertError(post("/stix", "application/json", bytes("{\"type\": \"indicator\"}")), 400);
        String huge = "{\"type\": \"bundle\", \"objects\": [{\"type\": \"report\", \"name\": \"big\", "
                + "\"description\": \"" + "d".repeat(1024 * 1024) + "\"}]}";
        assertError(post("/stix", "application/json", bytes(huge)), 413);
        assertError(post("/misp", "text/plain", bytes("info")), 415);
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldReplayAStixAnswerForTheSameIdempotencyKey() throws Exception {
        byte[] bundle = StixBundleParserTest.sample("stix-bundle.json");
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(server.getURI().resolve("/stix"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "stix-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(server.getURI().resolve("/stix"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "stix-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(first.body(), second.body());
        assertEquals(2, PUBLISHER.published.size());
    }

    private void assertError(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.hasNonNull("error") && body.hasNonNull("hint"), response.body());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
