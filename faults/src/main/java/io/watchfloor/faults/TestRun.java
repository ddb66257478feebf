package io.watchfloor.faults;

import io.watchfloor.schemas.Topics;
import io.watchfloor.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * One test against the running stack: posts the load, runs the test's injector beside it, prints a progress line
 * every few seconds, restarts whatever died on its own, waits until every accepted report is stored or
 * dead-lettered, runs the conservation audit and the test's checks.
 */
final class TestRun {
    /** The parts that must be running between tests (extra instances come and go inside a test). */
    static final List<String> CORE = List.of("kafka", "postgres", "schema-registry", "ingest-service",
            "enrich-service", "store-service", "alert-service");

    /** {@link #CORE} and, on a cluster, the other brokers ({@code kafka-2}, {@code kafka-3}). */
    static List<String> core(LocalStack stack) {
        List<String> parts = new ArrayList<>(CORE);
        stack.options().brokerList().stream().skip(1).forEach(b -> parts.add(b.name()));
        return List.copyOf(parts);
    }

    final LocalStack stack;
    final SuiteConfig config;
    final PipelineProbe probe;
    final FaultTest test;
    final LoadGenerator load;
    final String marker;
    private final List<TestResult.Check> checks = new ArrayList<>();
    /** Parts the test stops on purpose: not counted as having died. */
    private final Set<String> expectedDown = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> diedOnTheirOwn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String status = "load running";
    private volatile int faults;
    private volatile long lastFaultEndMillis = -1;
    private volatile Duration recovery;
    Map<TopicPartition, Long> rawStart;
    Map<TopicPartition, Long> enrichedStart;
    Map<TopicPartition, Long> dlqStart;
    List<PipelineProbe.DeadLetterRecord> deadLetters = List.of();
    /** Ids a test's own clients got a 2xx for (test 17's keyed POSTs and feed item, test 22's flood). */
    private final Set<String> extraAccepted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TestRun(LocalStack stack, SuiteConfig config, PipelineProbe probe, FaultTest test, String runId) {
        this.stack = stack;
        this.config = config;
        this.probe = probe;
        this.test = test;
        this.marker = "t" + test.number() + "-" + runId;
        double rate = Math.min(config.rate(), (double) config.scale() / test.minLoadSeconds(config));
        this.load = new LoadGenerator(stack.ingestUrl(), stack.apiKey(), marker, config.scale(), rate,
                config.inFlight(), Duration.ofMinutes(10));
    }

    // ---- for the tests ----

    /** Waits until {@code fraction} of the planned load time has passed (or the load is over). */
    void atFraction(double fraction) throws InterruptedException {
        long due = (long) (load.plannedDuration().toMillis() * fraction);
        while (load.elapsedMillis() < due && !load.finished()) {
            Thread.sleep(100);
        }
    }

    /** Shown in the progress lines. */
    void status(String text) {
        status = text;
        config.out().printf("  [t%d] %5.1f s  %s%n", test.number(), load.elapsedMillis() / 1000.0, text);
    }

    /** One fault injected and recovered from (the pipeline is whole again from now on). */
    void faultDone() {
        faults++;
        lastFaultEndMillis = load.elapsedMillis();
    }

    void expectDown(String part, boolean down) {
        if (down) {
            expectedDown.add(part);
        } else {
            expectedDown.remove(part);
        }
    }

    void check(String name, boolean passed, String detail) {
        synchronized (checks) {
            checks.add(new TestResult.Check(name, passed, detail));
        }
    }

    /** A recovery time measured by the test itself (otherwise: last fault's end until drained). */
    void recovery(Duration measured) {
        recovery = measured;
    }

    int faults() {
        return faults;
    }

    /** An id accepted outside the load generator: drained and audited with the load's ids. */
    void accept(String id) {
        extraAccepted.add(id);
    }

    /** Every accepted id: the load's and the test's own. */
    Set<String> acceptedIds() {
        Set<String> all = new HashSet<>(load.acceptedIds());
        all.addAll(extraAccepted);
        return all;
    }

    // ---- the flow ----

