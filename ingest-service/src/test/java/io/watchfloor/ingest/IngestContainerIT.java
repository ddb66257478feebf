package io.watchfloor.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The basic POST -> {@code threat.reports.raw.v1} check against a Kafka container; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class IngestContainerIT {
    private static final String REGISTRY_URL = "mock://ingest-container-it";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void shouldWriteAPostedReportToTheRawTopic() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.REPORTS_RAW, 3, (short) 1))).all().get();
        }
        Map<String, Object> properties = Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", bootstrap,
                "watchfloor.schema-registry.url", REGISTRY_URL);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.getURI().resolve("/reports"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(IngestIT.sample("report.json"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            String id = new ObjectMapper().readTree(response.body()).get("id").asText();

            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-container-it");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, RawReport> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    AvroSerde.forValues(RawReport.class, SchemaRegistryClients.forUrl(REGISTRY_URL)).deserializer())) {
                consumer.subscribe(List.of(Topics.REPORTS_RAW));
                List<ConsumerRecord<String, RawReport>> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                    return seen.stream().anyMatch(r -> id.equals(r.key()));
                });
                RawReport report = seen.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow().value();
                assertEquals("Harbour authority reports phishing wave against shipping agents", report.getTitle());
            }
        }
    }
}
