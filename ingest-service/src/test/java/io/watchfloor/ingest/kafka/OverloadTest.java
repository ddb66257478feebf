package io.watchfloor.ingest.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.schemas.avro.RawReport;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The real {@link KafkaReportPublisher} with a tiny configured capacity (one report in flight) over a producer
 * that acknowledges only when told: the next POST gets 429 with Retry-After, and a slot frees after the ack.
 */
@MicronautTest
@Property(name = "watchfloor.schema-registry.url", value = "mock://overload-test")
@Property(name = "watchfloor.ingest.max-in-flight", value = "1")
@Property(name = "watchfloor.ingest.retry-after-seconds", value = "7")
class OverloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MockProducer<String, RawReport> PRODUCER =
            new MockProducer<>(false, null, new StringSerializer(), (topic, value) -> new byte[0]);

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    @MockBean(KafkaReportPublisher.class)
    ReportPublisher publisher(IngestProperties ingest) {
        return new KafkaReportPublisher(PRODUCER, "threat.reports.raw.v1", ingest.maxInFlight(),
                ingest.maxInFlightBytes(), Duration.ofSeconds(1));
    }

    @Test
    void shouldAnswer429WithRetryAfterBeyondTheInFlightCapacityAndRecoverAfterTheAck() throws Exception {
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(request("{\"text\": \"waiting\"}"),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> PRODUCER.history().size() == 1);

        HttpResponse<String> second = http.send(request("{\"text\": \"one too many\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("7", second.headers().firstValue("Retry-After").orElse(null));
        JsonNode error = JSON.readTree(second.body());
        assertTrue(error.get("error").asText().contains("More than 1 reports"), second.body());
        assertEquals(1, PRODUCER.history().size(), "the refused report must not reach the producer");

        PRODUCER.completeNext();
        assertEquals(202, first.get(20, TimeUnit.SECONDS).statusCode());

        CompletableFuture<HttpResponse<String>> third = http.sendAsync(request("{\"text\": \"room again\"}"),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> PRODUCER.history().size() == 2);
        PRODUCER.completeNext();
        assertEquals(202, third.get(20, TimeUnit.SECONDS).statusCode());
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(server.getURI().resolve("/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
