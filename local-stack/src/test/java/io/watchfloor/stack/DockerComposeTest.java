package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.watchfloor.schemas.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker), so this checks it against the code: service names, ports
 * and environment names agree with each service's application.yml, and every topic is created.
 */
class DockerComposeTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Set<String> SHARED_ENV = Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL");
    private static final Set<String> DB_ENV = Set.of("DB_URL", "DB_USER", "DB_PASSWORD");
    private static final String SHARED_LOGBACK = "io/watchfloor/logging/logback-appenders.xml";

    private static Path repo;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        repo = StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        Map<String, Object> compose = new Yaml().load(Files.readString(repo.resolve("docker-compose.yml")));
        services = (Map<String, Object>) compose.get("services");
        assertNotNull(services, "docker-compose.yml has no services section");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "enrich-service", "store-service", "alert-service"})
    void serviceShouldPublishThePortAndEnvironmentItsApplicationYmlUses(String name) throws IOException {
        Map<String, Object> service = service(name);
        Path yml = repo.resolve(name).resolve("src/main/resources/application.yml");
        assertTrue(Files.exists(yml), yml + " is missing");
        String config = Files.readString(yml, StandardCharsets.UTF_8);
        Map<String, Object> parsed = new Yaml().load(config);

        int port = serverPort(parsed, name);
        assertTrue(ports(service).contains("127.0.0.1:" + port + ":" + port),
                name + " must publish 127.0.0.1:" + port + ":" + port + " (its micronaut.server.port, on the host's"
                        + " loopback only), has " + ports(service));
        // secure default: the service listens on loopback unless told otherwise; in its container it must not
        assertTrue(config.contains("host: ${WATCHFLOOR_BIND_HOST:127.0.0.1}"), name + " must bind 127.0.0.1 by default");
        assertEquals("0.0.0.0", environment(service).get("WATCHFLOOR_BIND_HOST"),
                name + " in docker-compose.yml must listen on all of its container's interfaces");

        Set<String> used = placeholders(config);
        used.addAll(loggingVariables(name));
        Map<String, String> env = environment(service);
        Set<String> required = new LinkedHashSet<>(SHARED_ENV);
        if (name.equals("store-service")) {
            required.addAll(DB_ENV);
        }
        for (String variable : required) {
            assertTrue(used.contains(variable), name + "'s application.yml does not read ${" + variable + "}");
            assertTrue(env.containsKey(variable), name + " in docker-compose.yml does not set " + variable);
        }
        for (String variable : env.keySet()) {
            assertTrue(used.contains(variable) || variable.startsWith("MICRONAUT_") || variable.equals("JAVA_OPTS"),
                    name + " sets " + variable + " in docker-compose.yml but application.yml never reads it "
                            + "(reads " + used + ")");
        }
        assertEquals("kafka:29092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("http://schema-registry:8081", env.get("SCHEMA_REGISTRY_URL"));
        assertEquals("${WATCHFLOOR_LOG_FORMAT:-plain}", env.get("WATCHFLOOR_LOG_FORMAT"),
                name + " in docker-compose.yml must pass the host's WATCHFLOOR_LOG_FORMAT on, plain by default");
        assertTrue(dependsOn(service).contains("kafka-init"), name + " must wait for the topic creator");
    }

    @Test
    void infrastructurePortsShouldMatchTheServicesDefaults() throws IOException {
        String store = Files.readString(repo.resolve("store-service/src/main/resources/application.yml"));
        assertEquals("9092", defaultPort(store, "KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("8081", defaultPort(store, "SCHEMA_REGISTRY_URL"));
        assertEquals("5433", defaultPort(store, "DB_URL"));
        assertTrue(ports(service("kafka")).contains("127.0.0.1:9092:9092"));
        assertTrue(ports(service("schema-registry")).contains("127.0.0.1:8081:8081"));
        assertTrue(ports(service("postgres")).contains("127.0.0.1:5433:5432"), "published on the host loopback only");

        Map<String, String> pg = environment(service("postgres"));
        assertEquals("watchfloor", pg.get("POSTGRES_DB"));
        assertEquals("watchfloor", pg.get("POSTGRES_USER"));
        URI dbUrl = URI.create(environment(service("store-service")).get("DB_URL").substring("jdbc:".length()));
        assertEquals("postgres", dbUrl.getHost());
        assertEquals(5432, dbUrl.getPort());
        assertEquals("/watchfloor", dbUrl.getPath());

        assertEquals("PLAINTEXT://kafka:29092",
                environment(service("schema-registry")).get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"));
        assertEquals("http://schema-registry:8081",
                environment(service("kafka-ui")).get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY"));
        assertEquals("false", environment(service("kafka")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
    }

    @Test
    void storeServiceShouldReachIngestAndAlertServiceForTheAnalystView() {
        Map<String, String> store = environment(service("store-service"));
        assertEquals("http://ingest-service:8080", store.get("INGEST_URL"));
        assertEquals("http://alert-service:8085", store.get("ALERTS_URL"));
        // published on the host's loopback only (the same check as serviceShouldPublishThePort...)
        assertTrue(ports(service("ingest-service")).contains("127.0.0.1:8080:8080"),
                "ingest-service must publish 127.0.0.1:8080:8080, has " + ports(service("ingest-service")));
        assertTrue(ports(service("alert-service")).contains("127.0.0.1:8085:8085"),
                "alert-service must publish 127.0.0.1:8085:8085, has " + ports(service("alert-service")));
        assertTrue(store.containsKey("WATCHFLOOR_ALERTS_API_KEY"), "the alerts pages' writes need alert-service's key");
    }

    @Test
    void topicCreatorShouldCreateEveryTopicWithItsPartitionsAndPolicy() {
        Object command = service("kafka-init").get("command");
        String script = command instanceof List<?> list ? String.join("\n", list.stream().map(String::valueOf)
                .toList()) : String.valueOf(command);
        List<String> creates = script.lines().filter(l -> l.contains("kafka-topics.sh")).toList();
        assertEquals(Topics.ALL.size(), creates.size(), "one kafka-topics.sh --create per topic in Topics.ALL");
        for (Topics.TopicSpec spec : Topics.ALL) {
            String line = creates.stream().filter(l -> l.contains("--topic " + spec.name() + " ")).findFirst()
                    .orElseGet(() -> fail("kafka-init does not create " + spec.name()));
            assertTrue(line.contains("--create") && line.contains("--if-not-exists"), line);
            assertTrue(line.contains("--partitions " + spec.partitions() + " "), spec.name() + " partitions: " + line);
            assertEquals(spec.compacted(), line.contains("cleanup.policy=compact"), spec.name() + " policy: " + line);
        }
    }

    @Test
    void everyImageShouldBePinnedAndEveryLongRunningServiceHealthChecked() {
        for (var entry : services.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            Object image = service.get("image");
            if (image != null) {
                String tag = image.toString().substring(image.toString().lastIndexOf(':') + 1);
                assertFalse(!image.toString().contains(":") || tag.equals("latest") || tag.matches("\\d+"),
                        entry.getKey() + " image must carry a pinned version tag: " + image);
            }
            if (!entry.getKey().endsWith("kafka-init") && !entry.getKey().equals("kafka-ui")) {
                assertNotNull(service.get("healthcheck"), entry.getKey() + " needs a healthcheck");
            }
        }
    }

    // ---- profile "cluster": three brokers, RF 3 / min ISR 2, scalable services ----

    private static final List<String> CLUSTER_BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final String CLUSTER_BOOTSTRAP = "kafka-1:29092,kafka-2:29092,kafka-3:29092";

    @Test
    void defaultProfileShouldStayOneBrokerAndClusterPartsOnlyStartWithTheClusterProfile() {
        for (String name : List.of("kafka", "kafka-init", "schema-registry", "postgres", "ingest-service",
                "enrich-service", "store-service", "alert-service", "kafka-ui")) {
            assertFalse(service(name).containsKey("profiles"), name + " must start without a profile");
        }
        assertEquals("1@kafka:9093", environment(service("kafka")).get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        for (String name : services.keySet()) {
            if (CLUSTER_BROKERS.contains(name) || name.startsWith("cluster-")) {
                assertEquals(List.of("cluster"), service(name).get("profiles"), name + " belongs to the cluster profile");
            }
        }
    }

    @Test
    void clusterBrokersShouldFormAThreeVoterQuorumWithReplicationThreeAndMinIsrTwo() {
        Set<String> nodeIds = new LinkedHashSet<>();
        Set<String> hostPorts = new LinkedHashSet<>();
        String clusterId = null;
        for (String name : CLUSTER_BROKERS) {
            Map<String, String> env = environment(service(name));
            assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"), name);
            assertEquals("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093", env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"),
                    name);
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            assertEquals(name, "kafka-" + env.get("KAFKA_NODE_ID"), "node id and host name agree");
            assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").contains("INTERNAL://" + name + ":29092"), name);
            if (clusterId != null) {
                assertEquals(clusterId, env.get("CLUSTER_ID"), "every node is formatted with the same cluster id");
            }
            clusterId = env.get("CLUSTER_ID");
            for (String variable : List.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")) {
                assertEquals("3", env.get(variable), name + " " + variable);
            }
            for (String variable : List.of("KAFKA_MIN_INSYNC_REPLICAS", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
                assertEquals("2", env.get(variable), name + " " + variable);
            }
            assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), name);
            assertEquals("false", env.get("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"), name);
            assertNotNull(service(name).get("healthcheck"), name);
            String volume = String.valueOf(((List<?>) service(name).get("volumes")).get(0));
            assertTrue(volume.startsWith(name + "-data:"), name + " keeps its own data volume: " + volume);
            hostPorts.addAll(ports(service(name)));
        }
        assertEquals(Set.of("1", "2", "3"), nodeIds);
        assertEquals(3, hostPorts.size(), "each broker publishes its own host port: " + hostPorts);
        // a default the user may override, a base64 UUID (16 bytes) as KRaft's storage format wants
        assertTrue(clusterId.matches("\\$\\{WATCHFLOOR_KAFKA_CLUSTER_ID:-[A-Za-z0-9_-]{22}}"), clusterId);
    }

    @Test
    void clusterTopicCreatorShouldCreateEveryTopicReplicatedThreeTimesWithMinIsrTwo() {
        Map<String, Object> init = service("cluster-kafka-init");
        assertEquals(new LinkedHashSet<>(CLUSTER_BROKERS), dependsOn(init));
        Object command = init.get("command");
        String script = command instanceof List<?> list ? String.join("\n", list.stream().map(String::valueOf)
                .toList()) : String.valueOf(command);
        List<String> creates = script.lines().filter(l -> l.contains("kafka-topics.sh")).toList();
        assertEquals(Topics.ALL.size(), creates.size(), "one kafka-topics.sh --create per topic in Topics.ALL");
        for (Topics.TopicSpec spec : Topics.ALL) {
            String line = creates.stream().filter(l -> l.contains("--topic " + spec.name() + " ")).findFirst()
                    .orElseGet(() -> fail("cluster-kafka-init does not create " + spec.name()));
            assertTrue(line.contains("--bootstrap-server " + CLUSTER_BOOTSTRAP + " "), line);
            assertTrue(line.contains("--partitions " + spec.partitions() + " "), line);
            assertTrue(line.contains("--replication-factor 3 "), line);
            assertTrue(line.contains("--config min.insync.replicas=2"), line);
            assertEquals(spec.compacted(), line.contains("cleanup.policy=compact"), line);
        }
        Map<String, String> registry = environment(service("cluster-registry"));
        for (String broker : CLUSTER_BROKERS) {
            assertTrue(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").contains(broker + ":29092"));
        }
        assertEquals("3", registry.get("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "enrich-service", "store-service", "alert-service"})
    void clusterServiceShouldScaleAndReachEveryBroker(String name) {
        String clusterName = "cluster-" + name.replace("-service", "");
        Map<String, Object> single = service(name);
        Map<String, Object> cluster = service(clusterName);
        assertEquals(single.get("image"), cluster.get("image"), "the same image as the default " + name);
        assertEquals(single.get("healthcheck"), cluster.get("healthcheck"), clusterName);
        Map<String, String> env = environment(cluster);
        assertEquals(CLUSTER_BOOTSTRAP, env.get("KAFKA_BOOTSTRAP_SERVERS"), clusterName + " is given every broker");
        assertEquals("http://cluster-registry:8081", env.get("SCHEMA_REGISTRY_URL"), clusterName);
        // the same settings and secrets as the default definition (merged from it), plus the cluster's own
        assertTrue(env.keySet().containsAll(environment(single).keySet()),
                clusterName + " lacks " + environment(single).keySet() + " minus " + env.keySet());
        env.values().forEach(v -> assertFalse(v.matches(".*\\b(kafka|schema-registry|ingest-service|store-service"
                + "|alert-service):\\d+.*"), clusterName + " points at a default-profile service: " + v));
        // scalable: no fixed host port (a range gives each replica its own), no state volume shared by replicas
        for (String port : ports(cluster)) {
            Matcher range = Pattern.compile("127\\.0\\.0\\.1:(\\d+)-(\\d+):(\\d+)").matcher(port);
            assertTrue(range.matches(), clusterName + " must publish a host port range on loopback, has " + port);
            assertTrue(Integer.parseInt(range.group(2)) - Integer.parseInt(range.group(1)) >= 4, port);
        }
        Object volumes = cluster.get("volumes");
        assertTrue(volumes == null || ((List<?>) volumes).isEmpty(), clusterName + " shares no volume: " + volumes);
        assertTrue(dependsOn(cluster).containsAll(Set.of("cluster-kafka-init", "cluster-registry")), clusterName);
        assertFalse(dependsOn(cluster).contains("kafka-init"), clusterName);
        if (name.equals("enrich-service") || name.equals("alert-service")) {
            assertEquals("3", env.get("WATCHFLOOR_STREAMS_REPLICATION_FACTOR"),
                    clusterName + ": Streams' changelogs and repartition topics are replicated too");
        }
    }

    @Test
    void clusterPortRangesShouldNotOverlapEachOtherOrTheDefaultPorts() {
        Set<Integer> taken = new java.util.HashSet<>();
        for (String name : services.keySet()) {
            for (String port : ports(service(name))) {
                String host = port.substring("127.0.0.1:".length(), port.lastIndexOf(':'));
                String[] bounds = host.split("-");
                for (int p = Integer.parseInt(bounds[0]); p <= Integer.parseInt(bounds[bounds.length - 1]); p++) {
                    assertTrue(taken.add(p), "host port " + p + " published twice (" + name + ")");
                }
            }
        }
    }

    @Test
    void streamsServicesShouldReadTheirInternalTopicsReplicationFactor() throws IOException {
        for (String name : List.of("enrich-service", "alert-service")) {
            String config = Files.readString(repo.resolve(name).resolve("src/main/resources/application.yml"));
            assertTrue(config.contains("replication.factor: ${WATCHFLOOR_STREAMS_REPLICATION_FACTOR:-1}"),
                    name + " must take Streams' replication.factor from WATCHFLOOR_STREAMS_REPLICATION_FACTOR "
                            + "(-1: the broker's default)");
        }
    }

    /**
     * The variables a service's logging reads: its logback.xml must include the shared appenders file
     * (schemas module), which reads WATCHFLOOR_LOG_FORMAT.
     */
    private static Set<String> loggingVariables(String name) throws IOException {
        Path logback = repo.resolve(name).resolve("src/main/resources/logback.xml");
        assertTrue(Files.exists(logback), logback + " is missing");
        assertTrue(Files.readString(logback, StandardCharsets.UTF_8)
                        .contains("<include resource=\"" + SHARED_LOGBACK + "\"/>"),
                name + "'s logback.xml must include " + SHARED_LOGBACK + " (the shared plain/json switch)");
        Set<String> variables = placeholders(Files.readString(
                repo.resolve("schemas/src/main/resources").resolve(SHARED_LOGBACK), StandardCharsets.UTF_8));
        assertTrue(variables.contains("WATCHFLOOR_LOG_FORMAT"), "the shared logback file reads " + variables);
        return variables;
    }

    /** A secret's variable name: passwords, API/read keys, tokens. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY|_KEYS)$");
    /** {@code ${NAME:?message}}: compose refuses to start without NAME and prints the message. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?([^}]+)}");
    /** {@code ${NAME:-}}: an optional secret, empty (off) unless the user sets it. */
    private static final Pattern OPTIONAL_EMPTY = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):?-}");

    @Test
    void secretsShouldComeFromTheUsersEnvFileNeverFromLiterals() throws IOException {
        Set<String> required = new LinkedHashSet<>();
        for (String name : services.keySet()) {
            environment(service(name)).forEach((variable, value) -> {
                if (!SECRET_NAME.matcher(variable).matches()) {
                    return;
                }
                Matcher req = REQUIRED.matcher(value);
                if (req.matches()) {
                    required.add(req.group(1));
                    assertTrue(req.group(2).contains(".env.example"),
                            name + "." + variable + ": the message must point at .env.example, is " + req.group(2));
                } else {
                    assertFalse(variable.contains("PASSWORD"), name + "." + variable
                            + " must be a required variable ${NAME:?set NAME in .env, see .env.example}, is " + value);
                    assertTrue(OPTIONAL_EMPTY.matcher(value).matches(), name + "." + variable
                            + " must be ${NAME:?...} (required) or ${NAME:-} (optional, empty), never a literal: "
                            + value);
                }
            });
        }
        assertTrue(required.containsAll(Set.of("POSTGRES_PASSWORD", "WATCHFLOOR_API_KEYS",
                "WATCHFLOOR_ALERTS_API_KEY", "GRAFANA_ADMIN_PASSWORD")), "required secrets: " + required);
        assertTrue(environment(service("postgres")).get("POSTGRES_PASSWORD").startsWith("${POSTGRES_PASSWORD:?"));
        assertEquals(environment(service("postgres")).get("POSTGRES_PASSWORD"),
                environment(service("store-service")).get("DB_PASSWORD"), "store-service uses PostgreSQL's password");

        // no literal password anywhere in the file, in any form (KEY: value or KEY=value)
        String text = Files.readString(repo.resolve("docker-compose.yml"));
        Matcher literal = Pattern.compile("(?m)^\\s*-?\\s*\"?[A-Z_]*PASSWORD[A-Z_]*\\s*[:=]\\s*(?!\\$\\{)\\S+")
                .matcher(text);
        if (literal.find()) {
            fail("a literal password in docker-compose.yml: " + literal.group().strip());
        }
        assertFalse(text.contains("POSTGRES_PASSWORD: watchfloor"));

        // every required variable is in .env.example with a placeholder, and .env itself is never committed
        String example = Files.readString(repo.resolve(".env.example"));
        for (String variable : required) {
            Matcher line = Pattern.compile("(?m)^" + variable + "=(.+)$").matcher(example);
            assertTrue(line.find(), ".env.example must list " + variable);
            assertTrue(line.group(1).startsWith("replace-with-"), variable + " in .env.example must be a placeholder");
        }
        List<String> ignored = Files.readAllLines(repo.resolve(".gitignore"));
        assertTrue(ignored.contains(".env"), ".gitignore must list .env, has " + ignored);
    }

    @Test
    void everyPublishedPortShouldBeBoundToTheHostsLoopback() {
        int published = 0;
        for (String name : services.keySet()) {
            for (String port : ports(service(name))) {
                published++;
                assertTrue(port.startsWith("127.0.0.1:"), name + " publishes " + port
                        + " on every host interface; write it as 127.0.0.1:" + port);
            }
        }
        assertTrue(published >= 9, "ports found: " + published);
        assertTrue(ports(service("kafka-ui")).contains("127.0.0.1:8090:8080"));
        assertTrue(ports(service("postgres")).contains("127.0.0.1:5433:5432"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Object service = services.get(name);
        assertNotNull(service, "docker-compose.yml has no service '" + name + "' (has " + services.keySet() + ")");
        return (Map<String, Object>) service;
    }

    private static List<String> ports(Map<String, Object> service) {
        List<String> ports = new ArrayList<>();
        if (service.get("ports") instanceof List<?> list) {
            list.forEach(p -> ports.add(String.valueOf(p)));
        }
        return ports;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw instanceof List<?> list) {
            list.forEach(item -> {
                String[] kv = String.valueOf(item).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        }
        return env;
    }

    private static Set<String> dependsOn(Map<String, Object> service) {
        Object raw = service.get("depends_on");
        if (raw instanceof Map<?, ?> map) {
            Set<String> names = new LinkedHashSet<>();
            map.keySet().forEach(k -> names.add(String.valueOf(k)));
            return names;
        }
        if (raw instanceof List<?> list) {
            Set<String> names = new LinkedHashSet<>();
            list.forEach(k -> names.add(String.valueOf(k)));
            return names;
        }
        return Set.of();
    }

    @SuppressWarnings("unchecked")
    private static int serverPort(Map<String, Object> config, String name) {
        Object value = null;
        if (config.get("micronaut") instanceof Map<?, ?> micronaut
                && micronaut.get("server") instanceof Map<?, ?> server) {
            value = server.get("port");
        }
        if (value == null) {
            value = config.get("micronaut.server.port");
        }
        assertNotNull(value, name + "'s application.yml must set micronaut.server.port");
        String text = String.valueOf(value);
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.matches()) {
            text = m.group(2);
        }
        return Integer.parseInt(text.trim());
    }

    private static Set<String> placeholders(String config) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(config);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String defaultPort(String config, String variable) {
        Matcher m = PLACEHOLDER.matcher(config);
        while (m.find()) {
            if (m.group(1).equals(variable) && m.group(2) != null) {
                Matcher port = Pattern.compile(":(\\d+)(/|$)").matcher(m.group(2).replace("`", ""));
                if (port.find()) {
                    return port.group(1);
                }
            }
        }
        return fail("no default port for ${" + variable + "} in application.yml");
    }
}