    TestResult execute() throws Exception {
        long begin = System.nanoTime();
        PrintStream out = config.out();
        out.printf("%n== test %d: %s, %d reports, %d x %s (rate %.0f/s) ==%n", test.number(), test.name(),
                config.scale(), test.planned(config), test.fault(), Math.min(config.rate(), (double) config.scale() / test.minLoadSeconds(config)));
        rawStart = probe.endOffsets(Topics.REPORTS_RAW);
        enrichedStart = probe.endOffsets(Topics.REPORTS_ENRICHED);
        dlqStart = probe.endOffsets(Topics.REPORTS_DLQ);
        load.start();
        Throwable[] injectorFailure = new Throwable[1];
        Thread injector = new Thread(() -> {
            try {
                test.inject(this);
            } catch (Throwable e) {
                injectorFailure[0] = e;
            }
        }, "inject-t" + test.number());
        injector.start();
        Thread progress = new Thread(this::progressLoop, "progress-t" + test.number());
        progress.setDaemon(true);
        progress.start();
        try {
            Duration limit = load.plannedDuration().plus(Duration.ofMinutes(15));
            injector.join(limit.toMillis());
            if (injector.isAlive()) {
                injector.interrupt();
                check("faults injected", false, "the injector did not finish within " + limit);
            }
            if (!load.await(Duration.ofMinutes(15))) {
                load.stop();
                check("load finished", false, "the load generator did not finish within 15 min after the faults");
            }
            if (injectorFailure[0] != null) {
                check("faults injected", false, String.valueOf(injectorFailure[0]));
            }
            restoreDeadParts();
            status("load done: " + load.acceptedCount() + " accepted of " + load.total() + "; draining");
            long drainedAt = drain();
            if (recovery == null && lastFaultEndMillis >= 0 && drainedAt >= 0) {
                recovery = Duration.ofMillis(Math.max(0, drainedAt - lastFaultEndMillis));
            }
            ConservationAudit.Result audit = audit();
            test.verify(this);
            check("faults injected as planned", faults == test.planned(config),
                    faults + " of " + test.planned(config) + " x " + test.fault());
            check("no process died on its own", diedOnTheirOwn.isEmpty(),
                    diedOnTheirOwn.isEmpty() ? "all alive" : "restarted after dying: " + diedOnTheirOwn);
            check("client view", load.givenUp() == 0, load.acceptedCount() + " of " + load.total()
                    + " got a 2xx; " + load.givenUp() + " given up after 10 min of retries; non-2xx answers and "
                    + "failed requests retried: " + load.failures());
            status("audit: " + audit.summary());
            return new TestResult(test.number(), test.name(), config.scale(), faults + " x " + test.fault(), audit, List.copyOf(checks), recovery,
                    Duration.ofNanos(System.nanoTime() - begin));
        } finally {
            load.stop();
            progress.interrupt();
        }
    }

    private void progressLoop() {
        long every = config.progress().toMillis();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every);
                long stored = probe.countWithTitlePrefix(load.titlePrefix());
                Map<String, Integer> failures = load.failures();
                config.out().printf("  [t%d] %5.1f s  posted %d/%d, 2xx %d%s, stored %s, faults %d | %s%n",
                        test.number(), load.elapsedMillis() / 1000.0, load.posted(), load.total(),
                        load.acceptedCount(), failures.isEmpty() ? "" : " (retried " + failures + ")",
                        stored < 0 ? "? (PostgreSQL not answering)" : Long.toString(stored), faults, status);
                for (String part : core(stack)) {
                    if (!expectedDown.contains(part) && !stack.isRunning(part)) {
                        diedOnTheirOwn.add(part);
                    }
                }
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    /** Starts again any core part that died without the test stopping it (and records that it died). */
    private void restoreDeadParts() throws Exception {
        for (String part : core(stack)) {
            if (!stack.isRunning(part)) {
                if (!expectedDown.contains(part)) {
                    diedOnTheirOwn.add(part);
                }
                status(part + " is not running; starting it");
                stack.stopComponent(part, false);
                stack.startComponent(part);
            }
        }
        expectedDown.clear();
    }

    /**
     * Waits until every accepted id is stored or dead-lettered; gives up when nothing moved for 2 minutes.
     * Returns when that happened (ms on the load's clock), or -1.
     */
    private long drain() throws Exception {
        Set<String> pending = acceptedIds();
        long lastMove = System.nanoTime();
        long hardLimit = System.nanoTime() + TimeUnit.MINUTES.toNanos(10) + TimeUnit.SECONDS.toNanos(pending.size() / 20);
        while (!pending.isEmpty()) {
            int before = pending.size();
            try {
                pending.removeAll(probe.rowsFor(pending).keySet());
                for (PipelineProbe.DeadLetterRecord letter : probe.deadLetters(Topics.REPORTS_DLQ, dlqStart)) {
                    pending.remove(letter.key());
                }
            } catch (java.sql.SQLException e) {
                // PostgreSQL restarting: try again
            }
            if (pending.size() < before) {
                lastMove = System.nanoTime();
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() - lastMove > TimeUnit.MINUTES.toNanos(2) || System.nanoTime() > hardLimit) {
                status("drain stopped: " + pending.size() + " accepted reports neither stored nor dead-lettered");
                return -1;
            }
            Thread.sleep(1000);
        }
        long at = load.elapsedMillis();
        status("drained: every accepted report is stored or dead-lettered");
        return at;
    }

    private ConservationAudit.Result audit() throws Exception {
        Set<String> accepted = acceptedIds();
        Map<String, Integer> rows = new HashMap<>(probe.rowsWithTitlePrefix(load.titlePrefix()));
        rows.putAll(probe.rowsFor(accepted));
        Map<String, Map<Integer, Integer>> enriched = probe.enriched(Topics.REPORTS_ENRICHED, enrichedStart);
        deadLetters = probe.deadLetters(Topics.REPORTS_DLQ, dlqStart);
        Map<String, List<String>> letters = new HashMap<>();
        for (PipelineProbe.DeadLetterRecord letter : deadLetters) {
            if (letter.key() != null) {
                letters.computeIfAbsent(letter.key(), k -> new ArrayList<>()).add(letter.reason());
            }
        }
        Map<String, Map<Integer, Integer>> raw = probe.raw(Topics.REPORTS_RAW, rawStart);
        return ConservationAudit.audit(new ConservationAudit.Observed(accepted, rows, enriched, letters, raw));
    }
}
