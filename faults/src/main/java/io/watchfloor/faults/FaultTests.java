package io.watchfloor.faults;

import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The tests of RELIABILITY.md this suite runs, in its numbering (8 is {@link DeadLetterTopicMissing}, 17
 * {@link DuplicateLinking}, 18 {@link DroppedResponses}, 22 {@link PostFlood}; 25 and 26, beyond its table, the
 * multi-broker failover it leaves to a cluster: {@link ClusterFaults}). A new test is one more
 * {@link FaultTest} in {@link #ALL}: it gets the load, the progress lines, the drain and the audit from
 * {@link TestRun}.
 */
final class FaultTests {

    static final List<FaultTest> ALL = List.of(
            new BrokerBounce(1, true),
            new BrokerBounce(2, false),
            new EnrichKill(),
            new StoreCrashAfterDbCommit(),
            new PostgresOutage(),
            new CorruptRecords(),
            new TaggerThrows(),
            new DeadLetterTopicMissing(),
            new Oversize(),
            new DuplicateLinking(),
            new DroppedResponses(),
            new Scaling(),
            new SchemaEvolution(),
            new PostFlood(),
            new Soak(),
            new ClusterFaults.LeaderKill(),
            new ClusterFaults.RollingRestart()
    );

    private FaultTests() {
    }

    /** Tests 1 (kill -9 twice, down for a while, 2xx and throughput checks) and 2 (clean stop 5 times). */
    static final class BrokerBounce implements FaultTest {
        private final int number;
        private final boolean kill;
        /** [killed, restarting, ready] in ms on the load's clock, per fault. */
        private final List<long[]> outages = new ArrayList<>();

        BrokerBounce(int number, boolean kill) {
            this.number = number;
            this.kill = kill;
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public String name() {
            return kill ? "broker kill -9" : "broker clean stop";
        }

        @Override
        public String fault() {
            return kill ? "broker kill -9" : "broker stop";
        }

        @Override
        public int planned(SuiteConfig config) {
            return kill ? config.times(2) : config.times(5);
        }

        private Duration down(SuiteConfig config) {
            return kill ? config.brokerDowntime() : Duration.ofSeconds(2);
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            return (int) Math.max(15, planned(config) * (down(config).toSeconds() + 15));
        }

        @Override
        public void inject(TestRun run) throws Exception {
            outages.clear();
            int n = planned(run.config);
            for (int i = 0; i < n; i++) {
                run.atFraction((i + 1.0) / (n + 1));
                run.expectDown("kafka", true);
                long killed = run.load.elapsedMillis();
                run.stack.stopComponent("kafka", kill);
                run.status("broker " + (kill ? "killed (-9)" : "stopped") + "; down for "
                        + down(run.config).toSeconds() + " s");
                Thread.sleep(down(run.config).toMillis());
                long restarting = run.load.elapsedMillis();
                run.stack.startComponent("kafka");
                run.expectDown("kafka", false);
                long ready = run.load.elapsedMillis();
                outages.add(new long[] {killed, restarting, ready});
                run.status("broker back after " + (ready - killed) / 1000.0 + " s");
                run.faultDone();
            }
        }

        @Override
        public void verify(TestRun run) {
            List<Long> times = run.load.acceptedTimes();
            List<String> during = new ArrayList<>();
            for (long[] o : outages) {
                // an answer for a write Kafka acknowledged just before the kill may still be on its way: 1 s grace
                long n = times.stream().filter(t -> t > o[0] + 1000 && t < o[1]).count();
                if (n > 0) {
                    during.add(n + " between " + o[0] + " and " + o[1] + " ms");
                }
            }
            run.check("no 2xx while the broker was down", during.isEmpty(),
                    during.isEmpty() ? "0 answers 2xx in " + outages.size() + " outage(s)" : String.join(", ", during));
            if (!kill || outages.isEmpty()) {
                return;
            }
            // throughput back to 90 % of what it was before the first fault, within 60 s of the restart
            long firstKill = outages.get(0)[0];
            long from = Math.min(1000, firstKill / 4);
            long before = times.stream().filter(t -> t >= from && t < firstKill).count();
            double baseline = before / Math.max(0.001, (firstKill - from) / 1000.0);
            long worst = 0;
            List<String> notes = new ArrayList<>();
            long loadEnd = times.isEmpty() ? 0 : times.get(times.size() - 1);
            boolean measured = true;
            for (long[] o : outages) {
                long back = -1;
                for (long t = o[2]; t + 3000 <= loadEnd; t += 250) {
                    long start = t;
                    long n = times.stream().filter(x -> x >= start && x < start + 3000).count();
                    if (n / 3.0 >= 0.9 * baseline) {
                        back = t + 3000 - o[2];
                        break;
                    }
                }
                if (back < 0) {
                    measured = false;
                    notes.add("not measurable: the load ended " + (loadEnd - o[2]) + " ms after the restart");
                } else {
                    worst = Math.max(worst, back);
                    notes.add(String.format("%.1f s", back / 1000.0));
                }
            }
            run.recovery(Duration.ofMillis(worst));
            run.check("throughput back to 90% within 60 s", worst <= 60_000,
                    String.format("baseline %.0f 2xx/s; back after %s%s", baseline, String.join(", ", notes),
                            measured ? "" : " (not measured: not counted as a failure)"));
        }
    }

    /** Test 3: enrich-service killed (-9) during the load, started again at once. */
    static final class EnrichKill implements FaultTest {
        @Override
        public int number() {
            return 3;
        }

        @Override
        public String name() {
            return "enrich kill -9";
        }

        @Override
        public String fault() {
            return "enrich kill -9";
        }

        @Override
        public int planned(SuiteConfig config) {
            return config.times(3);
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            return Math.max(15, planned(config) * 20);
        }

        @Override
        public void inject(TestRun run) throws Exception {
            int n = planned(run.config);
            for (int i = 0; i < n; i++) {
                run.atFraction((i + 1.0) / (n + 1));
                run.expectDown("enrich-service", true);
                run.stack.stopComponent("enrich-service", true);
                run.status("enrich-service killed (-9); starting it again");
                run.stack.startComponent("enrich-service");
                run.expectDown("enrich-service", false);
                run.status("enrich-service ready again");
                run.faultDone();
            }
        }
    }

    /** Test 4: store-service halts between the database commit and the offset commit (its fault hook). */
    static final class StoreCrashAfterDbCommit implements FaultTest {
        static final String HOOK = "WATCHFLOOR_FAULT_HALT_AFTER_DB_COMMIT";

        @Override
        public int number() {
            return 4;
        }

        @Override
        public String name() {
            return "store crash between DB and offset commit";
        }

        @Override
        public String fault() {
            return "store halt after DB commit";
        }

        @Override
        public int planned(SuiteConfig config) {
            return config.times(10);
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            // a store start takes 20-60 s on a loaded machine: the first halt needs reports still arriving (later
            // ones re-read the batch the last halt left uncommitted)
            return Math.max(60, planned(config) * 30);
        }

        private int confirmed;

        /** The halted instance's log ends with the hook's line (the next start moves it to .log.1). */
        private static boolean haltedByHook(TestRun run) {
            try {
                String log = java.nio.file.Files.readString(run.stack.options().logsDir().resolve("store-service.log"));
                return log.contains("fault hook " + HOOK);
            } catch (java.io.IOException e) {
                return false;
            }
        }

        @Override
        public void verify(TestRun run) {
            run.check("store halted by the hook after a DB commit each time", confirmed == run.faults()
                    && confirmed > 0, confirmed + " halts with the hook's line in the log, of " + run.faults());
        }

        @Override
        public void inject(TestRun run) throws Exception {
            confirmed = 0;
            String store = "store-service";
            int n = planned(run.config);
            run.atFraction(0.1);
            run.expectDown(store, true);
            try {
                for (int i = 1; i <= n; i++) {
                    // after 1 or 2 commits while reports still arrive; after the first once the load is over (the
                    // batch it halted on is read again, so there is always one to commit)
                    int after = run.load.finished() ? 1 : 1 + (i % 2);
                    run.stack.setEnvironment(store, Map.of(HOOK, Integer.toString(after)));
                    run.status("starting store-service with " + HOOK + "=" + after + " (" + i + "/" + n + ")");
                    run.stack.stopComponent(store, false);
                    try {
                        run.stack.startComponent(store);
                    } catch (IllegalStateException haltedWhileStarting) {
                        // it may commit and halt before it reports ready
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                    while (run.stack.isRunning(store) && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                    if (run.stack.isRunning(store)) {
                        run.status("store-service did not halt within 180 s (hook " + HOOK + "=" + after + ")");
                        break;
                    }
                    boolean byHook = haltedByHook(run);
                    if (byHook) {
                        confirmed++;
                    }
                    run.status("store-service halted after database commit " + after + " (" + i + "/" + n + ")"
                            + (byHook ? "" : ", but its log does not show the fault hook"));
                    run.faultDone();
                }
            } finally {
                run.stack.setEnvironment(store, Map.of());
                run.stack.stopComponent(store, false);
                run.stack.startComponent(store);
                run.expectDown(store, false);
                run.status("store-service started without the hook");
            }
        }
    }

    /** Test 5: PostgreSQL down mid-stream; the store must stay in its group and write nothing to dead letters. */
    static final class PostgresOutage implements FaultTest {
        private int minMembers = Integer.MAX_VALUE;
        private int samples;

        @Override
        public int number() {
            return 5;
        }

        @Override
        public String name() {
            return "PostgreSQL down mid-stream";
        }

        @Override
        public String fault() {
            return "PostgreSQL outage";
        }

        @Override
        public int planned(SuiteConfig config) {
            return 1;
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            return (int) Math.max(15, config.postgresOutage().toSeconds() + 10);
        }

        @Override
        public void inject(TestRun run) throws Exception {
            minMembers = Integer.MAX_VALUE;
            samples = 0;
            run.atFraction(0.25);
            Duration outage = run.config.postgresOutage();
            run.expectDown("postgres", true);
            run.stack.stopComponent("postgres", false);
            run.status("PostgreSQL stopped for " + outage.toSeconds() + " s");
            long end = System.nanoTime() + outage.toNanos();
            try (Admin admin = run.probe.admin()) {
                while (System.nanoTime() < end) {
                    int members = run.probe.groupMembers(admin, "store-service");
                    if (members >= 0) {
                        minMembers = Math.min(minMembers, members);
                        samples++;
                    }
                    Thread.sleep(Math.min(2000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                }
            }
            run.stack.startComponent("postgres");
            run.expectDown("postgres", false);
            run.status("PostgreSQL started again");
            run.faultDone();
        }

        @Override
        public void verify(TestRun run) {
            run.check("store stayed in its group", samples > 0 && minMembers >= 1,
                    samples + " samples of the store-service group during the outage, fewest members "
                            + (samples == 0 ? "-" : minMembers));
            long fromStore = run.deadLetters.stream()
                    .filter(l -> "store".equals(l.headers().get(DeadLetterHeaders.STAGE))).count();
            run.check("0 dead letters from the outage", fromStore == 0 && run.deadLetters.isEmpty(),
                    run.deadLetters.size() + " dead letters during the test (" + fromStore + " from the store)");
        }
    }

    /** Test 6: 1 % corrupt records straight into the raw topic: bad magic byte, unknown schema id, truncated. */
    static final class CorruptRecords implements FaultTest {
        private final Map<String, RecordMetadata> produced = new HashMap<>();

        @Override
        public int number() {
            return 6;
        }

        @Override
        public String name() {
            return "1% corrupt raw records";
        }

        @Override
        public String fault() {
            return "corrupt record";
        }

        @Override
        public int planned(SuiteConfig config) {
            return Math.max(3, config.scale() / 100);
        }

        @Override
        public void inject(TestRun run) throws Exception {
            produced.clear();
            int n = planned(run.config);
            try (CorruptRawRecords corrupt = new CorruptRawRecords(run)) {
                try {
                    for (int i = 0; i < n; i++) {
                        run.atFraction((i + 1.0) / (n + 1));
                        corrupt.produce(i);
                        run.faultDone();
                    }
                } finally {
                    produced.putAll(corrupt.produced());
                }
            }
            run.status(n + " corrupt records produced to " + Topics.REPORTS_RAW);
        }

        @Override
        public void verify(TestRun run) throws Exception {
            // the corrupt records are not among the accepted reports the drain waited for: wait for them here
            CorruptRawRecords.checkDeadLetters(run, produced,
                    CorruptRawRecords.awaitDeadLetters(run, produced, run.dlqStart, Duration.ofSeconds(180)));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(run.stack.enrichUrl() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            run.check("enrich never stopped", health.statusCode() == 200 && health.body().contains("UP"),
                    "enrich-service /health " + health.statusCode() + " " + health.body()
                            .substring(0, Math.min(80, health.body().length())));
        }
    }

    /** Test 19: enrich and store scaled 1 -> 2 -> 1 instances during the load. */
    static final class Scaling implements FaultTest {
        @Override
        public int number() {
            return 19;
        }

        @Override
        public String name() {
            return "enrich+store scaled 1->2->1";
        }

        @Override
        public String fault() {
            return "scale step";
        }

        @Override
        public int planned(SuiteConfig config) {
            return 2;
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            return 40;
        }

        @Override
        public void inject(TestRun run) throws Exception {
            run.atFraction(0.2);
            run.status("starting a second enrich-service and store-service");
            String enrich = run.stack.addInstance("enrich-service", freePort());
            String store = run.stack.addInstance("store-service", freePort());
            run.status("scaled up: " + enrich + ", " + store + " ready");
            run.faultDone();
            run.atFraction(0.65);
            run.stack.stopComponent(enrich, false);
            run.stack.stopComponent(store, false);
            run.status("scaled down: " + enrich + ", " + store + " stopped");
            run.faultDone();
        }

        private static int freePort() throws java.io.IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
