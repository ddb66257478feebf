package io.watchfloor.alert.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.registry.InMemoryRegistryLog;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.FreePorts;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * alert-service as its own JVM (target/classes + target/classpath.txt, configured by environment as in
 * production), killed with SIGKILL while its webhook requests hang at the receiver; a second process started
 * afterwards delivers every alert, with the webhook-id each was first sent with.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DeliveryRestartIT {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");

    private final List<Process> processes = new ArrayList<>();
    private SchemaRegistryServer registry;
    private Receiver receiver;

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldDeliverEveryAlertAfterAKill9MidDeliveryWithTheSameWebhookIds() throws Exception {
        KafkaBrokerExtension.createTopics(Topics.REPORTS_ENRICHED, Topics.ALERTS_DLQ, Topics.SOURCES_HEALTH);
        KafkaBrokerExtension.createTopics(List.of(
                new NewTopic(Topics.ALERTS, 3, (short) 1),
                new NewTopic(Topics.ALERT_ATTEMPTS, 3, (short) 1),
                new NewTopic(Topics.SUBSCRIPTIONS, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.ALERT_DELIVERIES, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        registry = SchemaRegistryServer.start(new InMemoryRegistryLog(), "127.0.0.1", 0);
        receiver = new Receiver();
        receiver.hang();

        int[] ports = FreePorts.take(2);
        Process first = start(ports[0], "first");
        String sub = create(ports[0], receiver.url());
        List<String> alerts = List.of("al-kill-1", "al-kill-2", "al-kill-3", "al-kill-4");
        produce(sub, alerts);

        // two requests on the wire (the lane's cap), none answered: now the process dies
        await().atMost(Duration.ofSeconds(90)).until(() -> receiver.requests().size() >= 2);
        Set<String> inFlight = Set.copyOf(receiver.requests().stream().map(Receiver.Request::id).toList());
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS), "killed");
        receiver.release();

        start(ports[1], "second");
        await().atMost(Duration.ofSeconds(120)).until(() -> receiver.delivered().containsAll(alerts));

        assertEquals(Set.copyOf(alerts), receiver.delivered(), "every alert, and nothing else");
        assertTrue(receiver.delivered().containsAll(inFlight), "the requests cut by the kill went again: "
                + inFlight);
        for (Receiver.Request r : receiver.requests()) {
            assertTrue(StandardWebhooks.verify(SECRET, r), "signed: " + r.id());
            assertEquals(r.id(), JSON.readTree(r.body()).get("data").get("alertId").asText(),
                    "the webhook-id is the alert id, before and after the restart");
        }
    }

    /** Starts alert-service from the build, configured by environment; waits until its API answers. */
    private Process start(int port, String name) throws IOException {
        String classpath = TARGET.resolve("classes") + File.pathSeparator
                + Files.readString(TARGET.resolve("classpath.txt")).trim();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m",
                // a killed member's partitions move after its session times out: keep that short here
                "-Dkafka.session.timeout.ms=6000",
                "-Dwatchfloor.alert.delivery.schedule=1s,1s,1s",
                "-Dwatchfloor.alert.delivery.request-timeout=60s",
                "-cp", classpath, "io.watchfloor.alert.Application")
                .redirectErrorStream(true)
                .redirectOutput(TARGET.resolve("delivery-restart-it-" + name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBrokerExtension.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", registry.url());
        env.put("ALERT_PORT", Integer.toString(port));
        env.put("ALERT_STATE_DIR", Files.createTempDirectory("delivery-restart-" + name).toString());
        env.put("WATCHFLOOR_WEBHOOKS_ALLOWLIST", "127.0.0.1");
        env.put("WATCHFLOOR_STORE_URL", "http://127.0.0.1:9");
        env.remove("WATCHFLOOR_API_KEYS");
        Process process = builder.start();
        processes.add(process);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " alert-service exited; see target/delivery-restart-it-" + name
                        + ".log");
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/subscriptions"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    private static String create(int port, String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/subscriptions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Kill desk\",\"filter\":{\"keywords\":"
                        + "[\"restart-it-never-matches\"]},\"webhook\":{\"url\":\"" + url + "\",\"secret\":\""
                        + SECRET + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    private void produce(String sub, List<String> alertIds) throws Exception {
        AvroSerde<AlertEvent> serde = AvroSerde.forValues(AlertEvent.class,
                SchemaRegistryClients.forUrl(registry.url()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (String id : alertIds) {
                AlertEvent alert = TestAlerts.alert(id, sub);
                alert.setCreatedAt(Instant.now());
                producer.send(new ProducerRecord<>(Topics.ALERTS, sub, serde.serialize(Topics.ALERTS, alert))).get();
            }
        }
    }
}
