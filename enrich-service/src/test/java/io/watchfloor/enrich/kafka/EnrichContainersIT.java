package io.watchfloor.enrich.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The {@link EnrichIT} path on an Apache Kafka container; skipped cleanly without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class EnrichContainersIT {
    private static final String REGISTRY = "mock://enrich-containers-it";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void shouldEnrichARawReportFromTheContainerBroker() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.REPORTS_RAW, 1, (short) 1),
                    new NewTopic(Topics.REPORTS_ENRICHED, 1, (short) 1),
                    new NewTopic(Topics.REPORTS_DLQ, 1, (short) 1))).all().get();
        }
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(REGISTRY);
        AvroSerde<RawReport> raw = AvroSerde.forValues(RawReport.class, registry);
        AvroSerde<EnrichedReport> enriched = AvroSerde.forValues(EnrichedReport.class, registry);
        Map<String, Object> props = Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", bootstrap,
                "watchfloor.schema-registry.url", REGISTRY,
                "kafka.streams.default.num.stream.threads", 1,
                "kafka.streams.default.state.dir", Files.createTempDirectory("enrich-tc").toString());
        try (ApplicationContext ignored = ApplicationContext.run(props);
             KafkaProducer<String, byte[]> producer = producer(bootstrap);
             KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            RawReport report = RawReport.newBuilder()
                    .setId("tc-1")
                    .setSource(Source.newBuilder().setKind("http").setName("tc").build())
                    .setText("Officials blamed the Tehreek-e-Taliban Pakistan for the attack.")
                    .setContentType("text/plain")
                    .setIngestedAt(Instant.now())
                    .setContentHash("h")
                    .build();
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "tc-1",
                    raw.serialize(Topics.REPORTS_RAW, report))).get();
            consumer.subscribe(List.of(Topics.REPORTS_ENRICHED));
            List<EnrichedReport> out = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> out.add(enriched.deserialize(Topics.REPORTS_ENRICHED, r.value())));
                return !out.isEmpty();
            });
            assertTrue(out.get(0).getGroups().stream().anyMatch(g -> g.getId().equals("ttp")),
                    out.get(0).getGroups().toString());
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "enrich-tc-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
