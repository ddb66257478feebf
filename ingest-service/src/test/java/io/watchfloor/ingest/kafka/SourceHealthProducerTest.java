package io.watchfloor.ingest.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishing source health never blocks the poll, even when Kafka cannot be reached; failures are counted. */
class SourceHealthProducerTest {

    @Test
    void shouldReturnAtOnceAndCountTheFailureWhenKafkaIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClientSettings kafka = ClientSettings.forBootstrap("127.0.0.1:" + closedPort);
        SourceHealthProducer producer = new SourceHealthProducer(kafka,
                SchemaRegistryClients.forUrl("mock://source-health-producer-test"), true, "threat.sources.health.v1");
        FeedSource source = FeedSource.create("Demo", "http://127.0.0.1:1/feed.xml", 60, Map.of(), null, null,
                "api", Instant.now());
        SourceHealth health = new SourceHealth(source.id(), SourceHealth.OK, Instant.now(), Instant.now(), 200,
                "rss_2.0", 3, 3, 0, 0, 0, 0, 0, 1, 3, 0, 0, null, null, null);
        try {
            producer.send(source, health); // warm-up: class loading is not what this test measures
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                producer.send(source, health);
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis < 1000, "send() blocked the caller for " + elapsedMillis + " ms");
            await().atMost(Duration.ofSeconds(20)).until(() -> producer.failures() >= 1);
        } finally {
            producer.close();
        }
    }

    @Test
    void shouldDoNothingWhenSwitchedOff() {
        ClientSettings kafka = ClientSettings.forBootstrap("127.0.0.1:1");
        SourceHealthProducer producer = new SourceHealthProducer(kafka,
                SchemaRegistryClients.forUrl("mock://source-health-producer-off"), false, "t");
        producer.send(null, SourceHealth.initial("src-0"));
        producer.close();
        assertEquals(0, producer.failures());
    }
}
