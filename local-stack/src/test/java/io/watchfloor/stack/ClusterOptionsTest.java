package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./watchfloor up --brokers 3 --instances ...}: options, broker configs, topics, services' environment. */
class ClusterOptionsTest {
    private static final Map<String, String> ENV = Map.of("WATCHFLOOR_REPO", "/opt/wf");

    @Test
    void shouldStayOneBrokerWithoutInstancesByDefault() {
        StackOptions options = LocalStack.upOptions(List.of(), ENV);
        assertEquals(1, options.brokers());
        assertEquals("127.0.0.1:9092", options.kafkaBootstrap());
        assertEquals(List.of(new StackOptions.Broker(1, "kafka", 9092, 9093)), options.brokerList());
        assertEquals(1, options.replicationFactor());
        assertEquals(1, options.minInsyncReplicas());
        assertEquals(Map.of(), options.extraInstances());
        assertEquals(Path.of("/opt/wf/.watchfloor/kafka"), options.kafkaDir());
        assertEquals(List.of("-Xms256m", "-Xmx768m"), options.kafkaJvmOptions());
        String config = KafkaBrokerProcess.config(options, options.brokerList().get(0), Path.of("/d"));
        assertTrue(config.contains("controller.quorum.voters=1@127.0.0.1:9093\n"), config);
        assertTrue(config.contains("default.replication.factor=1\n"), config);
        assertTrue(config.contains("offsets.topic.replication.factor=1\n"), config);
        assertTrue(config.contains("min.insync.replicas=1\n"), config);
    }

    @Test
    void shouldStartThreeBrokersOnConsecutivePortsWithTheirOwnDataAndModestHeaps() {
        StackOptions options = LocalStack.upOptions(List.of("--brokers", "3", "--no-demo"), ENV);
        assertFalse(options.demo());
        assertEquals(3, options.brokers());
        assertEquals(List.of(new StackOptions.Broker(1, "kafka", 9092, 9093),
                new StackOptions.Broker(2, "kafka-2", 9094, 9095),
                new StackOptions.Broker(3, "kafka-3", 9096, 9097)), options.brokerList());
        assertEquals("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096", options.kafkaBootstrap());
        assertEquals(3, options.replicationFactor());
        assertEquals(2, options.minInsyncReplicas());
        assertEquals(List.of("-Xms128m", "-Xmx384m"), options.kafkaJvmOptions());
        assertEquals(Path.of("/opt/wf/.watchfloor/kafka-cluster/kafka-2"), options.brokerDir(2));
        assertEquals(Path.of("/opt/wf/.watchfloor/kafka-cluster/cluster.id"), options.clusterIdFile());

        StackOptions custom = LocalStack.upOptions(List.of("--brokers=3"), Map.of("WATCHFLOOR_REPO", "/opt/wf",
                "WATCHFLOOR_KAFKA_PORT", "19092", "WATCHFLOOR_KAFKA_PORT_3", "29092",
                "WATCHFLOOR_KAFKA_JAVA_OPTS", "-Xmx300m"));
        assertEquals("127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:29092", custom.kafkaBootstrap());
        assertEquals(19097, custom.brokerList().get(2).controllerPort());
        assertEquals(List.of("-Xmx300m"), custom.kafkaJvmOptions());
    }

    @Test
    void shouldConfigureEveryNodeAsAVoterWithReplicationThreeAndMinIsrTwo() {
        StackOptions options = LocalStack.upOptions(List.of("--brokers", "3"), ENV);
        StackOptions.Broker second = options.brokerList().get(1);
        String config = KafkaBrokerProcess.config(options, second, Path.of("/data/2"));
        for (String line : List.of("process.roles=broker,controller", "node.id=2",
                "controller.quorum.voters=1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097",
                "listeners=PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9095",
                "advertised.listeners=PLAINTEXT://127.0.0.1:9094", "log.dirs=/data/2",
                "default.replication.factor=3", "min.insync.replicas=2", "offsets.topic.replication.factor=3",
                "transaction.state.log.replication.factor=3", "transaction.state.log.min.isr=2",
                "unclean.leader.election.enable=false", "auto.create.topics.enable=false")) {
            assertTrue(config.lines().anyMatch(line::equals), line + " in\n" + config);
        }
    }

