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
 * A single-node KRaft Kafka broker (broker and controller in one process) run from the kafka_2.13 jars.
 * Storage is formatted once; later starts reuse the data under {@code kafka/data}.
 */
final class KafkaBrokerProcess implements Component {

    static final String NAME = "kafka";

    private final StackOptions options;
    private volatile ManagedProcess process;

    KafkaBrokerProcess(StackOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
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
            ManagedProcess format = ManagedProcess.startJava(options, "kafka-format",
                    List.of("-Xmx256m", "-Dlogback.configurationFile=logback-kafka.xml"),
                    classpath, "kafka.tools.StorageTool",
                    List.of("format", "-t", clusterId(), "-c", config.toString(), "--ignore-formatted"), Map.of());
            int code = format.waitFor(120);
            if (code != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed (exit " + code + "); see "
                        + format.logFile() + ":\n" + format.logTail(20));
            }
        }
        List<String> jvm = new java.util.ArrayList<>(options.kafkaJvmOptions());
        jvm.add("-Dlogback.configurationFile=logback-kafka.xml");
        process = ManagedProcess.startJava(options, NAME, jvm, classpath,
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

    /** Waits until the broker answers a describeCluster. */
    @Override
    public void awaitReady() throws InterruptedException {
        Duration timeout = options.startTimeout();
        ManagedProcess process = this.process;
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + process.exitCode().orElse(-1)
                            + " while starting; see " + process.logFile() + ":\n" + process.logTail(25));
                }
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker not ready on " + options.kafkaBootstrap()
                            + " after " + timeout.toSeconds() + " s; see " + process.logFile() + ":\n"
                            + process.logTail(25));
                }
                Thread.sleep(250);
            }
        }
    }

    private Path dataDir() {
        return options.kafkaDir().resolve("data");
    }

    private String clusterId() {
        Path file = options.kafkaDir().resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private Path writeConfig() {
        String props = String.join("\n",
                "# written by the Watchfloor local stack on every start; edit StackOptions instead",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + options.kafkaControllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + options.kafkaPort()
                        + ",CONTROLLER://127.0.0.1:" + options.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + options.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        try {
            Files.createDirectories(dataDir());
            Path file = options.kafkaDir().resolve("server.properties");
            Files.writeString(file, props, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Kafka config under " + options.kafkaDir(), e);
        }
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
