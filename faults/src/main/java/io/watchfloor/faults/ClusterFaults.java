package io.watchfloor.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.schemas.Topics;
import io.watchfloor.stack.StackOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The faults RELIABILITY.md leaves to a cluster (multi-broker failover with acks=all and min.insync.replicas=2),
 * run on the suite's three-broker stack ({@link FaultSuite#startCluster}): 25, the broker leading most of the raw
 * topic's partitions killed (-9) mid-ingest, and 26, a rolling restart of all three brokers under load. Both end
 * with the conservation audit like every test.
 */
final class ClusterFaults {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a new leader for every raw partition, or a full ISR again, may take. */
    static final Duration FAILOVER_LIMIT = Duration.ofSeconds(90);
    static final Duration ISR_LIMIT = Duration.ofSeconds(180);

    private ClusterFaults() {
    }

    /** Test 25: the raw topic's busiest leader killed with SIGKILL, twice from 10k reports (once below). */
    static final class LeaderKill implements FaultTest {
        /** Per kill: broker, partitions it led, seconds to new leaders, seconds to a full ISR after its start. */
        private final List<String> kills = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private volatile IsrProbe probe;

        @Override
        public int number() {
            return 25;
        }

        @Override
        public String name() {
            return "cluster: raw leader kill -9";
        }

        @Override
        public String fault() {
            return "raw leader kill -9";
        }

        @Override
        public int planned(SuiteConfig config) {
            return config.times(2);
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            // failover, the probe (the producer's 30 s delivery timeout), the downtime, the restart
            return (int) Math.max(60, planned(config) * (config.brokerDowntime().toSeconds() + 90));
        }

        @Override
        public void inject(TestRun run) throws Exception {
            kills.clear();
            failures.clear();
            probe = null;
            int n = planned(run.config);
            try (Admin admin = run.probe.admin()) {
                for (int i = 0; i < n; i++) {
                    run.atFraction((i + 1.0) / (n + 1));
                    Map<Integer, Long> leaders = rawLeaders(admin);
                    int victim = leaders.entrySet().stream().filter(e -> e.getKey() > 0)
                            .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    String name = brokerName(run, victim);
                    run.expectDown(name, true);
                    long killed = System.nanoTime();
                    run.stack.stopComponent(name, true);
                    run.status(name + " (node " + victim + ", leading " + leaders.get(victim) + " of "
                            + leaders.values().stream().mapToLong(Long::longValue).sum()
                            + " raw partitions) killed (-9)");
                    double failover = awaitSeconds(killed, FAILOVER_LIMIT, () -> rawLeaders(admin).keySet().stream()
                            .noneMatch(id -> id == victim || id < 0));
                    if (failover < 0) {
                        failures.add("no new leader for every raw partition within " + FAILOVER_LIMIT.toSeconds()
                                + " s after " + name + " was killed");
                    } else {
                        run.status(String.format("every raw partition led by a live broker %.1f s after the kill",
                                failover));
                    }
                    if (i == 0) {
                        try {
                            probe = IsrProbe.run(run, admin, victim);
                            run.status("ISR probe: " + probe);
                        } catch (IllegalStateException e) {
                            failures.add("ISR probe not run: " + e.getMessage());
                        }
                    }
                    long downFor = run.config.brokerDowntime().toNanos() - (System.nanoTime() - killed);
                    if (downFor > 0) {
                        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(downFor));
                    }
                    long restart = System.nanoTime();
                    run.stack.startComponent(name);
                    run.expectDown(name, false);
                    double isr = awaitRawIsrFull(admin, restart, name + " was started again", failures);
                    kills.add(String.format("%s led %d, new leaders after %.1f s, down %.1f s, ISR full %.1f s "
                            + "after its start", name, leaders.get(victim), failover,
                            (restart - killed) / 1e9, isr));
                    run.status(name + " back; raw ISR " + (isr < 0 ? "NOT full" : "full") + " again");
                    run.faultDone();
                }
            }
        }

