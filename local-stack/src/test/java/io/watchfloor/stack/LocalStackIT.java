package io.watchfloor.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real local stack (broker process, PostgreSQL, registry, three service JVMs) on free ports in a
 * temporary home, checks every part answers, stops it, and restarts Kafka, PostgreSQL and the registry to see
 * the data kept.
 */
class LocalStackIT {

    @TempDir
    Path home;

    @Test
    void shouldStartEveryPartStopCleanlyAndKeepDataAcrossARestart() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(progress), true, StandardCharsets.UTF_8);
        String repoOverride = System.getenv("WATCHFLOOR_REPO");
        Path repo = repoOverride != null ? Path.of(repoOverride)
                : StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        StackOptions options = StackOptions.forTest(repo, home, FreePorts.take(8), out);

        try (LocalStack stack = LocalStack.start(options)) {
            for (String url : new String[] {stack.ingestUrl(), stack.enrichUrl(), stack.storeUrl()}) {
                Http.Response health = Http.get(url + "/health", Duration.ofSeconds(5));
                assertEquals(200, health.status(), url + " " + health.body());
                assertTrue(health.body().contains("\"UP\""), health.body());
            }
            // the stack's registry requires basic auth; the three services above were given its credentials
            Http.Response anonymous = Http.get(stack.registryUrl() + "/subjects", Duration.ofSeconds(5));
            assertEquals(401, anonymous.status(), anonymous.body());
            Http.Response subjects = Http.get(stack.registryUrl() + "/subjects", Duration.ofSeconds(5),
                    options.registryCredentials());
            assertEquals(200, subjects.status(), subjects.body());
            assertTrue(subjects.body().trim().startsWith("["), subjects.body());
            // writes need a write user too (REGISTRY_WRITE_USERS, the same credentials the services register with)
            Http.Response anonymousWrite = Http.postJson(stack.registryUrl() + "/subjects/x-value/versions",
                    "{\"schema\":\"\\\"string\\\"\"}", Duration.ofSeconds(5));
            assertEquals(401, anonymousWrite.status(), anonymousWrite.body());
            assertTrue(anonymousWrite.body().contains("REGISTRY_WRITE_USERS"), anonymousWrite.body());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafkaBootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                Topics.ALL.forEach(spec -> assertTrue(topics.contains(spec.name()), spec.name() + " in " + topics));
            }
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "watchfloor", "watchfloor");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE restart_marker (note text)");
                s.execute("INSERT INTO restart_marker VALUES ('kept')");
            }
            // a PostgreSQL crash (SIGKILL) and restart on the same port keeps committed rows
            stack.stopComponent("postgres", true);
            assertFalse(stack.isRunning("postgres"));
            stack.startComponent("postgres");
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "watchfloor", "watchfloor");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM restart_marker")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            // secure default: every part listens on loopback only, never on the machine's other addresses
            for (java.net.InetAddress address : nonLoopbackAddresses()) {
                for (int port : new int[] {options.kafkaPort(), options.registryPort(), options.postgresPort(),
                        options.ingestPort(), options.enrichPort(), options.storePort(), options.alertPort(),
                        options.demoFeedPort()}) {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(address, port), 1000);
                        org.junit.jupiter.api.Assertions.fail("port " + port + " answers on " + address
                                + ": it must listen on 127.0.0.1 only");
                    } catch (java.io.IOException expected) {
                        // refused (or unreachable): not listening there
                    }
                }
            }
            // a second store instance (same consumer group) starts on its own port and stops again
            String second = stack.addInstance("store-service", FreePorts.take(1)[0]);
            assertEquals("store-service-2", second);
            Http.Response secondHealth = Http.get(stack.instanceUrl(second) + "/health", Duration.ofSeconds(5));
            assertEquals(200, secondHealth.status(), secondHealth.body());
            stack.stopComponent(second, false);
            assertFalse(stack.isRunning(second));
            assertTrue(stack.isRunning("store-service"));
            assertTrue(Files.exists(home.resolve("run/store-service.pid")));
            assertTrue(Files.size(home.resolve("logs/ingest-service.log")) > 0);
            assertTrue(stack.apiKey().matches("[0-9a-f]{32}"), stack.apiKey());
            assertEquals(stack.apiKey(), Files.readString(home.resolve("api-key")).trim());
            assertFalse(LocalStack.isFree(options.demoFeedPort()), "the demo feed server listens");
        }

        String text = progress.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[1/8] Kafka broker"), text);
        assertTrue(text.contains("[7/8] store-service"), text);
        assertTrue(text.contains("[8/8] alert-service"), text);
        assertTrue(text.contains("Analyst view (web UI): http://127.0.0.1:" + options.storePort() + "/ui/"), text);
        assertTrue(text.contains("consumer groups alert-service, enrich-service, store-service own their partitions"), text);
        for (int port : new int[] {options.kafkaPort(), options.postgresPort(), options.registryPort(),
                options.ingestPort(), options.enrichPort(), options.storePort(), options.alertPort(),
                options.demoFeedPort()}) {
            await().atMost(Duration.ofSeconds(10)).until(() -> LocalStack.isFree(port));
        }
        try (var pids = Files.list(home.resolve("run"))) {
            assertFalse(pids.anyMatch(p -> p.toString().endsWith(".pid")), "pid files left behind");
        }
        String clusterId = Files.readString(home.resolve("kafka/cluster.id"));
        int firstRun = progress.size();

        // the restart check needs only the data-holding parts
        try (LocalStack again = LocalStack.start(options.withServices(false))) {
            assertEquals(clusterId, Files.readString(home.resolve("kafka/cluster.id")));
            String secondRun = progress.toString(StandardCharsets.UTF_8).substring(firstRun);
            assertTrue(secondRun.contains("0 topics created, " + Topics.ALL.size() + " already there"), secondRun);
            assertTrue(secondRun.contains("[4/4] Schema registry"), secondRun);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    again.kafkaBootstrapServers()))) {
                assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.REPORTS_RAW));
            }
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(), "watchfloor", "watchfloor");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT note FROM restart_marker")) {
                assertTrue(rs.next());
                assertEquals("kept", rs.getString(1));
            }
        }
    }


    /** Keeps the progress lines for assertions and still shows them in the test output. */
    private static final class TeeStream extends java.io.OutputStream {
        private final ByteArrayOutputStream copy;

        TeeStream(ByteArrayOutputStream copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            copy.write(b);
            System.out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
            System.out.write(b, off, len);
        }
    }

    private static List<java.net.InetAddress> nonLoopbackAddresses() throws java.net.SocketException {
        List<java.net.InetAddress> out = new java.util.ArrayList<>();
        for (java.net.NetworkInterface nic
                : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).forEach(out::add);
            }
        }
        return out;
    }
}
