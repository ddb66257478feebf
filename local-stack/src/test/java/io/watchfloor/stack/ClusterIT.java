package io.watchfloor.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.FreePorts;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./watchfloor up --brokers 3} on free ports: three KRaft broker processes (3-voter quorum), every topic
 * replicated 3 times with min.insync.replicas=2, the four services with all bootstrap servers and a second
 * store-service instance. Under a steady stream of POSTs the broker leading most of the raw topic's partitions is
 * killed with SIGKILL; while it is down a POST must be refused when the raw topic asks for more in-sync replicas than
 * there are (acks=all); then it is started again. Every report ingest answered 2xx must reach PostgreSQL and the
 * enriched topic, none twice. With {@code -Dwatchfloor.cluster.rolling=true} a rolling restart of all three brokers under
 * the same load follows (longer; not in CI).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String[] WORDS = {"convoy", "checkpoint", "militia", "ceasefire", "border", "drone",
        "village", "ministry", "hostage", "pipeline", "harbour", "refinery", "bridge", "garrison", "district",
        "negotiation", "embassy", "province", "airstrike", "market", "patrol", "river", "valley", "station"};

    @TempDir
    static Path home;
    static LocalStack stack;
    static StackOptions options;

    @BeforeAll
    static void startCluster() throws Exception {
        String repoOverride = System.getenv("WATCHFLOOR_REPO");
        Path repo = repoOverride != null ? Path.of(repoOverride)
                : StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        int[] ports = FreePorts.take(13);
        options = StackOptions.forTest(repo, home, java.util.Arrays.copyOf(ports, 8), System.out)
                .withBrokers(3, ports[8], ports[9], ports[10], ports[11])
                .withKafkaJvmOptions(List.of("-Xms128m", "-Xmx384m"))
                .withInstances(Map.of("store", 2), List.of(ports[12]));
        stack = LocalStack.start(options);
    }

    @AfterAll
    static void stopCluster() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldReplicateEveryTopicThreeTimesWithMinInsyncReplicasTwo() throws Exception {
        assertEquals(List.of("kafka", "kafka-2", "kafka-3"), stack.componentNames().subList(0, 3));
        assertEquals(3, stack.kafkaBootstrapServers().split(",").length, stack.kafkaBootstrapServers());
        try (Admin admin = admin()) {
            assertEquals(Set.of(1, 2, 3), admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id).collect(Collectors.toSet()));
            assertEquals(3, admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters().size(),
                    "a 3-voter controller quorum");
            // the enrich and alert Streams apps have written transactionally and committed offsets by now
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                    .listInternal(true)).names().get(30, TimeUnit.SECONDS);
            List<String> checked = new ArrayList<>(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
            checked.add("__consumer_offsets");
            checked.add("__transaction_state");
            names.stream().filter(n -> n.startsWith("enrich-service-") || n.startsWith("alert-service-"))
                    .forEach(checked::add);
            assertTrue(checked.stream().anyMatch(n -> n.endsWith("-changelog")), "Streams changelogs: " + names);
            Map<String, TopicDescription> topics = admin.describeTopics(checked).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(checked.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
            for (String topic : checked) {
                for (TopicPartitionInfo partition : topics.get(topic).partitions()) {
                    assertEquals(3, partition.replicas().size(), topic + " " + partition);
                }
                assertEquals("2", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value(), topic);
            }
            System.out.printf("cluster: %d topics (incl. offsets, transactions, %d Streams internal) with RF 3, "
                    + "min.insync.replicas 2%n", checked.size(), checked.size() - Topics.ALL.size() - 2);
        }
        Http.Response second = Http.get(stack.instanceUrl("store-service-2") + "/health", Duration.ofSeconds(10));
        assertEquals(200, second.status(), second.body());
        assertTrue(second.body().contains("\"UP\""), second.body());
        assertEquals(Map.of("store-service-2", "http://127.0.0.1:" + options.extraInstances().get("store-service-2")),
                stack.instanceUrls());
        // ./watchfloor status (another JVM) finds every broker and the extra instance through run/stack.topology
        StackOptions seen = StackTopology.apply(StackOptions.forTest(options.repoRoot(), home,
                new int[] {options.kafkaPort(), options.kafkaControllerPort(), 1, 2, 3, 4, 5, 6}, System.out));
        assertEquals(options.kafkaBootstrap(), seen.kafkaBootstrap());
        assertEquals(options.extraInstances(), seen.extraInstances());
    }

    @Test
    @Order(2)
    void shouldLoseAndDuplicateNothingWhenTheRawTopicsLeaderIsKilledMidIngest() throws Exception {
        try (Load load = new Load("kill")) {
            load.awaitAccepted(40);
            Map<Integer, Long> leaders = rawLeaders();
            int victim = leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            String name = brokerName(victim);
            int acceptedBefore = load.accepted();
            long killedAt = System.nanoTime();
            stack.stopComponent(name, true);
            assertFalse(stack.isRunning(name));
            // every raw partition gets a leader among the two live brokers
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    rawLeaders().keySet().stream().noneMatch(id -> id == victim || id < 0));
            double failover = (System.nanoTime() - killedAt) / 1e9;
            load.awaitAcceptedAfter(killedAt, 30);
            double firstAccepted = (load.firstAcceptedAfter(killedAt) - killedAt) / 1e9;
            // while the broker is down (ISR 2): no 2xx without the ISR's acks
            double gap = load.longestGapSeconds();
            load.pause();
            String probe = probeNoAckWithoutTheIsr();
            load.resume();
            long restartAt = System.nanoTime();
            stack.startComponent(name);
            double restart = (System.nanoTime() - restartAt) / 1e9;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> rawIsrFull());
            double isrBack = (System.nanoTime() - restartAt) / 1e9;
            load.awaitAcceptedAfter(System.nanoTime(), 20);
            load.stop();
            Result result = verify(load);
            System.out.printf("ClusterIT kill: broker %s (node %d) led %d of %d raw partitions; killed after %d "
                            + "accepted; new leaders for all raw partitions in %.1f s; first 2xx after the kill "
                            + "%.1f s later; longest gap between 2xx (until the probe) %.1f s; broker back in %.1f s, raw ISR full "
                            + "again %.1f s after restart; %s%nClusterIT ISR probe: %s%n", name, victim,
                    leaders.get(victim), leaders.values().stream().mapToLong(Long::longValue).sum(), acceptedBefore,
                    failover, firstAccepted, gap, restart, isrBack, result, probe);
            result.assertNothingLostOrDuplicated();
        }
    }

    @Test
    @Order(3)
    @EnabledIfSystemProperty(named = "watchfloor.cluster.rolling", matches = "true")
    void shouldLoseAndDuplicateNothingInARollingRestartOfAllBrokersUnderLoad() throws Exception {
        try (Load load = new Load("rolling")) {
            load.awaitAccepted(30);
            List<String> timings = new ArrayList<>();
            for (StackOptions.Broker broker : options.brokerList()) {
                long begin = System.nanoTime();
                stack.restartService(broker.name(), false);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> rawIsrFull());
                timings.add(String.format("%s %.1f s", broker.name(), (System.nanoTime() - begin) / 1e9));
                load.awaitAcceptedAfter(System.nanoTime(), 15);
            }
            load.stop();
            Result result = verify(load);
            System.out.printf("ClusterIT rolling restart: %s (stop, start, raw ISR full); longest gap between 2xx "
                    + "%.1f s; %s%n", String.join(", ", timings), load.longestGapSeconds(), result);
            result.assertNothingLostOrDuplicated();
        }
    }

    /**
     * acks=all: ingest's 2xx means every in-sync replica has the record, and there are at least min.insync.replicas
     * of them. With one broker down the raw topic's ISR is 2; asking for 3 must refuse the POST (an acks=1 producer
     * would be answered at once). Back at 2 the same cluster accepts again. Returns what was seen.
     */
    private static String probeNoAckWithoutTheIsr() throws Exception {
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !rawIsrFull());
            setRawMinIsr(admin, "3");
            Http.Response refused;
            long start = System.nanoTime();
            try {
                refused = Http.postJson(stack.ingestUrl() + "/reports", report("isr-probe", 0),
                        Duration.ofSeconds(90), stack.apiKey());
            } finally {
                setRawMinIsr(admin, "2");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(refused.status() >= 500, refused.status() + " " + refused.body());
            assertTrue(refused.body().contains("was not written"), refused.body());
            // after a refusal ingest answers 503 at once for a moment (its unavailable back-off), then accepts
            AtomicInteger attempt = new AtomicInteger();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Http.postJson(stack.ingestUrl() + "/reports", report("isr-probe", attempt.incrementAndGet()),
                            Duration.ofSeconds(60), stack.apiKey()).status() == 202);
            return String.format("with 2 of 3 replicas in sync and min.insync.replicas=3 ingest answered %d after "
                    + "%.1f s (%s); with min.insync.replicas=2 again it accepted", refused.status(), seconds,
                    refused.body().length() > 160 ? refused.body().substring(0, 160) + "..." : refused.body());
        }
    }

    // ---- the load and its verification ----

    /** What a load run ended with: counted in PostgreSQL and in the enriched topic. */
    record Result(int posted, int accepted, int refused, int lost, int stored, int duplicatedRows,
                  int duplicatedEnriched, int duplicatedRaw, double drainSeconds) {
        void assertNothingLostOrDuplicated() {
            assertEquals(0, lost, this.toString());
            assertEquals(0, duplicatedRows, this.toString());
            assertEquals(0, duplicatedEnriched, this.toString());
            assertTrue(accepted > 0, this.toString());
        }

        @Override
        public String toString() {
            return String.format("posted %d, 2xx %d, refused %d, lost %d, stored %d, duplicated rows %d, "
                            + "duplicated in enriched topic %d (raw %d), all stored %.1f s after the load stopped",
                    posted, accepted, refused, lost, stored, duplicatedRows, duplicatedEnriched, duplicatedRaw,
                    drainSeconds);
        }
    }

    private static Result verify(Load load) throws Exception {
        Set<String> accepted = load.acceptedIds();
        long start = System.nanoTime();
        AtomicInteger stored = new AtomicInteger();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                stored.set(countStored(accepted));
                return stored.get() == accepted.size();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported as lost below
        }
        double drain = (System.nanoTime() - start) / 1e9;
        int rows;
        int distinctTitles;
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "watchfloor", "watchfloor");
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*), count(DISTINCT title) FROM reports WHERE title LIKE ?")) {
            s.setString(1, load.run + " %");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                rows = rs.getInt(1);
                distinctTitles = rs.getInt(2);
            }
        }
        Map<String, Integer> enriched = countByKey(Topics.REPORTS_ENRICHED, accepted);
        Map<String, Integer> raw = countByKey(Topics.REPORTS_RAW, accepted);
        int missingEnriched = (int) accepted.stream().filter(id -> !enriched.containsKey(id)).count();
        return new Result(load.posted(), accepted.size(), load.refused(),
                Math.max(accepted.size() - stored.get(), missingEnriched), stored.get(), rows - distinctTitles,
                (int) enriched.values().stream().filter(n -> n > 1).count(),
                (int) raw.values().stream().filter(n -> n > 1).count(), drain);
    }

    private static int countStored(Collection<String> ids) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "watchfloor", "watchfloor");
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM reports WHERE id = ANY(?)")) {
            Array array = c.createArrayOf("text", ids.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Committed records per key (of the given ids) in a topic, read from the start to its end offsets. */
    private static Map<String, Integer> countByKey(String topic, Set<String> ids) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (ids.contains(r.key())) {
                        counts.merge(r.key(), 1, Integer::sum);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return counts;
    }

    /** POSTs reports at a steady rate from a small pool (a request blocked by a failover does not stop the rest). */
    private static final class Load implements AutoCloseable {
        final String run;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(8);
        private final Map<String, Long> accepted = new ConcurrentHashMap<>();
        private final List<Long> acceptTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger posted = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong sequence = new AtomicLong();
        private final long started = System.nanoTime();

        private volatile boolean paused;

        Load(String phase) {
            this.run = "cluster-it-" + phase + "-" + Long.toHexString(System.nanoTime());
            // 15 reports a second; at most 8 waiting on ingest at once
            ticker.scheduleAtFixedRate(() -> {
                if (!paused && inFlight.get() < 8) {
                    inFlight.incrementAndGet();
                    senders.execute(this::postOne);
                }
            }, 0, 66, TimeUnit.MILLISECONDS);
        }

        private void postOne() {
            long n = sequence.incrementAndGet();
            try {
                posted.incrementAndGet();
                Http.Response r = Http.postJson(stack.ingestUrl() + "/reports", report(run, n),
                        Duration.ofSeconds(60), stack.apiKey());
                if (r.status() >= 200 && r.status() < 300) {
                    JsonNode body = JSON.readTree(r.body());
                    long now = System.nanoTime();
                    accepted.put(body.path("id").asText(), now);
                    acceptTimes.add(now);
                } else {
                    refused.incrementAndGet();
                }
            } catch (Exception e) {
                refused.incrementAndGet();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        void awaitAccepted(int count) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> accepted.size() >= count);
        }

        void awaitAcceptedAfter(long nanoTime, int count) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                    accepted.values().stream().filter(t -> t > nanoTime).count() >= count);
        }

        long firstAcceptedAfter(long nanoTime) {
            return accepted.values().stream().filter(t -> t > nanoTime).min(Long::compare).orElseThrow();
        }

        double longestGapSeconds() {
            List<Long> times;
            synchronized (acceptTimes) {
                times = new ArrayList<>(acceptTimes);
            }
            java.util.Collections.sort(times);
            long gap = 0;
            for (int i = 1; i < times.size(); i++) {
                gap = Math.max(gap, times.get(i) - times.get(i - 1));
            }
            return gap / 1e9;
        }

        /** Stops posting and waits until no POST is in flight. */
        void pause() {
            paused = true;
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> inFlight.get() == 0);
        }

        void resume() {
            paused = false;
        }

        void stop() throws InterruptedException {
            ticker.shutdownNow();
            senders.shutdown();
            assertTrue(senders.awaitTermination(120, TimeUnit.SECONDS), "POSTs still running");
        }

        Set<String> acceptedIds() {
            return new HashSet<>(accepted.keySet());
        }

        int accepted() {
            return accepted.size();
        }

        int posted() {
            return posted.get();
        }

        int refused() {
            return refused.get();
        }

        @Override
        public void close() throws InterruptedException {
            ticker.shutdownNow();
            senders.shutdownNow();
            senders.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** A report of its own: title {@code <run> <n>}, and words drawn from n so no two are near-duplicates. */
    static String report(String run, long n) {
        Random random = new Random(n * 7919 + run.hashCode());
        StringBuilder text = new StringBuilder("Report ").append(n).append(" of ").append(run).append(':');
        for (int i = 0; i < 40; i++) {
            text.append(' ').append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1000));
        }
        return JSON.createObjectNode().put("title", run + " " + n).put("text", text.append('.').toString())
                .toString();
    }

    // ---- the cluster ----

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000));
    }

    /** Partitions of the raw topic led by each broker id (-1: no leader). */
    private static Map<Integer, Long> rawLeaders() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(Topics.REPORTS_RAW)).allTopicNames().get(20, TimeUnit.SECONDS)
                    .get(Topics.REPORTS_RAW).partitions().stream()
                    .collect(Collectors.groupingBy(p -> p.leader() == null || p.leader().isEmpty() ? -1
                            : p.leader().id(), Collectors.counting()));
        }
    }

    private static boolean rawIsrFull() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(Topics.REPORTS_RAW)).allTopicNames().get(20, TimeUnit.SECONDS)
                    .get(Topics.REPORTS_RAW).partitions().stream().allMatch(p -> p.isr().size() == 3);
        }
    }

    private static void setRawMinIsr(Admin admin, String value) throws Exception {
        ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPORTS_RAW);
        admin.incrementalAlterConfigs(Map.of(raw, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static String brokerName(int nodeId) {
        return options.brokerList().get(nodeId - 1).name();
    }
}