    @Test
    void shouldCreateTopicsWithTheClustersReplicationFactorAndMinIsr() {
        for (NewTopic topic : TopicProvisioner.requests(Topics.ALL, 3, 2)) {
            assertEquals((short) 3, topic.replicationFactor(), topic.name());
            assertEquals("2", topic.configs().get("min.insync.replicas"), topic.name());
        }
        for (NewTopic topic : TopicProvisioner.requests(Topics.ALL)) {
            assertEquals((short) 1, topic.replicationFactor(), topic.name());
            assertEquals("1", topic.configs().get("min.insync.replicas"), topic.name());
        }
    }

    @Test
    void shouldGiveEveryServiceAllBrokersAndTheStreamsAppsTheReplicationFactor(@TempDir Path home) {
        StackOptions options = StackOptions.forTest(Path.of("/opt/wf"), home, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                System.out).withBrokers(3, 11, 12, 13, 14);
        for (ServiceProcess.Service service : ServiceProcess.Service.values()) {
            Map<String, String> env = ServiceProcess.environment(options, service);
            assertEquals("127.0.0.1:1,127.0.0.1:11,127.0.0.1:13", env.get("KAFKA_BOOTSTRAP_SERVERS"), service.module);
            boolean streams = service == ServiceProcess.Service.ENRICH || service == ServiceProcess.Service.ALERT;
            assertEquals(streams ? "3" : null, env.get("WATCHFLOOR_STREAMS_REPLICATION_FACTOR"), service.module);
        }
        assertEquals("127.0.0.1:1,127.0.0.1:11,127.0.0.1:13",
                ServiceProcess.registryEnvironment(options).get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("1", ServiceProcess.environment(options.withBrokers(1), ServiceProcess.Service.ENRICH)
                .get("WATCHFLOOR_STREAMS_REPLICATION_FACTOR"));
    }

    @Test
    void shouldGiveExtraInstancesConsecutivePortsInServiceOrder() {
        StackOptions options = LocalStack.upOptions(List.of("--instances", "store=2,enrich-service=3,alert=1"), ENV);
        assertEquals(Map.of("enrich-service", 3, "store-service", 2, "alert-service", 1), options.instances());
        assertEquals(List.of("enrich-service-2", "enrich-service-3", "store-service-2"),
                List.copyOf(options.extraInstances().keySet()));
        assertEquals(List.of(8180, 8181, 8182), List.copyOf(options.extraInstances().values()));
        StackOptions based = LocalStack.upOptions(List.of("--instances=ingest=2"),
                Map.of("WATCHFLOOR_REPO", "/opt/wf", "WATCHFLOOR_INSTANCE_PORT_BASE", "28000"));
        assertEquals(Map.of("ingest-service-2", 28000), based.extraInstances());
    }

    @Test
    void shouldRefuseBadFlagsNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalStack.upOptions(List.of("--brokers", "2"),
                ENV)).getMessage().contains("1 or 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalStack.upOptions(List.of("--brokers"),
                ENV)).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalStack.upOptions(
                List.of("--instances", "search=2"), ENV)).getMessage().contains("unknown service 'search'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalStack.upOptions(
                List.of("--instances", "store=x"), ENV)).getMessage().contains("service=count"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalStack.upOptions(List.of("--turbo"), ENV))
                .getMessage().contains("unknown option --turbo"));
    }

    @Test
    void shouldReadTheTopologyOfTheLastUpForStatusAndTheOtherCommands(@TempDir Path home) {
        StackOptions options = StackOptions.forTest(Path.of("/opt/wf"), home, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                System.out).withBrokers(3, 11, 12, 13, 14)
                .withInstances(Map.of("enrich", 2, "store", 3), List.of(21, 22, 23));
        StackTopology.write(options, Map.of("enrich-service-2", "http://127.0.0.1:21",
                "store-service-2", "http://127.0.0.1:22", "store-service-3", "http://127.0.0.1:23"));
        StackOptions plain = StackOptions.forTest(Path.of("/opt/wf"), home, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                System.out);
        StackOptions seen = StackTopology.apply(plain);
        assertEquals(options.kafkaBootstrap(), seen.kafkaBootstrap());
        assertEquals(options.brokerList(), seen.brokerList());
        assertEquals(options.extraInstances(), seen.extraInstances());
    }

    @Test
    void shouldKeepTheEnvironmentsOptionsWithoutATopologyFile(@TempDir Path home) {
        StackOptions plain = StackOptions.forTest(Path.of("/opt/wf"), home, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                System.out);
        assertEquals(plain, StackTopology.apply(plain));
    }
}
