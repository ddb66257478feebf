package io.watchfloor.faults;

import io.watchfloor.stack.LocalStack;
import io.watchfloor.stack.Machine;
import io.watchfloor.stack.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code ./watchfloor faults}: the reliability tests of RELIABILITY.md against the real local-stack processes, on
 * a stack of its own (free ports, scratch home), each test ending with the conservation audit; prints the table
 * and exits non-zero if any verdict fails.
 */
public final class FaultSuite {

    private FaultSuite() {
    }

    /** Runs the selected tests one after the other on {@code stack}. */
    public static List<TestResult> run(LocalStack stack, SuiteConfig config) {
        PipelineProbe probe = new PipelineProbe(stack.kafkaBootstrapServers(), stack.jdbcUrl());
        String runId = UUID.randomUUID().toString().substring(0, 6);
        List<TestResult> results = new ArrayList<>();
        for (FaultTest test : FaultTests.ALL) {
            if (!config.selected(test.number())) {
                continue;
            }
            long begin = System.nanoTime();
            TestResult result;
            try {
                result = new TestRun(stack, config, probe, test, runId).execute();
            } catch (Exception | Error e) {
                config.out().println("  [t" + test.number() + "] failed to run: " + e);
                result = TestResult.crashed(test.number(), test.name(), config.scale(),
                        test.planned(config) + " x " + test.fault(), e, Duration.ofNanos(System.nanoTime() - begin));
                restoreAll(stack, config.out());
            }
            results.add(result);
            config.out().printf("== test %d: %s in %.0f s ==%n", test.number(), result.passed() ? "PASS" : "FAIL",
                    result.duration().toMillis() / 1000.0);
        }
        return results;
    }

    /** After a test that broke off: every core part running again, so the next test starts whole. */
    private static void restoreAll(LocalStack stack, PrintStream out) {
        for (String part : TestRun.core(stack)) {
            try {
                if (!stack.isRunning(part)) {
                    stack.stopComponent(part, false);
                    stack.startComponent(part);
                }
            } catch (Exception e) {
                out.println("warning: could not start " + part + " again: " + e.getMessage());
            }
        }
    }

    /**
     * Starts a stack on free ports in {@code home} (progress to {@code out}), with enrich-service's tagger fault hook
     * on for test 7's marker (no report without the marker is affected), so test 7 needs no enrich restart, and a
     * broker with the proxied listener test 18 puts its response-dropping proxy in front of.
     */
    public static LocalStack startStack(Path repo, Path home, PrintStream out) throws Exception {
        return startStack(repo, home, out, List.of());
    }

    /** {@link #startStack(Path, Path, PrintStream)} with more JVM options for the services. */
    static LocalStack startStack(Path repo, Path home, PrintStream out, List<String> serviceJvmOptions)
            throws Exception {
        int[] ports = Machine.freePorts(11);
        StackOptions o = withServiceJvmOptions(StackOptions.forTest(repo, home, java.util.Arrays.copyOf(ports, 9), out),
                serviceJvmOptions);
        return LocalStack.start(o.withProxiedListener(new StackOptions.ProxiedListener(ports[9], ports[10])));
    }

    /**
     * The stack of the cluster tests (25, 26), as {@code ./watchfloor up --brokers 3 --instances store=2} starts it:
     * three KRaft brokers as processes (a 3-voter quorum, every topic with replication factor 3 and
     * min.insync.replicas 2, every service given all three bootstrap servers), a second store-service instance,
     * enrich-service's tagger hook as in {@link #startStack(Path, Path, PrintStream)}.
     */
    public static LocalStack startCluster(Path repo, Path home, PrintStream out) throws Exception {
        int[] ports = Machine.freePorts(14);
        StackOptions o = withServiceJvmOptions(StackOptions.forTest(repo, home, java.util.Arrays.copyOf(ports, 9), out),
                List.of())
                .withBrokers(3, ports[9], ports[10], ports[11], ports[12])
                .withKafkaJvmOptions(List.of("-Xms128m", "-Xmx384m"))
                .withInstances(java.util.Map.of("store", 2), List.of(ports[13]));
        return LocalStack.start(o);
    }

    private static StackOptions withServiceJvmOptions(StackOptions o, List<String> serviceJvmOptions) {
        List<String> jvm = new ArrayList<>(o.serviceJvmOptions());
        jvm.add(TaggerThrows.jvmOption());
        jvm.addAll(serviceJvmOptions);
        return new StackOptions(o.repoRoot(), o.home(), o.kafkaPort(), o.kafkaControllerPort(),
                o.registryPort(), o.ingestPort(), o.storePort(), o.enrichPort(), o.alertPort(), o.postgresPort(),
                o.demoFeedPort(), o.demo(), o.demoFeeds(), o.services(), o.startTimeout(), List.copyOf(jvm),
                o.kafkaJvmOptions(), o.postgresFsync(), o.out(), o.brokers(), o.extraBrokerPorts(), o.instances(),
                o.instancePorts());
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        SuiteConfig config;
        try {
            config = SuiteConfig.parse(List.of(args), out);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(SuiteConfig.USAGE);
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        Path repo = Path.of(System.getenv().getOrDefault("WATCHFLOOR_REPO", ".")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("watchfloor-faults-");
        long start = System.nanoTime();
        out.printf("Watchfloor fault suite, %s; scale %d; tests %s; %d cores; load average %s%n", Instant.now(),
                config.scale(), config.only().isEmpty() ? "all" : config.only(),
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
        out.println("Starting a local stack on free ports in " + home + " ...");
        List<TestResult> results;
        List<String> extra = config.only().equals(java.util.Set.of(SuiteConfig.SOAK_TEST))
                ? Soak.stateCapOptions(config) : List.of();
        if (!extra.isEmpty()) {
            out.println("Soak: ingest's in-memory state capped at " + Soak.stateCap(config) + " entries (a quarter "
                    + "of the soak's reports) so it fills in the first quarter: " + String.join(" ", extra));
        }
        if (config.cluster()) {
            out.println("Tests " + config.only() + " run on three brokers (replication factor 3, min.insync.replicas 2)"
                    + " with two store-service instances");
        }
        LocalStack stack = config.cluster() ? startCluster(repo, home, out) : startStack(repo, home, out, extra);
        Thread cleanup = new Thread(() -> {
            stack.close();
            deleteTree(home);
        }, "faults-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            results = run(stack, config);
        } finally {
            out.println("Stopping the stack ...");
            stack.close();
        }
        out.println();
        out.printf("Fault suite finished in %.0f s, %s; load average %s%n", (System.nanoTime() - start) / 1e9,
                Instant.now(), Machine.loadAverage());
        ResultTable.print(results, out);
        boolean passed = !results.isEmpty() && results.stream().allMatch(TestResult::passed);
        out.println(passed ? "All verdicts PASS." : "At least one verdict FAILED.");
        out.flush();
        System.exit(passed ? 0 : 1);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a scratch directory under /tmp
        }
    }
}
