package io.watchfloor.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.kafka.KafkaReportPublisher;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Write endpoints need a configured API key; reads stay open. (Keys off: every other controller test.) */
@MicronautTest
@Property(name = "watchfloor.schema-registry.url", value = "mock://api-key-filter-test")
@Property(name = "watchfloor.security.api-keys", value = "first-key,second-key")
@Property(name = "watchfloor.security.operator-keys", value = "operator-key-0001")
class ApiKeyFilterTest {
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
    void shouldRefuseAWriteWithoutAKeyAndSayHowToSendOne() throws Exception {
        HttpResponse<String> response = send("POST", "/reports", null, null);
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.get("error").asText().contains("API key is required"), response.body());
        assertTrue(body.get("hint").asText().contains("X-API-Key"), response.body());
        assertTrue(body.get("hint").asText().contains("Authorization: Bearer"), response.body());
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldRefuseAWrongKey() throws Exception {
        HttpResponse<String> response = send("POST", "/reports", "X-API-Key", "first-key-but-longer");
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("error").asText().contains("not valid"));
        assertEquals(401, send("POST", "/reports", "Authorization", "Basic Zmlyc3Qta2V5").statusCode());
        assertTrue(PUBLISHER.published.isEmpty());
    }

    @Test
    void shouldAcceptEitherConfiguredKeyInEitherHeader() throws Exception {
        assertEquals(202, send("POST", "/reports", "X-API-Key", "first-key").statusCode());
        assertEquals(202, send("POST", "/reports", "Authorization", "Bearer second-key").statusCode());
        assertEquals(2, PUBLISHER.published.size());
    }

    @Test
    void shouldGuardEveryWriteEndpoint() throws Exception {
        assertEquals(401, send("POST", "/reports/batch", null, null).statusCode());
        assertEquals(401, send("POST", "/sources", null, null).statusCode());
        assertEquals(401, send("DELETE", "/sources/src-0000000000000000", null, null).statusCode());
        assertEquals(401, send("POST", "/sources/src-0000000000000000/poll", null, null).statusCode());
        assertEquals(401, send("POST", "/stix", null, null).statusCode());
        assertEquals(401, send("POST", "/misp", null, null).statusCode());
        // With the key the request reaches the endpoint (404: no such source).
        assertEquals(404, send("DELETE", "/sources/src-0000000000000000", "X-API-Key", "first-key").statusCode());
    }

    @Test
    void shouldKeepReadsOpen() throws Exception {
        assertEquals(200, send("GET", "/sources", null, null).statusCode());
        assertNotEquals(401, send("GET", "/health", null, null).statusCode());
        assertEquals(200, send("GET", "/prometheus", null, null).statusCode());
    }

    @Test
    void shouldShowHealthDetailsOnlyToRequestsWithAKey() throws Exception {
        // anonymous: the status only, nothing about Kafka's address, cluster id or disk
        HttpResponse<String> anonymous = send("GET", "/health", null, null);
        JsonNode body = JSON.readTree(anonymous.body());
        assertTrue(body.has("status"), anonymous.body());
        assertFalse(body.has("details"), anonymous.body());
        assertFalse(anonymous.body().contains("9092") || anonymous.body().contains("kafka"), anonymous.body());
        JsonNode wrong = JSON.readTree(send("GET", "/health", "X-API-Key", "not-a-key").body());
        assertFalse(wrong.has("details"), wrong.toString());
        // an operator key (read only) or an api key: the components, for ./watchfloor status and operators
        for (String[] key : new String[][] {{"X-API-Key", "operator-key-0001"},
                {"Authorization", "Bearer first-key"}}) {
            HttpResponse<String> keyed = send("GET", "/health", key[0], key[1]);
            assertTrue(JSON.readTree(keyed.body()).path("details").has("kafka"), keyed.body());
        }
        // an operator key does not open writes
        assertEquals(401, send("POST", "/reports", "X-API-Key", "operator-key-0001").statusCode());
    }

    private HttpResponse<String> send(String method, String path, String header, String value) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Content-Type", "application/json");
        if (header != null) {
            builder.header(header, value);
        }
        HttpRequest.BodyPublisher body = "GET".equals(method) || "DELETE".equals(method)
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"text\": \"keyed\"}");
        return http.send(builder.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
