package io.watchfloor.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A poll of a loopback feed yields a SourceHealth record on {@code threat.sources.health.v1}, keyed by source id. */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceHealthIT implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();
    private SchemaRegistryServer registry;
    private HttpServer feeds;

    @Override
    public Map<String, String> getProperties() {
        String bootstrap = KafkaBrokerExtension.bootstrapServers();
        KafkaBrokerExtension.createTopics(Topics.REPORTS_RAW, Topics.SOURCES_HEALTH);
        registry = SchemaRegistryServer.start(bootstrap, "127.0.0.1", 0);
        try {
            byte[] rss;
            try (InputStream in = getClass().getResourceAsStream("/samples/feeds/rss2.xml")) {
                rss = in.readAllBytes();
            }
            feeds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            feeds.createContext("/health-demo.xml", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
                exchange.sendResponseHeaders(200, rss.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(rss);
                }
            });
            feeds.createContext("/broken.xml", exchange -> exchange.sendResponseHeaders(503, -1));
            feeds.start();
            String port = String.valueOf(feeds.getAddress().getPort());
            return Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", bootstrap),
                    Map.entry("watchfloor.schema-registry.url", registry.url()),
                    Map.entry("watchfloor.feeds.enabled", "true"),
                    Map.entry("watchfloor.feeds.publish-health", "true"),
                    Map.entry("watchfloor.feeds.allowlist", "127.0.0.1:" + port),
                    Map.entry("watchfloor.feeds.sources-file",
                            Files.createTempDirectory("source-health-it").resolve("sources.json").toString()),
                    Map.entry("watchfloor.feeds.host-min-delay", "0s"),
                    Map.entry("watchfloor.feeds.full-article", "false"),
                    Map.entry("watchfloor.feeds.detect-language", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    void shouldPublishTheHealthOfAPollKeyedBySourceId() throws Exception {
        Instant before = Instant.now();
        String url = "http://127.0.0.1:" + feeds.getAddress().getPort() + "/health-demo.xml";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.getURI().resolve("/sources"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"Health demo\", \"url\": \"" + url + "\", \"intervalSeconds\": 3600}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();

        List<ConsumerRecord<String, SourceHealth>> seen = new ArrayList<>();
        try (KafkaConsumer<String, SourceHealth> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> id.equals(r.key()));
            });
        }
        ConsumerRecord<String, SourceHealth> record = seen.stream().filter(r -> id.equals(r.key())).findFirst()
                .orElseThrow();
        SourceHealth health = record.value();
        assertEquals(id, health.getSourceId());
        assertEquals("Health demo", health.getSourceName());
        assertEquals(url, health.getSourceUrl());
        assertEquals("OK", health.getStatus(), String.valueOf(health.getLastError()));
        assertEquals(200, health.getHttpStatus());
        assertEquals(3, health.getItemsSeen());
        assertEquals(3, health.getItemsNew());
        assertEquals(0, health.getConsecutiveFailures());
        assertNull(health.getLastError());
        assertTrue(health.getFormat().startsWith("rss"), health.getFormat());
        assertTrue(!health.getPolledAt().isBefore(before.minusSeconds(1)), health.getPolledAt().toString());
        assertEquals(health.getPolledAt().toEpochMilli(), record.timestamp());
    }

    @Test
    void shouldPublishFailingOnlyFromTheThirdFailedPollInARow() throws Exception {
        String url = "http://127.0.0.1:" + feeds.getAddress().getPort() + "/broken.xml";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.getURI().resolve("/sources"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"Broken\", \"url\": \"" + url + "\", \"intervalSeconds\": 3600}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();

        List<SourceHealth> records = new ArrayList<>();
        try (KafkaConsumer<String, SourceHealth> consumer = consumer()) {
            for (int failures = 1; failures <= 3; failures++) {
                if (failures > 1) { // the first poll follows POST /sources; backoff puts the next one an hour away
                    HttpResponse<String> poll = http.send(HttpRequest.newBuilder(
                                    server.getURI().resolve("/sources/" + id + "/poll"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(202, poll.statusCode(), poll.body());
                }
                int expected = failures;
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (id.equals(r.key())) {
                            records.add(r.value());
                        }
                    });
                    return records.size() >= expected;
                });
            }
        }
        assertEquals(List.of("NEVER_POLLED/1", "NEVER_POLLED/2", "FAILING/3"), records.stream()
                .map(h -> h.getStatus() + "/" + h.getConsecutiveFailures()).toList());
        assertEquals(503, records.get(2).getHttpStatus());
        assertTrue(String.valueOf(records.get(2).getLastError()).contains("503"), records.get(2).getLastError());

        JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(server.getURI().resolve("/sources/" + id))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("health");
        assertEquals("FAILING", health.get("status").asText(), health.toString());
        assertEquals(3, health.get("consecutiveFailures").asInt(), health.toString());
        String metrics = http.send(HttpRequest.newBuilder(server.getURI().resolve("/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.matches("watchfloor_feeds_sources_failing(\\{[^}]*})? 1\\.0")),
                "one failing source in the gauge:\n" + metrics.lines()
                        .filter(l -> l.startsWith("watchfloor_feeds")).toList());
    }

    private KafkaConsumer<String, SourceHealth> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, SourceHealth> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerde.forValues(SourceHealth.class, SchemaRegistryClients.forUrl(registry.url())).deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.SOURCES_HEALTH).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
