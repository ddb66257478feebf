package io.watchfloor.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.api.ReportDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same path as {@link StoreIT} on containers (PostgreSQL 17, Apache Kafka); skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class StoreContainersIT {
    private static final String REGISTRY = "mock://store-containers-it";

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17")
            .withDatabaseName("watchfloor").withUsername("watchfloor").withPassword("watchfloor");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void shouldStoreAReportFromKafkaAndServeIt() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.getBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.REPORTS_ENRICHED, 3, (short) 1),
                    new NewTopic(Topics.REPORTS_DLQ, 1, (short) 1))).all().get();
        }
        Map<String, Object> props = Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", POSTGRES.getJdbcUrl(),
                "datasources.default.username", POSTGRES.getUsername(),
                "datasources.default.password", POSTGRES.getPassword(),
                "kafka.bootstrap.servers", KAFKA.getBootstrapServers(),
                "watchfloor.schema-registry.url", REGISTRY);
        String id = "tc-" + UUID.randomUUID();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
             HttpClient http = HttpClient.create(server.getURL());
             KafkaProducer<String, byte[]> producer = producer()) {
            AvroSerde<EnrichedReport> serde = AvroSerde.forValues(EnrichedReport.class,
                    SchemaRegistryClients.forUrl(REGISTRY));
            producer.send(new ProducerRecord<>(Topics.REPORTS_ENRICHED, id,
                    serde.serialize(Topics.REPORTS_ENRICHED, SampleReports.seed(id)))).get();

            ReportDocument doc = await().atMost(Duration.ofSeconds(60)).ignoreException(
                    HttpClientResponseException.class).until(() -> http.toBlocking()
                    .retrieve(HttpRequest.GET("/reports/" + id), ReportDocument.class), d -> d != null);

            assertEquals(List.of("iskp", "ttp", "al-qaeda"),
                    doc.groups().stream().map(ReportDocument.Group::id).toList());
            assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET("/groups")).getStatus());
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
