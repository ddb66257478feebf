package io.watchfloor.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One KRaft Kafka node (broker and controller in one process) run from the kafka_2.13 jars: the only one of a
 * one-broker stack, or one of the three of a cluster ({@code --brokers 3}: a 3-voter controller quorum, every
 * topic replicated 3 times with min.insync.replicas=2). Storage is formatted once; later starts reuse the data
 * under {@code kafka/data} (one broker) or {@code kafka-cluster/kafka-<n>/data}.
 */
final class KafkaBrokerProcess implements Component {

    static final String NAME = "kafka";

    private final StackOptions options;
    private final StackOptions.Broker broker;
    private volatile ManagedProcess process;

    KafkaBrokerProcess(StackOptions options) {
        this(options, options.brokerList().get(0));
    }

    KafkaBrokerProcess(StackOptions options, StackOptions.Broker broker) {
        this.options = options;
        this.broker = broker;
    }

    @Override
    public String name() {
        return broker.name();
    }

    /** This node's client listener, {@code 127.0.0.1:<port>}. */
    String bootstrap() {
        return "127.0.0.1:" + broker.port();
    }

    int nodeId() {
        return broker.nodeId();
    }

    /** Formats storage if needed and starts the broker process (same port and data on every start). */
    @Override
    public synchronized void launch() throws InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path config = writeConfig();
        String classpath = Classpaths.own();
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            ManagedProcess format = ManagedProcess.startJava(options, name() + "-format",
                    List.of("-Xmx256m", "-Dlogback.configurationFile=logback-kafka.xml"),
                    classpath, "kafka.tools.StorageTool",
                    List.of("format", "-t", clusterId(options), "-c", config.toString(), "--ignore-formatted"), Map.of());
            int code = format.waitFor(120);
            if (code != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed (exit " + code + "); see "
                        + format.logFile() + ":\n" + format.logTail(20));
            }
        }
        List<String> jvm = new java.util.ArrayList<>(options.kafkaJvmOptions());
        jvm.add("-Dlogback.configurationFile=logback-kafka.xml");
        process = ManagedProcess.startJava(options, name(), jvm, classpath,
                "kafka.Kafka", List.of(config.toString()), Map.of());
    }

    @Override
    public Optional<ManagedProcess> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public boolean isStarted() {
        return process != null;
    }

    /**
     * Waits until this node answers a describeCluster on its own listener and lists itself among the live
     * brokers (after a restart in a cluster: it has caught up with the metadata and is unfenced).
     */
    @Override
    public void awaitReady() throws InterruptedException {
        Duration timeout = options.startTimeout();
        ManagedProcess process = this.process;
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + process.exitCode().orElse(-1)
                            + " while starting; see " + process.logFile() + ":\n" + process.logTail(25));
                }
                try {
                    boolean listed = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                            .nodes().get(5, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == broker.nodeId());
                    if (listed) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker " + name() + " not ready on " + bootstrap()
                            + " after " + timeout.toSeconds() + " s; see " + process.logFile() + ":\n"
                            + process.logTail(25));
                }
                Thread.sleep(250);
            }
        }
    }

    private Path dataDir() {
        return options.brokerDir(broker.nodeId()).resolve("data");
    }

    /** The id every node of this stack is formatted with, made on the first start. */
    private static synchronized String clusterId(StackOptions options) {
        Path file = options.clusterIdFile();
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.createDirectories(file.getParent());
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private Path writeConfig() {
        Path dir = options.brokerDir(broker.nodeId());
        try {
            Files.createDirectories(dataDir());
            Path file = dir.resolve("server.properties");
            Files.writeString(file, config(options, broker, dataDir()), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Kafka config under " + dir, e);
        }
    }

    /**
     * The server.properties of one node. Every node is a voter of the controller quorum; replication factor
     * (topics, offsets, transactions, Streams' internal topics through default.replication.factor) is
     * {@link StackOptions#replicationFactor()} and min.insync.replicas {@link StackOptions#minInsyncReplicas()}.
     * With {@link StackOptions#proxiedListener()} the node also listens on {@code PROXIED} and advertises the
     * proxy's port there.
     */
    static String config(StackOptions options, StackOptions.Broker broker, Path dataDir) {
        StringBuilder voters = new StringBuilder();
        for (StackOptions.Broker node : options.brokerList()) {
            voters.append(voters.isEmpty() ? "" : ",").append(node.nodeId()).append("@127.0.0.1:")
                    .append(node.controllerPort());
        }
        String rf = Integer.toString(options.replicationFactor());
        String minIsr = Integer.toString(options.minInsyncReplicas());
        // the fault suite's extra listener behind a proxy (StackOptions.ProxiedListener; off by default)
        StackOptions.ProxiedListener proxied = options.proxiedListener();
        String name = StackOptions.ProxiedListener.NAME;
        String proxiedListen = proxied == null ? "" : "," + name + "://127.0.0.1:" + proxied.port();
        String proxiedAdvertised = proxied == null ? "" : "," + name + "://127.0.0.1:" + proxied.advertisedPort();
        String proxiedProtocol = proxied == null ? "" : "," + name + ":PLAINTEXT";
        return String.join("\n",
                "# written by the Watchfloor local stack on every start; edit StackOptions instead",
                "process.roles=broker,controller",
                "node.id=" + broker.nodeId(),
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + broker.port()
                        + ",CONTROLLER://127.0.0.1:" + broker.controllerPort() + proxiedListen,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + broker.port() + proxiedAdvertised,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT" + proxiedProtocol,
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "default.replication.factor=" + rf,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + rf,
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + rf,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "unclean.leader.election.enable=false",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
    }

    @Override
    public synchronized void stop(boolean kill) {
        if (process != null) {
            if (kill) {
                process.kill();
            } else {
                // controlled shutdown of a single combined node takes a few seconds
                process.stop(60);
            }
            process = null;
        }
    }
}
