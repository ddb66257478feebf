package io.watchfloor.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.CompatibilityResult;
import io.watchfloor.schemas.registry.HttpSchemaRegistryClient;
import io.watchfloor.schemas.registry.RegisteredSchema;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PrometheusText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry on a real (in-JVM KRaft) broker: durability across restarts and the client/serde end to end. */
@ExtendWith(KafkaBrokerExtension.class)
class SchemaRegistryServerIT {
    private static final String SUBJECT = Topics.REPORTS_RAW + "-value";
    /** RawReport v2: v1 plus an optional field, as a compatible change would add it. */
    private static final Schema RAW_V2_OPTIONAL = withField(
            "{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null}");
    /** RawReport with a new required field: refused under BACKWARD. */
    private static final Schema RAW_V2_REQUIRED = withField("{\"name\":\"severity\",\"type\":\"int\"}");

    private static Schema withField(String fieldJson) {
        String v1 = RawReport.getClassSchema().toString();
        int end = v1.lastIndexOf(']');
        return new Schema.Parser().parse(v1.substring(0, end) + "," + fieldJson + v1.substring(end));
    }

    private static HttpSchemaRegistryClient client(SchemaRegistryServer server) {
        return new HttpSchemaRegistryClient(SchemaRegistryConfig.of(server.url())
                .withRetries(2, Duration.ofMillis(50)));
    }

    private static SchemaRegistryServer startOn(String topic) {
        return SchemaRegistryServer.start(new KafkaRegistryLog(KafkaBrokerExtension.bootstrapServers(), topic),
                "127.0.0.1", 0);
    }

    @Test
    void shouldKeepIdsAcrossRestartsOnTheSchemasTopic() throws Exception {
        int v1Id;
        int otherId;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(KafkaBrokerExtension.bootstrapServers(),
                "127.0.0.1", 0)) {
            HttpSchemaRegistryClient client = client(server);
            otherId = client.register("warmup-value", Schema.create(Schema.Type.STRING));
            v1Id = client.register(SUBJECT, RawReport.getClassSchema());
        }
        assertNotEquals(otherId, v1Id);

        try (SchemaRegistryServer restarted = SchemaRegistryServer.start(KafkaBrokerExtension.bootstrapServers(),
                "127.0.0.1", 0)) {
            HttpSchemaRegistryClient fresh = client(restarted);
            assertEquals(RawReport.getClassSchema(), fresh.getById(v1Id));
            assertEquals(v1Id, fresh.getId(SUBJECT, RawReport.getClassSchema()));
            assertEquals(v1Id, fresh.register(SUBJECT, RawReport.getClassSchema()), "same schema, same id");
            RegisteredSchema latest = fresh.getLatest(SUBJECT);
            assertEquals(1, latest.version());
            int newId = fresh.register("another-value", Schema.create(Schema.Type.LONG));
            assertTrue(newId > Math.max(v1Id, otherId), "ids are never reused after a restart: " + newId);
        }

