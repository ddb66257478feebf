package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PostgresExtension;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** With WATCHFLOOR_READ_KEYS set, every read but /health and /prometheus needs a read key (or an API key). */
@ExtendWith({KafkaBrokerExtension.class, PostgresExtension.class})
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadKeysIT implements TestPropertyProvider {
    private static final String READ_KEY = "store-read-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_ENRICHED, Topics.REPORTS_DLQ, Topics.REPORTS_RAW,
                Topics.ALERTS_DLQ, Topics.ALERTS);
        Map<String, String> p = StoreIT.properties();
        p.put("watchfloor.security.read-keys", "other-read-key," + READ_KEY);
        p.put("watchfloor.store.group-id", "store-read-keys-it");
        return p;
    }

    @Test
    void shouldRefuseReadsWithoutAKeyAndSayWhatToSend() throws Exception {
        for (String path : List.of("/reports?limit=1", "/reports/any-id", "/groups", "/export/stix",
                "/taxii2/", "/ui/")) {
            HttpResponse<String> response = get(path, null, null);
            assertEquals(401, response.statusCode(), path + ": " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    path);
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="),
                    path);
            JsonNode body = JSON.readTree(response.body());
            assertTrue(body.get("error").asText().startsWith("A read key is required for GET"), response.body());
            assertTrue(body.get("hint").asText().contains("WATCHFLOOR_READ_KEYS"), response.body());
            assertTrue(body.get("hint").asText().contains("X-API-Key"), response.body());
        }
        HttpResponse<String> wrong = get("/reports?limit=1", "X-API-Key", "not-a-key");
        assertEquals(401, wrong.statusCode());
        assertTrue(JSON.readTree(wrong.body()).get("error").asText().contains("not a valid"), wrong.body());
    }

    @Test
    void shouldAnswerReadsWithAReadKeyInAnyOfTheThreeForms() throws Exception {
        HttpResponse<String> reports = get("/reports?limit=1", "X-API-Key", READ_KEY);
        assertEquals(200, reports.statusCode(), reports.body());
        assertTrue(JSON.readTree(reports.body()).has("items"), reports.body());
        assertEquals(200, get("/reports?limit=1", "Authorization", "Bearer " + READ_KEY).statusCode());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("analyst:" + READ_KEY)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ui = get("/ui/", "Authorization", basic);
        assertEquals(200, ui.statusCode(), ui.body());
        assertTrue(ui.body().contains("<html") || ui.body().contains("<!DOCTYPE"), ui.body());
        HttpResponse<String> taxii = get("/taxii2/", "Authorization", basic);
        assertEquals(200, taxii.statusCode(), taxii.body());
    }

    @Test
    void shouldKeepHealthStatusAndPrometheusOpen() throws Exception {
        HttpResponse<String> health = get("/health", null, null);
        assertTrue(health.body().contains("\"status\""), health.body());
        JsonNode details = JSON.readTree(health.body()).path("details");
        assertTrue(details.isNull() || details.isMissingNode(), "no components without a key: " + health.body());
        HttpResponse<String> withKey = get("/health", "X-API-Key", READ_KEY);
        assertTrue(withKey.body().contains("\"consumer\""), "a read key sees the components: " + withKey.body());
        HttpResponse<String> prometheus = get("/prometheus", null, null);
        assertEquals(200, prometheus.statusCode());
        assertTrue(prometheus.body().contains("jvm_memory_used_bytes"));
    }

    @Test
    void shouldRefuseAnonymousFormPostsOfTheAnalystView() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/ui/alerts/new"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode(), post.body());
        assertTrue(post.body().contains("WATCHFLOOR_READ_KEYS"), post.body());
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }
}
