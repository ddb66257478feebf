package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.Topics;
import io.watchfloor.stack.LocalStack;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code ./watchfloor up --brokers 3 --instances store=2} as the fault suite starts it ({@link
 * FaultSuite#startCluster}) on free ports: three KRaft broker processes (a 3-voter quorum), every topic of
 * {@link Topics#ALL}, the offsets and transaction topics and the Streams apps' changelogs with 3 replicas and
 * min.insync.replicas=2, the services given all three bootstrap servers, a second store-service instance. Then the
 * suite's test 25 at reduced scale: the broker leading most raw partitions killed (-9) mid-ingest, the ISR probe
 * (no 2xx without acks from min.insync.replicas), the conservation audit. Test 26 (a rolling restart of the three
 * brokers under load) follows with {@code -Dwatchfloor.cluster.rolling=true} (longer; not in CI).
 */
class ClusterFaultsIT {

    private static final int SCALE = 1000;

    @Test
    void theClusterReplicatesEverythingAndLosesNothingWhenTheRawLeaderIsKilled() throws Exception {
        Path repo = SuiteAssertions.repoRoot();
        Path home = Files.createTempDirectory("watchfloor-cluster-it-");
        boolean rolling = Boolean.getBoolean("watchfloor.cluster.rolling");
        Set<Integer> tests = rolling ? new TreeSet<>(Set.of(25, 26)) : new TreeSet<>(Set.of(25));
        SuiteConfig config = SuiteConfig.parse(List.of("--scale", Integer.toString(SCALE), "--only",
                tests.stream().map(String::valueOf).collect(Collectors.joining(","))), System.out);
        assertTrue(config.cluster());
        List<TestResult> results;
        try (LocalStack stack = FaultSuite.startCluster(repo, home, System.out)) {
            assertReplicatedThreeTimes(stack);
            results = FaultSuite.run(stack, config);
            ResultTable.print(results, System.out);
        } finally {
            FaultSuite.deleteTree(home);
        }

        assertEquals(List.copyOf(tests), results.stream().map(TestResult::number).toList());
        List<Executable> checks = new ArrayList<>();
        for (TestResult r : results) {
            String test = "test " + r.number() + " " + r.name() + ": ";
            checks.add(() -> assertNotNull(r.audit(), test + "did not reach its audit: " + r.checks()));
            if (r.audit() == null) {
                continue;
            }
            ConservationAudit.Result a = r.audit();
            // test 25's ISR probe report is accepted once min.insync.replicas is 2 again and joins the audit
            checks.add(() -> assertEquals(SCALE + (r.number() == 25 ? 1 : 0), a.accepted(),
                    test + "every posted report got a 2xx: " + a.summary()));
            checks.add(() -> assertEquals(0, a.deadLettered(), test + a.summary()));
            SuiteAssertions.addAuditAndChecks(checks, r, r.number() == 25 ? 1 : 3);
            Set<String> names = r.checks().stream().map(TestResult.Check::name).collect(Collectors.toSet());
            checks.add(() -> assertTrue(names.containsAll(r.number() == 25
                    ? Set.of("a new leader for every raw partition, ISR full again after the restart",
                            "no 2xx without acks from min.insync.replicas", "no process died on its own")
                    : Set.of("every broker restarted, raw ISR full again each time", "no process died on its own")),
                    test + names));
        }
        assertAll(checks);
    }

    /** What {@code --brokers 3} promises, read from the real brokers. */
    private static void assertReplicatedThreeTimes(LocalStack stack) throws Exception {
        assertEquals(List.of("kafka", "kafka-2", "kafka-3"), stack.componentNames().subList(0, 3));
        assertEquals(3, stack.kafkaBootstrapServers().split(",").length, stack.kafkaBootstrapServers());
        try (Admin admin = new PipelineProbe(stack.kafkaBootstrapServers(), stack.jdbcUrl()).admin()) {
            assertEquals(Set.of(1, 2, 3), admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id).collect(Collectors.toSet()));
            assertEquals(3, admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters().size(),
                    "a 3-voter controller quorum");
            // the enrich and alert Streams apps have written transactionally and committed offsets by now
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(30, TimeUnit.SECONDS);
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
        HttpResponse<String> second = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.instanceUrl("store-service-2") + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, second.statusCode(), second.body());
        assertTrue(second.body().contains("\"UP\""), second.body());
        // ./watchfloor status, trace, dlq (other JVMs) find every broker and the extra instance through this file
        Properties topology = new Properties();
        try (Reader in = Files.newBufferedReader(stack.options().runDir().resolve("stack.topology"))) {
            topology.load(in);
        }
        assertEquals("3", topology.getProperty("brokers"), topology.toString());
        for (var broker : stack.options().brokerList()) {
            assertEquals(broker.port() + ":" + broker.controllerPort(),
                    topology.getProperty("broker." + broker.nodeId()), topology.toString());
        }
        String url = stack.instanceUrl("store-service-2");
        assertEquals(url.substring(url.lastIndexOf(':') + 1), topology.getProperty("instance.store-service-2"),
                topology.toString());
    }
}
