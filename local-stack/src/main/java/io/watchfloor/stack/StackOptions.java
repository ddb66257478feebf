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
        PrintStream out,
        int brokers,
        List<Integer> extraBrokerPorts,
        Map<String, Integer> instances,
        List<Integer> instancePorts,
        ProxiedListener proxiedListener) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final int DEFAULT_INGEST_PORT = 8080;
    public static final int DEFAULT_STORE_PORT = 8082;
    public static final int DEFAULT_ENRICH_PORT = 8083;
    public static final int DEFAULT_POSTGRES_PORT = 5433;
    public static final int DEFAULT_DEMO_FEED_PORT = 8084;
    public static final int DEFAULT_ALERT_PORT = 8085;
    /** Extra service instances ({@code --instances}) get consecutive HTTP ports from here. */
    public static final int DEFAULT_INSTANCE_PORT_BASE = 8180;
    /** At most this many brokers ({@code --brokers}); replication factor and quorum size are min(brokers, 3). */
    public static final int MAX_BROKERS = 3;

    /** The options of a one-broker stack without extra instances (the shape before {@code --brokers}). */
    public StackOptions(Path repoRoot, Path home, int kafkaPort, int kafkaControllerPort, int registryPort,
                        int ingestPort, int storePort, int enrichPort, int alertPort, int postgresPort,
                        int demoFeedPort, boolean demo, boolean demoFeeds, boolean services, Duration startTimeout,
                        List<String> serviceJvmOptions, List<String> kafkaJvmOptions, boolean postgresFsync,
                        PrintStream out) {
        this(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort, enrichPort,
                alertPort, postgresPort, demoFeedPort, demo, demoFeeds, services, startTimeout, serviceJvmOptions,
                kafkaJvmOptions, postgresFsync, out, 1, List.of(), Map.of(), List.of(), null);
    }

    /** The options without the proxied listener (the shape before {@link #withProxiedListener}). */
    public StackOptions(Path repoRoot, Path home, int kafkaPort, int kafkaControllerPort, int registryPort,
                        int ingestPort, int storePort, int enrichPort, int alertPort, int postgresPort,
                        int demoFeedPort, boolean demo, boolean demoFeeds, boolean services, Duration startTimeout,
                        List<String> serviceJvmOptions, List<String> kafkaJvmOptions, boolean postgresFsync,
                        PrintStream out, int brokers, List<Integer> extraBrokerPorts, Map<String, Integer> instances,
                        List<Integer> instancePorts) {
        this(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort, enrichPort,
                alertPort, postgresPort, demoFeedPort, demo, demoFeeds, services, startTimeout, serviceJvmOptions,
                kafkaJvmOptions, postgresFsync, out, brokers, extraBrokerPorts, instances, instancePorts, null);
    }

    public StackOptions {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("--brokers must be 1 to " + MAX_BROKERS + ", got " + brokers);
        }
        extraBrokerPorts = List.copyOf(extraBrokerPorts);
        if (extraBrokerPorts.size() != 2 * (brokers - 1)) {
            throw new IllegalArgumentException("need a client and a controller port for each broker after the "
                    + "first: " + 2 * (brokers - 1) + " ports, got " + extraBrokerPorts);
        }
        instances = Map.copyOf(instances);
        instancePorts = List.copyOf(instancePorts);
        int extra = instances.values().stream().mapToInt(n -> n - 1).sum();
        if (instancePorts.size() < extra) {
            throw new IllegalArgumentException("need " + extra + " ports for the extra service instances, got "
                    + instancePorts);
        }
        if (proxiedListener != null && brokers != 1) {
            throw new IllegalArgumentException("the proxied listener is for a one-broker stack, not " + brokers
                    + " brokers");
        }
    }

    /**
     * An extra listener of the (one) broker for fault tests that put a proxy between clients and the broker
     * (RELIABILITY test 18): the broker listens on {@code PROXIED://127.0.0.1:<port>} and advertises
     * {@code PROXIED://127.0.0.1:<advertisedPort>}, where a proxy forwarding to {@code port} listens. A client that
     * bootstraps through the proxy is connected on that listener, so the metadata it gets names the proxy and every
     * connection goes through it. Off ({@code null}) unless a caller asks: {@code ./watchfloor up} never sets it.
     */
    public record ProxiedListener(int port, int advertisedPort) {
        public static final String NAME = "PROXIED";

        public ProxiedListener {
            if (port < 1 || port > 65535 || advertisedPort < 1 || advertisedPort > 65535 || port == advertisedPort) {
                throw new IllegalArgumentException("the proxied listener needs two different TCP ports, got " + port
                        + " and " + advertisedPort);
            }
        }
    }

    /**
     * A copy whose broker has the extra {@link ProxiedListener} ({@code null}: none), for the fault suite's test 18.
     */
    public StackOptions withProxiedListener(ProxiedListener listener) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo, demoFeeds, services, startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out, brokers, extraBrokerPorts, instances,
                instancePorts, listener);
    }

    /** One KRaft node (broker and controller in one process): its id, component name and ports. */
    public record Broker(int nodeId, String name, int port, int controllerPort) {
    }

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
     * A copy with {@code count} brokers (1 to 3). Broker n (n = 2, 3) listens on
     * {@code WATCHFLOOR_KAFKA_PORT_<n>} and {@code WATCHFLOOR_KAFKA_CONTROLLER_PORT_<n>}, by default the first
     * broker's ports + 2 (n - 1): 9094/9095 and 9096/9097. Without {@code WATCHFLOOR_KAFKA_JAVA_OPTS} each broker of
     * a cluster gets {@code -Xms128m -Xmx384m}.
     */
    public StackOptions withBrokers(int count, Map<String, String> env) {
        List<Integer> ports = new java.util.ArrayList<>();
        for (int n = 2; n <= count; n++) {
            ports.add(port(env, "WATCHFLOOR_KAFKA_PORT_" + n, kafkaPort + 2 * (n - 1)));
            ports.add(port(env, "WATCHFLOOR_KAFKA_CONTROLLER_PORT_" + n, kafkaPort + 2 * (n - 1) + 1));
        }
        List<String> jvm = count > 1 && !env.containsKey("WATCHFLOOR_KAFKA_JAVA_OPTS")
                ? List.of("-Xms128m", "-Xmx384m") : kafkaJvmOptions;
        return withBrokers(count, ports.stream().mapToInt(Integer::intValue).toArray()).withKafkaJvmOptions(jvm);
    }

    /** A copy with {@code count} brokers; {@code extraPorts}: client and controller port of brokers 2..count. */
    public StackOptions withBrokers(int count, int... extraPorts) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo, demoFeeds, services, startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out, count,
                java.util.Arrays.stream(extraPorts).boxed().toList(), instances, instancePorts, proxiedListener);
    }

    /** A copy whose brokers run with these JVM options. */
    public StackOptions withKafkaJvmOptions(List<String> jvmOptions) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo, demoFeeds, services, startTimeout,
                serviceJvmOptions, jvmOptions, postgresFsync, out, brokers, extraBrokerPorts, instances,
                instancePorts, proxiedListener);
    }

    /**
     * A copy that runs {@code counts} instances of each named service ({@code ingest-service -> 2}; 1 = just
     * the usual one); the extra instances take their HTTP ports from {@code ports} in order: ingest, enrich,
     * store, alert.
     */
    public StackOptions withInstances(Map<String, Integer> counts, List<Integer> ports) {
        Map<String, Integer> normalized = new java.util.LinkedHashMap<>();
        counts.forEach((service, n) -> {
            String module = moduleName(service);
            if (n < 1 || n > 9) {
                throw new IllegalArgumentException("--instances " + service + "=" + n + ": 1 to 9 instances");
            }
            normalized.put(module, n);
        });
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo, demoFeeds, services, startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out, brokers, extraBrokerPorts, normalized,
                ports, proxiedListener);
    }

    /**
     * Parses {@code enrich=2,store=2} (also {@code enrich-service=2}); the extra instances' ports start at
     * {@code WATCHFLOOR_INSTANCE_PORT_BASE} (8180) and count up.
     */
    public StackOptions withInstances(String spec, Map<String, String> env) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.trim().split("=", 2);
            try {
                counts.put(kv[0].trim(), kv.length == 1 ? 2 : Integer.parseInt(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--instances takes service=count pairs, e.g. enrich=2,store=2; "
                        + "got '" + part + "'");
            }
        }
        int base = port(env, "WATCHFLOOR_INSTANCE_PORT_BASE", DEFAULT_INSTANCE_PORT_BASE);
        int extra = counts.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
        List<Integer> ports = new java.util.ArrayList<>();
        for (int i = 0; i < extra; i++) {
            ports.add(base + i);
        }
        return withInstances(counts, ports);
    }

    /** {@code enrich}, {@code enrich-service} -> {@code enrich-service}; anything else is refused. */
    static String moduleName(String service) {
        String module = service.trim().endsWith("-service") ? service.trim() : service.trim() + "-service";
        if (!List.of("ingest-service", "enrich-service", "store-service", "alert-service").contains(module)) {
            throw new IllegalArgumentException("unknown service '" + service + "' in --instances; one of ingest, "
                    + "enrich, store, alert");
        }
        return module;
    }

    /** Every broker, the first one ({@code kafka}, on kafkaPort) first; then {@code kafka-2}, {@code kafka-3}. */
    public List<Broker> brokerList() {
        List<Broker> list = new java.util.ArrayList<>();
        list.add(new Broker(1, "kafka", kafkaPort, kafkaControllerPort));
        for (int n = 2; n <= brokers; n++) {
            list.add(new Broker(n, "kafka-" + n, extraBrokerPorts.get(2 * (n - 2)),
                    extraBrokerPorts.get(2 * (n - 2) + 1)));
        }
        return list;
    }

    /** Replication factor of every topic: one per broker, at most 3. */
    public int replicationFactor() {
        return Math.min(brokers, 3);
    }

    /** min.insync.replicas of every topic: 2 on a cluster (an acks=all write is on two brokers), else 1. */
    public int minInsyncReplicas() {
        return replicationFactor() > 1 ? 2 : 1;
    }

    /** Extra instances to start: name ({@code store-service-2}) to HTTP port, in start order. */
    public Map<String, Integer> extraInstances() {
        Map<String, Integer> extra = new java.util.LinkedHashMap<>();
        int next = 0;
        for (String module : List.of("ingest-service", "enrich-service", "store-service", "alert-service")) {
            for (int i = 2; i <= instances.getOrDefault(module, 1); i++) {
                extra.put(module + "-" + i, instancePorts.get(next++));
            }
        }
        return extra;
    }

    /**
     * JVM options of the services in a test stack. A member killed with {@code kill -9} never leaves its group: its
     * partitions move only when its session times out (45 s by default), so the tests that kill a service would spend
     * most of their time waiting for that. 10 s keeps that wait short and still far above a GC pause on a loaded
     * 2-core machine ({@code kafka.*} reaches the Micronaut consumers; Streams needs its {@code consumer.} prefix).
     */
    static final List<String> TEST_SERVICE_JVM_OPTIONS = List.of("-Xms32m", "-Xmx384m",
            "-Dkafka.session.timeout.ms=10000", "-Dkafka.streams.default.consumer.session.timeout.ms=10000");

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
                Duration.ofSeconds(300), TEST_SERVICE_JVM_OPTIONS, List.of("-Xms128m", "-Xmx512m"), false, out, 1,
                List.of(), Map.of(), List.of());
    }

    /** A copy that does (or does not) register the two bundled demo feeds with ingest's {@code POST /sources}. */
    public StackOptions withDemoFeeds(boolean enabled) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo, enabled && services, services, startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out, brokers, extraBrokerPorts, instances,
                instancePorts, proxiedListener);
    }

    /**
     * A copy with or without the three service JVMs. Without them only Kafka, the topics, PostgreSQL and the
     * registry run (for running services from an IDE or in a test JVM); the demo needs the services.
     */
    public StackOptions withServices(boolean enabled) {
        return new StackOptions(repoRoot, home, kafkaPort, kafkaControllerPort, registryPort, ingestPort, storePort,
                enrichPort, alertPort, postgresPort, demoFeedPort, demo && enabled, demoFeeds && enabled, enabled,
                startTimeout,
                serviceJvmOptions, kafkaJvmOptions, postgresFsync, out, brokers, extraBrokerPorts, instances,
                instancePorts, proxiedListener);
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    public Path runDir() {
        return home.resolve("run");
    }

    /**
     * The first broker's folder: {@code kafka/} for one broker; a cluster keeps its own data apart, under
     * {@code kafka-cluster/kafka-1/} (a one-voter and a three-voter quorum cannot share storage).
     */
    public Path kafkaDir() {
        return brokerDir(1);
    }

    /** Config, cluster id and data of broker {@code nodeId}. */
    public Path brokerDir(int nodeId) {
        return brokers == 1 ? home.resolve("kafka") : home.resolve("kafka-cluster").resolve("kafka-" + nodeId);
    }

    /** Where a cluster keeps the id all its brokers are formatted with. */
    public Path clusterIdFile() {
        return brokers == 1 ? home.resolve("kafka").resolve("cluster.id")
                : home.resolve("kafka-cluster").resolve("cluster.id");
    }

    public Path postgresDir() {
        return home.resolve("pg");
    }

    /** Every broker's client listener, comma-separated ({@code 127.0.0.1:9092,127.0.0.1:9094,...}). */
    public String kafkaBootstrap() {
        StringBuilder servers = new StringBuilder("127.0.0.1:" + kafkaPort);
        for (int i = 0; i < extraBrokerPorts.size(); i += 2) {
            servers.append(",127.0.0.1:").append(extraBrokerPorts.get(i));
        }
        return servers.toString();
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
