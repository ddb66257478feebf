package io.watchfloor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** With WATCHFLOOR_READ_KEYS set, alert and subscription reads and the SSE stream need a read or an API key. */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadKeysIT implements TestPropertyProvider {
    private static final String WRITE_KEY = "alert-write-key-0001";
    private static final String READ_KEY = "alert-read-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Map<String, String> getProperties() {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_ENRICHED, Topics.ALERTS, Topics.ALERTS_DLQ,
                Topics.ALERT_ATTEMPTS, Topics.SOURCES_HEALTH);
        KafkaBrokerExtension.createTopics(List.of(
                new NewTopic(Topics.SUBSCRIPTIONS, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.ALERT_DELIVERIES, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        try {
            return Map.of(
                    "kafka.bootstrap.servers", KafkaBrokerExtension.bootstrapServers(),
                    "watchfloor.schema-registry.url", "mock://alert-read-keys-it",
                    "watchfloor.security.api-keys", WRITE_KEY,
                    "watchfloor.security.read-keys", READ_KEY,
                    "kafka.streams.default.application.id", "alert-read-keys-it",
                    "kafka.streams.default.state.dir", Files.createTempDirectory("alert-read-keys-it").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldRefuseReadsWithoutAKeyAndSayWhatToSend() throws Exception {
        for (String path : List.of("/subscriptions", "/alerts", "/alerts/stream")) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertEquals(401, response.statusCode(), path + ": " + response.body());
            JsonNode body = JSON.readTree(response.body());
            assertTrue(body.get("error").asText().startsWith("A read key is required for GET " + path),
                    response.body());
            assertTrue(body.get("hint").asText().contains("WATCHFLOOR_READ_KEYS"), response.body());
        }
    }

    @Test
    void shouldAnswerReadsWithAReadKeyOrAnApiKey() throws Exception {
        HttpResponse<String> withRead = send("GET", "/subscriptions", READ_KEY, null);
        assertEquals(200, withRead.statusCode(), withRead.body());
        // an empty list serialises as {} here; what matters is the answer, not a refusal
        assertTrue(JSON.readTree(withRead.body()).isObject() && !withRead.body().contains("error"), withRead.body());
        HttpResponse<String> withWrite = send("GET", "/subscriptions", WRITE_KEY, null);
        assertEquals(200, withWrite.statusCode(), withWrite.body());
        // past the key check to the controller: an unknown subscription is its 404, not a refusal
        HttpResponse<String> alerts = send("GET", "/alerts?subscription=sub-unknown", READ_KEY, null);
        assertEquals(404, alerts.statusCode(), alerts.body());
        assertTrue(alerts.body().contains("sub-unknown"), alerts.body());
    }

    @Test
    void shouldRefuseWritesWithAReadKey() throws Exception {
        String body = "{\"name\":\"typo\",\"filter\":{\"groups\":[\"iskp\",\"iskp2\"]}}";
        HttpResponse<String> withRead = send("POST", "/subscriptions", READ_KEY, body);
        assertEquals(403, withRead.statusCode(), withRead.body());
        JsonNode error = JSON.readTree(withRead.body());
        assertTrue(error.get("error").asText().contains("read key cannot be used for POST /subscriptions"),
                withRead.body());
        assertTrue(error.get("hint").asText().contains("WATCHFLOOR_API_KEYS"), withRead.body());
        assertEquals(401, send("POST", "/subscriptions", null, body).statusCode());
        // the write key gets through the filter to validation (an unknown group: nothing is created)
        HttpResponse<String> withWrite = send("POST", "/subscriptions", WRITE_KEY, body);
        assertEquals(400, withWrite.statusCode(), withWrite.body());
        assertEquals("filter.groups[1]", JSON.readTree(withWrite.body()).get("errors").get(0).get("field").asText());
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getPort() + path)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