        @Override
        public void verify(TestRun run) {
            run.check("a new leader for every raw partition, ISR full again after the restart", failures.isEmpty()
                    && !kills.isEmpty(), failures.isEmpty() ? String.join("; ", kills)
                    : String.join("; ", failures) + " (" + String.join("; ", kills) + ")");
            IsrProbe p = probe;
            run.check("no 2xx without acks from min.insync.replicas", p != null && p.passed(),
                    p == null ? "the probe did not run" : p.toString());
        }
    }

    /** Test 26: each broker in turn stopped cleanly and started again under load, the raw ISR full between them. */
    static final class RollingRestart implements FaultTest {
        private final List<String> steps = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();

        @Override
        public int number() {
            return 26;
        }

        @Override
        public String name() {
            return "cluster: rolling restart";
        }

        @Override
        public String fault() {
            return "broker restart";
        }

        @Override
        public int planned(SuiteConfig config) {
            return 3;
        }

        @Override
        public int minLoadSeconds(SuiteConfig config) {
            return 240;
        }

        @Override
        public void inject(TestRun run) throws Exception {
            steps.clear();
            failures.clear();
            List<StackOptions.Broker> brokers = run.stack.options().brokerList();
            try (Admin admin = run.probe.admin()) {
                for (int i = 0; i < brokers.size(); i++) {
                    run.atFraction((i + 1.0) / (brokers.size() + 1));
                    String name = brokers.get(i).name();
                    run.expectDown(name, true);
                    long begin = System.nanoTime();
                    run.stack.stopComponent(name, false);
                    run.status(name + " stopped cleanly");
                    run.stack.startComponent(name);
                    run.expectDown(name, false);
                    double isr = awaitRawIsrFull(admin, begin, name + " was stopped", failures);
                    steps.add(String.format("%s: raw ISR full %.1f s after the stop", name, isr));
                    run.status(name + " restarted; raw ISR " + (isr < 0 ? "NOT full" : "full") + " again");
                    run.faultDone();
                }
            }
        }

        @Override
        public void verify(TestRun run) {
            run.check("every broker restarted, raw ISR full again each time",
                    failures.isEmpty() && steps.size() == planned(run.config),
                    failures.isEmpty() ? String.join("; ", steps) : String.join("; ", failures));
            List<Long> times = run.load.acceptedTimes();
            long gap = 0;
            for (int i = 1; i < times.size(); i++) {
                gap = Math.max(gap, times.get(i) - times.get(i - 1));
            }
            run.status(String.format("longest gap between two 2xx answers: %.1f s", gap / 1000.0));
        }
    }

    /**
     * acks=all means a 2xx only once every in-sync replica has the record and there are at least
     * min.insync.replicas of them. With one broker down the raw ISR is 2: the probe raises the raw topic's
     * min.insync.replicas to 3, POSTs a report (it must be refused: ingest's producer gets NOT_ENOUGH_REPLICAS until
     * its delivery timeout and answers 503), counts the 2xx answers that wrote a report for the load's requests sent
     * in that window (must be 0; answers for requests sent before the change and replays are shown apart), then sets
     * 2 again and POSTs the same report with the same key until it is accepted (it joins the audit).
     */
    record IsrProbe(int refusedStatus, String refusedBody, double refusedAfter, long loadSentInWindow,
                    long loadAcceptedInWindow, long loadSentBeforeAnsweredInWindow, long loadReplayedInWindow,
                    double windowSeconds, String acceptedId, int acceptedAfterTries) {

        /** Answers for writes acknowledged just before the change may still be on their way. */
        static final long GRACE_MS = 2000;

        boolean passed() {
            return refusedStatus >= 500 && (refusedBody.contains("was not acknowledged by the in-sync replicas")
                    || refusedBody.contains("was not written")) && loadAcceptedInWindow == 0 && acceptedId != null;
        }

        static IsrProbe run(TestRun run, Admin admin, int victim) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String body = JSON.writeValueAsString(run.load.report(run.config.scale() + 3_000_000));
            String key = run.marker + "-isr-probe";
            if (awaitSeconds(System.nanoTime(), Duration.ofSeconds(60), () -> rawIsrWithout(admin, victim)) < 0) {
                // on a partition whose ISR is still full, min.insync.replicas=3 would be met and prove nothing
                throw new IllegalStateException("the killed broker (node " + victim + ") did not leave the ISR of "
                        + "every raw partition within 60 s: check broker.session.timeout.ms and the broker logs");
            }
            HttpResponse<String> refused;
            long raised;
            long lowered;
            long start = System.nanoTime();
            setRawMinIsr(admin, "3");
            raised = run.load.elapsedMillis();
            try {
                refused = post(http, run, body, key, Duration.ofSeconds(90));
            } finally {
                // the window closes when the lowering starts: a broker may apply it before the call returns
                lowered = run.load.elapsedMillis();
                setRawMinIsr(admin, "2");
            }
            double refusedAfter = (System.nanoTime() - start) / 1e9;
            // Judged: requests SENT while min.insync.replicas=3 (after the grace) must get no 2xx that wrote a report.
            // Reported apart: a 2xx that wrote nothing (ingest answers a retried key from the report already on the
            // raw topic, or from memory), and a 2xx for a request sent before the change: its record may have been
            // appended before it (during the kill, the leader waits for the ISR to shrink), so its late answer
            // proves nothing either way.
            long from = raised + GRACE_MS;
            List<LoadGenerator.Written> answered = run.load.written().stream()
                    .filter(w -> w.answeredAt() > from && w.answeredAt() < lowered).toList();
            List<LoadGenerator.Written> sentInWindow = answered.stream().filter(w -> w.sentAt() > from).toList();
            long sentBefore = answered.size() - sentInWindow.size();
            long sent = run.load.sentTimes().stream().filter(t -> t > from && t < lowered).count();
            if (!answered.isEmpty()) {
                run.status("ISR probe: 2xx that wrote a report in the window (sent, answered; ms after "
                        + "min.insync.replicas=3): " + answered.stream().limit(20)
                        .map(w -> (w.sentAt() - raised) + "->" + (w.answeredAt() - raised)).toList());
            }
            long inWindow = sentInWindow.size();
            long replayed = run.load.acceptedTimes().stream().filter(t -> t > from && t < lowered).count()
                    - answered.size();
            // after a refusal ingest answers 503 at once for a moment (its back-off), then accepts
            String id = null;
            int tries = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (id == null && System.nanoTime() < deadline) {
                tries++;
                try {
                    HttpResponse<String> r = post(http, run, body, key, Duration.ofSeconds(60));
                    if (r.statusCode() / 100 == 2) {
                        id = JSON.readTree(r.body()).path("id").asText();
                        run.accept(id);
                        break;
                    }
                } catch (java.io.IOException e) {
                    // retried below
                }
                Thread.sleep(1000);
            }
            return new IsrProbe(refused.statusCode(), refused.body(), refusedAfter, sent, inWindow, sentBefore,
                    replayed, (lowered - raised) / 1000.0, id, tries);
        }

        private static HttpResponse<String> post(HttpClient http, TestRun run, String body, String key,
                                                 Duration timeout) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(run.stack.ingestUrl() + "/reports"))
                    .timeout(timeout).header("Content-Type", "application/json")
                    .header("X-API-Key", run.stack.apiKey()).header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public String toString() {
            String shown = refusedBody.length() > 160 ? refusedBody.substring(0, 160) + "..." : refusedBody;
            return String.format("with 2 of 3 replicas in sync and min.insync.replicas=3 ingest answered %d after "
                            + "%.1f s (%s); the load's requests sent in those %.1f s (after %d ms grace): %d, answered "
                            + "2xx writing a report: %d (apart: 2xx for requests sent before the change %d, replays "
                            + "of reports already on the topic %d); with min.insync.replicas=2 again the same report "
                            + "%s", refusedStatus, refusedAfter, shown, windowSeconds, GRACE_MS, loadSentInWindow,
                    loadAcceptedInWindow, loadSentBeforeAnsweredInWindow, loadReplayedInWindow,
                    acceptedId == null ? "was NOT accepted within 120 s"
                            : "was accepted (" + acceptedId + ", try " + acceptedAfterTries + ")");
        }
    }

    // ---- the cluster, through the admin client ----

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Seconds from {@code since} until the condition held (polled every 250 ms), or -1 after {@code limit}. */
    static double awaitSeconds(long since, Duration limit, Condition condition) throws InterruptedException {
        long deadline = since + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return (System.nanoTime() - since) / 1e9;
                }
            } catch (Exception e) {
                // a broker moving: ask again
            }
            Thread.sleep(250);
        }
        return -1;
    }

    /** Seconds from {@code since} until the raw topic's ISR is full again, or -1 with the failure added. */
    static double awaitRawIsrFull(Admin admin, long since, String after, List<String> failures)
            throws InterruptedException {
        double seconds = awaitSeconds(since, ISR_LIMIT, () -> rawIsrFull(admin));
        if (seconds < 0) {
            failures.add("the raw topic's ISR not full within " + ISR_LIMIT.toSeconds() + " s after " + after);
        }
        return seconds;
    }

    /** Partitions of the raw topic led by each broker id (-1: no leader). */
    static Map<Integer, Long> rawLeaders(Admin admin) throws Exception {
        return rawPartitions(admin).stream().collect(Collectors.groupingBy(p -> p.leader() == null
                || p.leader().isEmpty() ? -1 : p.leader().id(), Collectors.counting()));
    }

    static boolean rawIsrFull(Admin admin) throws Exception {
        return rawPartitions(admin).stream().allMatch(p -> p.isr().size() == p.replicas().size());
    }

    /** True when no raw partition has {@code node} in its ISR (and none is without a leader). */
    static boolean rawIsrWithout(Admin admin, int node) throws Exception {
        return rawPartitions(admin).stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()
                && p.isr().stream().noneMatch(n -> n.id() == node));
    }

    private static List<TopicPartitionInfo> rawPartitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(Topics.REPORTS_RAW)).allTopicNames().get(20, TimeUnit.SECONDS)
                .get(Topics.REPORTS_RAW).partitions();
    }

    /**
     * Sets the raw topic's min.insync.replicas and returns once every leader of its partitions has applied it. The
     * alter call returns when the controller has committed the change; a broker applies it only once it has the
     * record <em>and</em> knows it is committed, and a KRaft follower learns the new high watermark only from a later
     * fetch response: a fetch with nothing new to return waits at the controller (until the next record, at most
     * {@code metadata.max.idle.interval.ms}, 500 ms, away) with the old one. Fetched is not applied: a CI run saw the
     * probe accepted 0.4 s after the raise although every leader had fetched the change. So: read the controller's log
     * end {@code E} once the change is committed; a broker that has fetched past {@code E} got a response built after
     * that moment, which carried the high watermark that commits the change; then {@link #APPLY_MARGIN} for its
     * metadata loader to publish it (a queue hand-off, milliseconds).
     */
    static void setRawMinIsr(Admin admin, String value) throws Exception {
        ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPORTS_RAW);
        admin.incrementalAlterConfigs(Map.of(raw, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(20, TimeUnit.SECONDS);
        long end = logEnds(quorum).getOrDefault(quorum.leaderId(), quorum.highWatermark());
        if (awaitSeconds(System.nanoTime(), Duration.ofSeconds(30), () -> leadersFetchedPast(admin, end)) < 0) {
            throw new IllegalStateException("the raw topic's leaders did not fetch the metadata log past offset "
                    + end + " (min.insync.replicas=" + value + ") within 30 s: check the brokers' logs");
        }
        Thread.sleep(APPLY_MARGIN.toMillis());
    }

    /** After a broker has the committed change: the hand-off from its raft client to its metadata publishers. */
    static final Duration APPLY_MARGIN = Duration.ofSeconds(1);

    /** True when every current leader of the raw topic has fetched the metadata log beyond {@code offset}. */
    private static boolean leadersFetchedPast(Admin admin, long offset) throws Exception {
        Map<Integer, Long> ends = logEnds(admin.describeMetadataQuorum().quorumInfo().get(20, TimeUnit.SECONDS));
        for (int leader : rawLeaders(admin).keySet()) {
            if (leader < 0 || ends.getOrDefault(leader, -1L) <= offset) {
                return false;
            }
        }
        return true;
    }

    /** Each replica's metadata log end as the controller saw it last (a follower's: its last fetch offset). */
    private static Map<Integer, Long> logEnds(QuorumInfo quorum) {
        Map<Integer, Long> ends = new java.util.HashMap<>();
        for (List<QuorumInfo.ReplicaState> replicas : List.of(quorum.voters(), quorum.observers())) {
            replicas.forEach(r -> ends.merge(r.replicaId(), r.logEndOffset(), Math::max));
        }
        return ends;
    }

    private static String brokerName(TestRun run, int nodeId) {
        return run.stack.options().brokerList().stream().filter(b -> b.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no broker with node id " + nodeId)).name();
    }
}
