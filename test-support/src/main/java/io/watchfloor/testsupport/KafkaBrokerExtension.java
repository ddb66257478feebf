package io.watchfloor.testsupport;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts one in-JVM KRaft broker (combined mode) per test JVM, lazily, and
 * stops it when the JVM ends. Declare it BEFORE {@code @MicronautTest} so the broker is up first.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    /** System property Kafka-aware test code can read. */
    public static final String KAFKA_BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";
    /** The property Watchfloor services read their bootstrap servers from. */
    public static final String WATCHFLOOR_BOOTSTRAP_PROPERTY = "watchfloor.kafka.bootstrap-servers";

    private static final Object LOCK = new Object();
    private static volatile KafkaClusterTestKit cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        bootstrapServers();
    }

    /** Bootstrap address of the shared broker, starting it on first use. */
    public static String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    /** Creates a topic with replication factor 1; does nothing if it already exists. */
    public static void createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    /** Creates single-partition topics; existing ones are left alone. */
    public static void createTopics(Collection<String> names) {
        createTopics(names.stream().map(n -> new NewTopic(n, 1, (short) 1)).toList());
    }

    /** Creates single-partition topics; existing ones are left alone. */
    public static void createTopics(String... names) {
        createTopics(List.of(names));
    }

    /** Creates the given topics (e.g. with cleanup.policy=compact configs); existing ones are left alone. */
    public static void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
            // wait until metadata has propagated so producers do not race the creation; right after creation
            // the broker may still answer UNKNOWN_TOPIC_OR_PARTITION, so ask again for a while
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + topics, e);
        }
    }

    /** A new Admin client for the shared broker; the caller closes it. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private static KafkaClusterTestKit cluster() {
        KafkaClusterTestKit current = cluster;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (cluster == null) {
                cluster = startCluster();
                String bootstrap = cluster.bootstrapServers();
                System.setProperty(KAFKA_BOOTSTRAP_PROPERTY, bootstrap);
                System.setProperty(WATCHFLOOR_BOOTSTRAP_PROPERTY, bootstrap);
                KafkaClusterTestKit started = cluster;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started),
                        "kafka-test-broker-shutdown"));
            }
            return cluster;
        }
    }

    private static KafkaClusterTestKit startCluster() {
        try {
            // a broker that decides to exit or halt (e.g. during JVM shutdown) must not kill the test JVM:
            // surefire would report a crashed fork after every test passed
            org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) ->
                    System.err.println("Test Kafka broker asked to exit(" + code + "): " + message));
            org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) ->
                    System.err.println("Test Kafka broker asked to halt(" + code + "): " + message));
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the test Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-JVM Kafka test broker: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        try {
            kit.close();
        } catch (Exception e) {
            // JVM is exiting; nothing left to do but say so
            System.err.println("Test Kafka broker did not close cleanly: " + e);
        }
    }
}
