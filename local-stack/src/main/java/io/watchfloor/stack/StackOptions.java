package io.watchfloor.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the local stack needs to know: where the checkout and the data live, which ports to use,
 * whether to feed the demo set. Built from {@code WATCHFLOOR_*} environment variables or in code (tests).
 */
public record StackOptions(
        Path repoRoot,
        Path home,
        int kafkaPort,
        int kafkaControllerPort,
        int registryPort,
        int ingestPort,
        int storePort,
        int enrichPort,
        int alertPort,
        int postgresPort,
        int demoFeedPort,
        boolean demo,
        boolean demoFeeds,
        boolean services,
        Duration startTimeout,
        List<String> serviceJvmOptions,
        List<String> kafkaJvmOptions,
        boolean postgresFsync,
        PrintStream out) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final int DEFAULT_INGEST_PORT = 8080;
    public static final int DEFAULT_STORE_PORT = 8082;
    public static final int DEFAULT_ENRICH_PORT = 8083;
    public static final int DEFAULT_POSTGRES_PORT = 5433;
    public static final int DEFAULT_DEMO_FEED_PORT = 8084;
    public static final int DEFAULT_ALERT_PORT = 8085;

    /** Options from the environment: WATCHFLOOR_HOME, WATCHFLOOR_*_PORT, WATCHFLOOR_JAVA_OPTS, ... */
    public static StackOptions fromEnvironment(Map<String, String> env, boolean demo) {
        Path repo = env.containsKey("WATCHFLOOR_REPO")
                ? Path.of(env.get("WATCHFLOOR_REPO")).toAbsolutePath().normalize()
                : findRepoRoot(Path.of("").toAbsolutePath());
        Path home = env.containsKey("WATCHFLOOR_HOME")
                ? Path.of(env.get("WATCHFLOOR_HOME")).toAbsolutePath().normalize()
                : repo.resolve(".watchfloor");
        return new StackOptions(repo, home,
                port(env, "WATCHFLOOR_KAFKA_PORT", DEFAULT_KAFKA_PORT),
                port(env, "WATCHFLOOR_KAFKA_CONTROLLER_PORT", DEFAULT_KAFKA_CONTROLLER_PORT),
                port(env, "WATCHFLOOR_REGISTRY_PORT", DEFAULT_REGISTRY_PORT),
                port(env, "WATCHFLOOR_INGEST_PORT", DEFAULT_INGEST_PORT),
                port(env, "WATCHFLOOR_STORE_PORT", DEFAULT_STORE_PORT),
                port(env, "WATCHFLOOR_ENRICH_PORT", DEFAULT_ENRICH_PORT),
                port(env, "WATCHFLOOR_ALERT_PORT", DEFAULT_ALERT_PORT),
                port(env, "WATCHFLOOR_PG_PORT", DEFAULT_POSTGRES_PORT),
                port(env, "WATCHFLOOR_DEMO_FEED_PORT", DEFAULT_DEMO_FEED_PORT),
                demo,
                demo,
                true,
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("WATCHFLOOR_START_TIMEOUT", "180"))),
                splitOptions(env.getOrDefault("WATCHFLOOR_JAVA_OPTS", "-Xms64m -Xmx512m")),
                splitOptions(env.getOrDefault("WATCHFLOOR_KAFKA_JAVA_OPTS", "-Xms256m -Xmx768m")),
                true,
                System.out);
    }

    /**
     * Options for tests: the given ports (an 8-element array; the demo feed server then gets any free port, or a
     * 9th element), no demo batch, no demo feed registration, fsync off, a short timeout. The API key is on.
     */
    public static StackOptions forTest(Path repoRoot, Path home, int[] freePorts, PrintStream out) {
        if (freePorts.length != 8 && freePorts.length != 9) {
            throw new IllegalArgumentException("need 8 or 9 ports: kafka, controller, registry, ingest, store, "
                    + "enrich, alert, pg [, demo feed]");
        }
        int feedPort = freePorts.length == 9 ? freePorts[8] : anyFreePort();
        return new StackOptions(repoRoot, home, freePorts[0], freePorts[1], freePorts[2], freePorts[3],
                freePorts[4], freePorts[5], freePorts[6], freePorts[7], feedPort, false, false, true,
                Duration.ofSeconds(300),
                List.of("-Xms32m", "-Xmx384m"), List.of("-Xms128m", "-Xmx512m"), false, out);
    }

    /** A copy that does (or does not) register the two bundled demo feeds with ingest's {@code POST /sources}. */
    public StackOptions withDemoFeeds(boolean enabled) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo, enabled && services, services, startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out);
    }

    /**
     * A copy with or without the three service JVMs. Without them only Kafka, the topics, PostgreSQL and the
     * registry run (for running services from an IDE or in a test JVM); the demo needs the services.
     */
    public StackOptions withServices(boolean enabled) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo && enabled, demoFeeds && enabled, enabled,
                startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out);
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    public Path runDir() {
        return home.resolve("run");
    }

    public Path kafkaDir() {
        return home.resolve("kafka");
    }

    public Path postgresDir() {
        return home.resolve("pg");
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + ingestPort;
    }

    public String storeUrl() {
        return "http://127.0.0.1:" + storePort;
    }

    public String enrichUrl() {
        return "http://127.0.0.1:" + enrichPort;
    }

    public String alertUrl() {
        return "http://127.0.0.1:" + alertPort;
    }

    /** Base URL of the stack's own demo feed server (loopback). */
    public String demoFeedUrl() {
        return "http://127.0.0.1:" + demoFeedPort;
    }

    /** Where the stack keeps its API key (created on first start, mode 600). */
    public Path apiKeyFile() {
        return home.resolve("api-key");
    }

    /** Where the stack keeps the schema registry's basic-auth credentials, {@code user:password} (mode 600). */
    public Path registryCredentialsFile() {
        return home.resolve("registry-credentials");
    }

    /** The registry's basic-auth credentials as {@code user:password}, created on first use. */
    public String registryCredentials() {
        return "watchfloor:" + ApiKey.loadOrCreate(registryCredentialsFile());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + LocalPostgres.DATABASE;
    }

    /** Walks up from {@code start} to the checkout root (the folder with mvnw and ingest-service). */
    static Path findRepoRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("ingest-service")) && Files.isDirectory(p.resolve("local-stack"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the Watchfloor checkout above " + start
                + "; run from the checkout or set WATCHFLOOR_REPO");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a TCP port (1-65535), got '" + value + "'");
        }
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the demo feed server", e);
        }
    }

    private static List<String> splitOptions(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
