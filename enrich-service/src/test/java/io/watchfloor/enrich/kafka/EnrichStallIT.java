package io.watchfloor.enrich.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.edge.streams.StreamProgress;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry goes away while a record needs a schema lookup: the stream threads keep failing and are replaced,
 * /health goes DOWN with the reason instead of staying green; once the registry is back the record is dealt
 * with (here: an unknown schema id, so a dead letter) and /health is UP again.
 */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrichStallIT implements TestPropertyProvider {
    private SchemaRegistryServer registry;
    private int registryPort;

    @Inject
    EmbeddedServer server;

    @Inject
    StreamProgress progress;

    @Override
    public Map<String, String> getProperties() {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_RAW, Topics.REPORTS_ENRICHED, Topics.REPORTS_DLQ);
        registry = SchemaRegistryServer.start(KafkaBrokerExtension.bootstrapServers(), "127.0.0.1", 0);
        registryPort = URI.create(registry.url()).getPort();
        Map<String, String> p = new java.util.HashMap<>(EnrichIT.properties(registry, "enrich-stall-it"));
        p.put("kafka.streams.default.num.stream.threads", "1");
        p.put("watchfloor.enrich.catalog-topic", "false");
        // one failure is enough here: the threshold itself is edge's StreamProgressTest's
        p.put("watchfloor.enrich.stalled-after-failures", "1");
        return p;
    }

    @AfterAll
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldGoDownWhileTheThreadsKeepFailingAndComeBackWhenTheRegistryReturns() throws Exception {
        AvroSerde<RawReport> raw = AvroSerde.forValues(RawReport.class, SchemaRegistryClients.forUrl(registry.url()));
        // the topics are shared with the other enrich ITs of this JVM: count from here
        long enrichedBefore = endOffset(Topics.REPORTS_ENRICHED);
        long deadBefore = endOffset(Topics.REPORTS_DLQ);
        try (KafkaProducer<String, byte[]> producer = EnrichIT.producer()) {
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "stall-ok", raw.serialize(Topics.REPORTS_RAW,
                    EnrichIT.report("stall-ok", "Tehrik-e-Taliban Pakistan claimed the attack.")))).get();
            await().atMost(Duration.ofSeconds(90)).until(() -> endOffset(Topics.REPORTS_ENRICHED) > enrichedBefore);
            assertEquals(200, health().statusCode());

            registry.close();
            // a schema id enrich has never seen: it must ask the registry, which does not answer
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "stall-unknown-id",
                    new byte[] {0, 0, 0, 0x77, 0x77, 2, 4})).get();
            await().atMost(Duration.ofSeconds(120)).until(progress::stalled);
            HttpResponse<String> down = health();
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("DOWN"), down.body());
            String reason = String.valueOf(progress.details().get("reason"));
            assertTrue(reason.contains("stream threads failed") && reason.contains("schema registry"), reason);

            registry = SchemaRegistryServer.start(KafkaBrokerExtension.bootstrapServers(), "127.0.0.1",
                    registryPort);
            await().atMost(Duration.ofSeconds(120)).until(() -> endOffset(Topics.REPORTS_DLQ) > deadBefore);
            await().atMost(Duration.ofSeconds(30)).until(() -> !progress.stalled());
            assertEquals(200, health().statusCode());
            assertFalse(progress.details().containsKey("reason"), progress.details().toString());
        }
    }

    private HttpResponse<String> health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long endOffset(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = c.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
