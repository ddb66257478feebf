package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackOptionsTest {

    @Test
    void shouldUseTheDocumentedDefaultPortsAndDotWatchfloorInTheCheckout() {
        StackOptions options = StackOptions.fromEnvironment(Map.of("WATCHFLOOR_REPO", "/opt/wf"), true);
        assertEquals(Path.of("/opt/wf/.watchfloor"), options.home());
        assertEquals("127.0.0.1:9092", options.kafkaBootstrap());
        assertEquals("http://127.0.0.1:8081", options.registryUrl());
        assertEquals("http://127.0.0.1:8080", options.ingestUrl());
        assertEquals("http://127.0.0.1:8082", options.storeUrl());
        assertEquals("http://127.0.0.1:8083", options.enrichUrl());
        assertEquals("jdbc:postgresql://127.0.0.1:5433/watchfloor", options.jdbcUrl());
        assertEquals(9093, options.kafkaControllerPort());
        assertTrue(options.demo());
        assertTrue(options.demoFeeds());
        assertEquals(8084, options.demoFeedPort());
        assertEquals("http://127.0.0.1:8084", options.demoFeedUrl());
        assertEquals(Path.of("/opt/wf/.watchfloor/api-key"), options.apiKeyFile());
        assertTrue(options.postgresFsync(), "fsync must stay on outside tests");
        assertEquals(Path.of("/opt/wf/.watchfloor/logs"), options.logsDir());
    }

    @Test
    void shouldTakePortsHomeAndJvmOptionsFromTheEnvironment() {
        StackOptions options = StackOptions.fromEnvironment(Map.of(
                "WATCHFLOOR_REPO", "/opt/wf",
                "WATCHFLOOR_HOME", "/data/wf",
                "WATCHFLOOR_KAFKA_PORT", "19092",
                "WATCHFLOOR_PG_PORT", "15433",
                "WATCHFLOOR_STORE_PORT", "18082",
                "WATCHFLOOR_DEMO_FEED_PORT", "18084",
                "WATCHFLOOR_JAVA_OPTS", "-Xmx1g  -XX:+UseSerialGC"), false);
        assertEquals(Path.of("/data/wf"), options.home());
        assertEquals("127.0.0.1:19092", options.kafkaBootstrap());
        assertEquals("jdbc:postgresql://127.0.0.1:15433/watchfloor", options.jdbcUrl());
        assertEquals("http://127.0.0.1:18082", options.storeUrl());
        assertEquals(List.of("-Xmx1g", "-XX:+UseSerialGC"), options.serviceJvmOptions());
        assertFalse(options.demo());
        assertFalse(options.demoFeeds(), "--no-demo also skips registering the demo feeds");
        assertEquals(18084, options.demoFeedPort());
    }

    @Test
    void shouldGiveTestsAFreeDemoFeedPortAndNoDemoUnlessAsked() {
        StackOptions options = StackOptions.forTest(Path.of("/opt/wf"), Path.of("/tmp/wf"),
                new int[] {1, 2, 3, 4, 5, 6, 7, 8}, System.out);
        assertFalse(options.demo());
        assertFalse(options.demoFeeds());
        assertTrue(options.demoFeedPort() > 0 && options.demoFeedPort() != StackOptions.DEFAULT_DEMO_FEED_PORT,
                "port " + options.demoFeedPort());
        StackOptions feeds = options.withDemoFeeds(true);
        assertTrue(feeds.demoFeeds());
        assertFalse(feeds.demo());
        assertFalse(feeds.withServices(false).demoFeeds(), "no services, no feed registration");
        assertEquals(9, StackOptions.forTest(Path.of("/opt/wf"), Path.of("/tmp/wf"),
                new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, System.out).demoFeedPort());
    }

    @Test
    void shouldGiveIngestTheStackApiKeyAndAllowTheDemoFeedServer(@TempDir Path home) throws Exception {
        StackOptions options = StackOptions.forTest(Path.of("/opt/wf"), home,
                new int[] {1, 2, 3, 4, 5, 6, 7, 8, 18084}, System.out);
        Map<String, String> ingest = ServiceProcess.environment(options, ServiceProcess.Service.INGEST);
        String key = Files.readString(home.resolve("api-key")).trim();
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertEquals(key, ingest.get("WATCHFLOOR_API_KEYS"));
        assertEquals("127.0.0.1:18084", ingest.get("WATCHFLOOR_FEEDS_ALLOWLIST"));
        Map<String, String> store = ServiceProcess.environment(options, ServiceProcess.Service.STORE);
        assertFalse(store.containsKey("WATCHFLOOR_API_KEYS"), "store-service accepts no writes of its own");
        assertEquals(key, store.get("WATCHFLOOR_ALERTS_API_KEY"), "the alerts pages write to alert-service with it");
        assertEquals("http://127.0.0.1:7", store.get("ALERTS_URL"));
        assertEquals("http://127.0.0.1:4", store.get("INGEST_URL"));
        Map<String, String> alert = ServiceProcess.environment(options, ServiceProcess.Service.ALERT);
        assertEquals(key, alert.get("WATCHFLOOR_API_KEYS"));
        assertEquals("127.0.0.1:18084", alert.get("WATCHFLOOR_WEBHOOKS_ALLOWLIST"));
        assertEquals("http://127.0.0.1:5", alert.get("WATCHFLOOR_STORE_URL"));
        assertEquals(home.resolve("alert-state").toString(), alert.get("ALERT_STATE_DIR"));
        assertTrue(Files.exists(home.resolve("registry-credentials")));
        assertTrue(alert.get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO").startsWith("watchfloor:"));
        // the registry requires the same credentials for reads and writes; services auto-register with them
        Map<String, String> registry = ServiceProcess.registryEnvironment(options);
        String userInfo = alert.get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");
        assertEquals(userInfo, registry.get("REGISTRY_BASIC_AUTH_USERS"));
        assertEquals(userInfo, registry.get("REGISTRY_WRITE_USERS"));
        for (ServiceProcess.Service service : ServiceProcess.Service.values()) {
            assertEquals(userInfo, ServiceProcess.environment(options, service)
                    .get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO"), service.module);
        }
    }

    @Test
    void shouldPassTheLogFormatToEveryServiceDefaultingToPlain(@TempDir Path home) {
        assertEquals("json", ServiceProcess.logFormat(Map.of("WATCHFLOOR_LOG_FORMAT", "json")));
        assertEquals("json", ServiceProcess.logFormat(Map.of("WATCHFLOOR_LOG_FORMAT", " json ")));
        assertEquals("plain", ServiceProcess.logFormat(Map.of("WATCHFLOOR_LOG_FORMAT", "")));
        assertEquals("plain", ServiceProcess.logFormat(Map.of()));
        StackOptions options = StackOptions.forTest(Path.of("/opt/wf"), home,
                new int[] {1, 2, 3, 4, 5, 6, 7, 8, 18084}, System.out);
        String expected = ServiceProcess.logFormat(System.getenv());
        for (ServiceProcess.Service service : ServiceProcess.Service.values()) {
            assertEquals(expected, ServiceProcess.environment(options, service).get("WATCHFLOOR_LOG_FORMAT"),
                    service.module);
        }
    }

    @Test
    void shouldRejectAPortThatIsNotANumberNamingTheVariable() {
        var error = assertThrows(IllegalArgumentException.class, () -> StackOptions.fromEnvironment(
                Map.of("WATCHFLOOR_REPO", "/opt/wf", "WATCHFLOOR_INGEST_PORT", "80a"), true));
        assertTrue(error.getMessage().contains("WATCHFLOOR_INGEST_PORT"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StackOptions.fromEnvironment(
                Map.of("WATCHFLOOR_REPO", "/opt/wf", "WATCHFLOOR_INGEST_PORT", "70000"), true));
    }

    @Test
    void shouldFindTheCheckoutRootFromAModuleDirectory() {
        Path root = StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        assertTrue(root.resolve("local-stack").toFile().isDirectory());
        assertTrue(root.resolve("ingest-service").toFile().isDirectory());
    }

    @Test
    void shouldGiveEachServiceTheSharedEnvironmentAndItsPort() {
        StackOptions options = StackOptions.fromEnvironment(Map.of("WATCHFLOOR_REPO", "/opt/wf",
                "WATCHFLOOR_STORE_PORT", "18082"), false);
        Map<String, String> env = ServiceProcess.environment(options, ServiceProcess.Service.STORE);
        assertEquals("127.0.0.1:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("http://127.0.0.1:8081", env.get("SCHEMA_REGISTRY_URL"));
        assertEquals("jdbc:postgresql://127.0.0.1:5433/watchfloor", env.get("DB_URL"));
        assertEquals("watchfloor", env.get("DB_USER"));
        assertEquals("watchfloor", env.get("DB_PASSWORD"));
        assertEquals("18082", env.get("MICRONAUT_SERVER_PORT"));
        assertEquals("18082", env.get("STORE_PORT"));
        assertEquals("/opt/wf/.watchfloor/enrich-state",
                ServiceProcess.environment(options, ServiceProcess.Service.ENRICH).get("ENRICH_STATE_DIR"));
    }

    @Test
    void shouldExplainHowToBuildAModuleThatIsNotBuilt() {
        var error = assertThrows(IllegalStateException.class,
                () -> Classpaths.module(Path.of("/nonexistent/checkout"), "store-service"));
        assertTrue(error.getMessage().contains("store-service is not built"), error.getMessage());
        assertTrue(error.getMessage().contains("./mvnw -B -DskipTests install"), error.getMessage());
    }
}