        try (Admin admin = KafkaBrokerExtension.admin()) {
            TopicDescription topic = admin.describeTopics(Set.of(Topics.SCHEMAS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.SCHEMAS);
            assertEquals(1, topic.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SCHEMAS);
            Config config = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }

    @Test
    void shouldRefuseAnIncompatibleV2AndAcceptACompatibleOne() {
        String topic = "_schemas-it-evolution";
        try (SchemaRegistryServer server = startOn(topic)) {
            HttpSchemaRegistryClient client = client(server);
            int v1 = client.register(SUBJECT, RawReport.getClassSchema());

            CompatibilityResult check = client.testCompatibility(SUBJECT, RAW_V2_REQUIRED);
            assertFalse(check.compatible());
            assertTrue(check.messages().toString().contains("severity"), check.messages().toString());
            SchemaRegistryException refused = assertThrows(SchemaRegistryException.class,
                    () -> client.register(SUBJECT, RAW_V2_REQUIRED));
            assertEquals(409, refused.status());

            int v2 = client.register(SUBJECT, RAW_V2_OPTIONAL);
            assertNotEquals(v1, v2);
            assertEquals(2, client.getLatest(SUBJECT).version());
        }
        try (SchemaRegistryServer restarted = startOn(topic)) {
            RegisteredSchema latest = client(restarted).getLatest(SUBJECT);
            assertEquals(2, latest.version());
            assertEquals(RAW_V2_OPTIONAL, latest.schema());
            assertEquals(409, assertThrows(SchemaRegistryException.class,
                    () -> client(restarted).register(SUBJECT, RAW_V2_REQUIRED)).status(),
                    "the rule still holds after a restart");
        }
    }

    @Test
    void shouldRoundTripARawReportThroughKafkaWithTheRegistry() {
        String dataTopic = "registry-it-raw";
        KafkaBrokerExtension.createTopic(dataTopic, 1);
        RawReport report = RawReport.newBuilder().setId("r-it-1")
                .setSource(Source.newBuilder().setKind("demo").setName("Registry IT").build())
                .setTitle("Seed").setText("Tehrik-e-Taliban Pakistan and Al-Qaeda were named.")
                .setContentType("text/plain").setIngestedAt(Instant.parse("2026-11-26T18:30:00Z"))
                .setContentHash("cafe").build();
        try (SchemaRegistryServer server = startOn("_schemas-it-e2e")) {
            AvroSerde<RawReport> writer = AvroSerde.forValues(RawReport.class, SchemaRegistryConfig.of(server.url()));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(dataTopic, report.getId(),
                        writer.serialize(dataTopic, report))).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("produce failed", e);
            }

            // a separate reader with its own client and empty caches
            AvroSerde<RawReport> reader = AvroSerde.forValues(RawReport.class,
                    new HttpSchemaRegistryClient(SchemaRegistryConfig.of(server.url()).withAutoRegister(false)));
            List<RawReport> received = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(dataTopic, 0)));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        assertEquals(0, record.value()[0], "Confluent magic byte");
                        received.add(reader.deserialize(dataTopic, record.value()));
                    }
                    return !received.isEmpty();
                });
            }
            assertEquals(List.of(report), received);
        }
    }

    @Test
    void shouldRequireBasicAuthWhenUsersAreConfigured() throws Exception {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(
                new KafkaRegistryLog(KafkaBrokerExtension.bootstrapServers(), "_schemas_auth_it"), "127.0.0.1", 0,
                SchemaRegistryServer.parseUsers("svc:s3cret"))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            var anonymous = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/subjects")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

            SchemaRegistryException wrong = assertThrows(SchemaRegistryException.class,
                    () -> new HttpSchemaRegistryClient(SchemaRegistryConfig.of(server.url())
                            .withBasicAuth("svc", "guess")).register(SUBJECT, RawReport.getClassSchema()));
            assertEquals(401, wrong.status());

            HttpSchemaRegistryClient authorised = new HttpSchemaRegistryClient(
                    SchemaRegistryConfig.of(server.url()).withBasicAuth("svc", "s3cret"));
            int id = authorised.register(SUBJECT, RawReport.getClassSchema());
            HttpSchemaRegistryClient fromUrl = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(
                    server.url().replace("http://", "http://svc:s3cret@")));
            assertEquals(RawReport.getClassSchema(), fromUrl.getById(id));

            // /prometheus is open (counts and JVM figures only) and counts the requests above by status
            var metrics = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/prometheus")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            String text = metrics.body();
            assertTrue(PrometheusText.sum(text, "watchfloor_registry_requests_total", Map.of("status", "401")) >= 2,
                    text);
            assertTrue(PrometheusText.sum(text, "watchfloor_registry_requests_total", Map.of("method", "POST",
                    "status", "200")) >= 1, text);
            assertTrue(PrometheusText.sum(text, "watchfloor_registry_subjects", Map.of()) >= 1, text);
            assertTrue(PrometheusText.sum(text, "watchfloor_registry_request_seconds_count", Map.of()) >= 3, text);
            assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
        }
    }

    @Test
    void shouldRequireWriteUsersForWritesWhileReadsStayOpen() throws Exception {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(
                new KafkaRegistryLog(KafkaBrokerExtension.bootstrapServers(), "_schemas_write_auth_it"), "127.0.0.1",
                0, Map.of(), SchemaRegistryServer.parseUsers("ci:w-s3cret", "REGISTRY_WRITE_USERS"))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String body = "{\"schema\": " + com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                    .writeValueAsString(RawReport.getClassSchema().toString()) + "}";
            java.net.URI register = java.net.URI.create(server.url() + "/subjects/x/versions");

            var anonymous = http.send(java.net.http.HttpRequest.newBuilder(register)
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").contains("json"));
            assertTrue(anonymous.body().contains("\"error_code\":40101"), anonymous.body());
            assertTrue(anonymous.body().contains("REGISTRY_WRITE_USERS"), anonymous.body());
            assertTrue(anonymous.body().contains("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO"), anonymous.body());

            String wrong = java.util.Base64.getEncoder().encodeToString("ci:guess".getBytes());
            var badPassword = http.send(java.net.http.HttpRequest.newBuilder(register)
                    .header("Authorization", "Basic " + wrong)
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, badPassword.statusCode(), badPassword.body());

            String good = java.util.Base64.getEncoder().encodeToString("ci:w-s3cret".getBytes());
            var registered = http.send(java.net.http.HttpRequest.newBuilder(register)
                    .header("Authorization", "Basic " + good)
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, registered.statusCode(), registered.body());
            assertTrue(registered.body().matches("\\{\"id\":\\d+}"), registered.body());
            int id = Integer.parseInt(registered.body().replaceAll("\\D", ""));

            // reads stay open: schema by id, subjects, versions, and the lookup/compatibility POSTs
            var byId = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/schemas/ids/" + id)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, byId.statusCode(), byId.body());
            assertTrue(byId.body().contains("RawReport"), byId.body());
            HttpSchemaRegistryClient anonymousClient = new HttpSchemaRegistryClient(
                    SchemaRegistryConfig.of(server.url()));
            assertEquals(RawReport.getClassSchema(), anonymousClient.getById(id));
            assertEquals(id, anonymousClient.getId("x", RawReport.getClassSchema()));
            assertEquals(id, anonymousClient.getLatest("x").id());
            assertTrue(anonymousClient.testCompatibility("x", RAW_V2_OPTIONAL).compatible());

            // config PUT and delete are writes
            var config = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/config/x"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"FULL\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, config.statusCode(), config.body());
            var delete = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/subjects/x")).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, delete.statusCode(), delete.body());
            var subjects = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/subjects")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, subjects.statusCode(), subjects.body());
            assertEquals("[\"x\"]", subjects.body());
            var configRead = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/config")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(configRead.body().contains("BACKWARD"), configRead.body());

            // the services' client with the write user's credentials registers (auto-register)
            HttpSchemaRegistryClient writer = new HttpSchemaRegistryClient(
                    SchemaRegistryConfig.of(server.url()).withBasicAuth("ci", "w-s3cret"));
            assertEquals(id, writer.register("y", RawReport.getClassSchema()));
        }
    }

    @Test
    void shouldRefuseAUserListWithoutPasswords() {
        assertThrows(IllegalArgumentException.class, () -> SchemaRegistryServer.parseUsers("svc"));
        assertThrows(IllegalArgumentException.class, () -> SchemaRegistryServer.parseUsers("svc:"));
        assertEquals(java.util.Map.of("a", "x:y", "b", "z"), SchemaRegistryServer.parseUsers("a:x:y,b:z"));
    }
}
