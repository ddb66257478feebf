package io.watchfloor.faults;

import io.watchfloor.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Test 8: the dead-letter topic unavailable while enrich must dead-letter. During the load the test reads
 * {@code threat.reports.dlq.v1}'s partitions, replication and topic configs, deletes it (the broker does not
 * auto-create topics), produces 3 corrupt raw records and watches enrich-service: its /health must turn DOWN
 * naming the dead-letter topic, and its group must not commit past the corrupt records. Then the topic is created
 * again as it was and enrich must recover by itself: every corrupt record dead-lettered exactly once with the right
 * headers, /health UP, every accepted report stored (the audit).
 */
final class DeadLetterTopicMissing implements FaultTest {
    static final int CORRUPT = 3;
    static final String GROUP = "enrich-service";
    /** How long the test waits for /health to turn DOWN (from the deletion), and then for the recovery. */
    static final Duration DOWN_WITHIN = Duration.ofSeconds(60);
    /**
     * How long the topic stays away after the corrupt records were produced: longer than the Streams producer's
     * {@code max.block.ms} (60 s), so the send waiting for the topic times out and the task is retried from its
     * last committed transaction (the path where a record could be skipped).
     */
    static final Duration HOLD = Duration.ofSeconds(80);
    static final Duration RECOVER_WITHIN = Duration.ofMinutes(5);

    private final Map<String, RecordMetadata> produced = new HashMap<>();
    private volatile long downAfterMillis = -1;
    private volatile String downBody = "";
    private volatile int downStatus;
    private volatile long healthSamples;
    private volatile long downSamples;
    private volatile long upWhileMissing;
    private volatile long recoveredAfterMillis = -1;
    private volatile String recreatedAs = "";
    private final List<String> committedPast = new ArrayList<>();
    private volatile long commitSamples;
    private volatile long threadFailuresBefore = -1;
    private volatile long threadFailuresAfter = -1;
    private volatile long heldMillis;

    @Override
    public int number() {
        return 8;
    }

    @Override
    public String name() {
        return "dead-letter topic unavailable";
    }

    @Override
    public String fault() {
        return "dead-letter topic deleted";
    }

    @Override
    public int planned(SuiteConfig config) {
        return 1;
    }

    @Override
    public int minLoadSeconds(SuiteConfig config) {
        return 20;
    }

    @Override
    public void inject(TestRun run) throws Exception {
        produced.clear();
        committedPast.clear();
        downAfterMillis = -1;
        recoveredAfterMillis = -1;
        healthSamples = 0;
        downSamples = 0;
        upWhileMissing = 0;
        commitSamples = 0;
        threadFailuresBefore = threadFailures(health(run, HttpClient.newHttpClient()));
        threadFailuresAfter = -1;
        heldMillis = 0;
        run.atFraction(0.3);
        try (Admin admin = run.probe.admin(); CorruptRawRecords corrupt = new CorruptRawRecords(run)) {
            corrupt.prepare();
            String dlq = Topics.REPORTS_DLQ;
            TopicDescription description = admin.describeTopics(List.of(dlq)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(dlq);
            int partitions = description.partitions().size();
            short rf = (short) description.partitions().get(0).replicas().size();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, dlq);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            Map<String, String> topicConfig = new HashMap<>();
            for (ConfigEntry e : config.entries()) {
                if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null) {
                    topicConfig.put(e.name(), e.value());
                }
            }
            // the topic as it was, to create again
            NewTopic again = new NewTopic(dlq, partitions, rf).configs(topicConfig);
            admin.deleteTopics(List.of(dlq)).all().get(60, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            Map<TopicPartition, Long> fromStart = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                fromStart.put(new TopicPartition(dlq, p), 0L);
            }
            boolean back = false;
            try {
                awaitGone(admin, dlq);
                long deleted = run.load.elapsedMillis();
                run.status(dlq + " deleted (" + partitions + " partitions, replication " + rf + ", " + topicConfig
                        + "); producing " + CORRUPT + " corrupt raw records");
                try {
                    for (int i = 0; i < CORRUPT; i++) {
                        corrupt.produce(i);
                    }
                } finally {
                    produced.putAll(corrupt.produced());
                }
                // enrich must turn red and stay red, and must not commit past a record it could not dead-letter; the
                // topic stays away at least HOLD after the corrupt records, so a stream thread runs into it
                long deadline = System.nanoTime() + DOWN_WITHIN.toNanos();
                long holdUntil = System.nanoTime() + HOLD.toNanos();
                long lastLine = 0;
                while (true) {
                    sampleCommits(run, admin);
                    HttpResponse<String> health = health(run, http);
                    healthSamples++;
                    boolean down = health != null && health.statusCode() != 200;
                    if (down && downAfterMillis < 0) {
                        downAfterMillis = run.load.elapsedMillis() - deleted;
                        downStatus = health.statusCode();
                        downBody = health.body();
                        run.status("enrich-service /health " + health.statusCode() + " after " + downAfterMillis / 1000.0
                                + " s without the dead-letter topic: " + reason(health.body()));
                    } else if (!down && downAfterMillis >= 0) {
                        upWhileMissing++;
                    } else if (down) {
                        downSamples++;
                    }
                    long now = System.nanoTime();
                    long failures = threadFailures(health);
                    if (failures > threadFailuresAfter) {
                        threadFailuresAfter = failures;
                    }
                    if (downAfterMillis >= 0 ? now >= holdUntil : now >= deadline) {
                        break;
                    }
                    if (downAfterMillis < 0 && now - lastLine > TimeUnit.SECONDS.toNanos(15)) {
                        lastLine = now;
                        run.status("waiting for enrich-service /health to turn DOWN: " + (health == null ? "no answer"
                                : health.statusCode() + " " + reason(health.body())));
                    }
                    Thread.sleep(1000);
                }
                heldMillis = (System.nanoTime() - holdUntil + HOLD.toNanos()) / 1_000_000;
                threadFailuresAfter = Math.max(threadFailuresAfter, threadFailures(health(run, http)));
                if (downAfterMillis < 0) {
                    run.status("enrich-service /health stayed UP for " + DOWN_WITHIN.toSeconds() + " s without "
                            + dlq);
                }
                sampleCommits(run, admin);
                create(admin, again);
                back = true;
            } finally {
                if (!back) {
                    // the test broke off: the next tests need the topic, the audit its new start
                    try {
                        create(admin, again);
                        run.dlqStart = fromStart;
                    } catch (Exception e) {
                        run.status("could not create " + dlq + " again: " + e);
                    }
                }
            }
            recreatedAs = partitions + " partitions, replication " + rf + ", " + topicConfig;
            // the audit and the checks read the new topic from its start
            run.dlqStart = fromStart;
            long recreated = run.load.elapsedMillis();
            run.status(dlq + " created again (" + recreatedAs + "); waiting for enrich to dead-letter and turn UP");
            // recovery without a restart: the dead letters arrive and /health is UP again
            long recoverDeadline = System.nanoTime() + RECOVER_WITHIN.toNanos();
            while (System.nanoTime() < recoverDeadline) {
                Map<String, List<PipelineProbe.DeadLetterRecord>> letters = CorruptRawRecords.awaitDeadLetters(run,
                        produced, fromStart, Duration.ZERO);
                HttpResponse<String> health = health(run, http);
                if (letters.size() == produced.size() && health != null && health.statusCode() == 200) {
                    recoveredAfterMillis = run.load.elapsedMillis() - recreated;
                    break;
                }
                Thread.sleep(1000);
            }
            run.status(recoveredAfterMillis >= 0 ? "enrich-service recovered " + recoveredAfterMillis / 1000.0
                    + " s after the topic was created again, without a restart"
                    : "enrich-service did not recover within " + RECOVER_WITHIN.toSeconds() + " s");
            run.faultDone();
        }
    }

    /** enrichProgress's {@code threadFailuresTotal} in a /health answer, or -1. */
    static long threadFailures(HttpResponse<String> health) {
        if (health == null) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"threadFailuresTotal\"\\s*:\\s*(\\d+)")
                .matcher(health.body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Creates the topic, waiting while the old one is still being deleted. */
    private static void create(Admin admin, NewTopic topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500); // still being deleted
            }
        }
    }

    private static void awaitGone(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic + " still listed 60 s after its deletion");
            }
            Thread.sleep(200);
        }
    }

    /** Enrich's committed offsets on the corrupt records' partitions: none may be past a corrupt record. */
    private void sampleCommits(TestRun run, Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            commitSamples++;
            for (Map.Entry<String, RecordMetadata> e : produced.entrySet()) {
                RecordMetadata m = e.getValue();
                OffsetAndMetadata at = committed.get(new TopicPartition(m.topic(), m.partition()));
                if (at != null && at.offset() > m.offset()) {
                    String past = e.getKey() + " at " + m.partition() + "@" + m.offset() + ", committed "
                            + at.offset();
                    synchronized (committedPast) {
                        if (committedPast.stream().noneMatch(s -> s.startsWith(e.getKey() + " "))) {
                            committedPast.add(past);
                        }
                    }
                }
            }
        } catch (Exception e) {
            // the group may be rebalancing: the next sample
        }
    }

    private static HttpResponse<String> health(TestRun run, HttpClient http) {
        try {
            // the stack's API key is also an operator key: /health with the components and their details
            return http.send(HttpRequest.newBuilder(URI.create(run.stack.enrichUrl() + "/health"))
                    .header("X-API-Key", run.stack.apiKey()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    /** The deadLetterTopic entry's reason, else the first reason, else the body's start. */
    static String reason(String body) {
        int entry = body.indexOf("\"deadLetterTopic\"");
        int at = body.indexOf("\"reason\"", Math.max(0, entry));
        if (at < 0) {
            at = body.indexOf("\"reason\"");
        }
        String from = at >= 0 ? body.substring(at) : body;
        return from.substring(0, Math.min(from.length(), at >= 0 ? 400 : 160));
    }

    @Override
    public void verify(TestRun run) throws Exception {
        String dlq = Topics.REPORTS_DLQ;
        run.check("health DOWN within " + DOWN_WITHIN.toSeconds() + " s, naming the topic", downAfterMillis >= 0
                        && downAfterMillis <= DOWN_WITHIN.toMillis()
                        && downStatus == 503 && downBody.contains("deadLetterTopic")
                        && downBody.contains(dlq),
                downAfterMillis < 0 ? "enrich-service /health stayed 200 for " + DOWN_WITHIN.toSeconds() + " s ("
                        + healthSamples + " samples)" : "HTTP " + downStatus + " after " + downAfterMillis / 1000.0
                        + " s: " + reason(downBody));
        run.check("health stayed DOWN until the topic was back", downAfterMillis >= 0 && upWhileMissing == 0,
                (downSamples + 1) + " samples DOWN, " + upWhileMissing + " UP after the first DOWN, while "
                        + dlq + " was missing");
        run.check("no commit past the records it could not dead-letter", commitSamples > 0
                && committedPast.isEmpty(), commitSamples + " samples of the " + GROUP + " group's offsets while "
                + "the topic was missing; " + (committedPast.isEmpty() ? "none past a corrupt record"
                : "committed past: " + committedPast) + "; enrichProgress threadFailuresTotal " + threadFailuresBefore
                + " before the deletion, " + threadFailuresAfter + " after " + heldMillis / 1000.0 + " s without the "
                + "topic (a stream thread fails after max.block.ms, or Streams re-initialises the task without one)");
        run.check("recovered without a restart once the topic was back", recoveredAfterMillis >= 0,
                recoveredAfterMillis >= 0 ? "dead letters written and /health 200 " + recoveredAfterMillis / 1000.0
                        + " s after " + dlq + " was created again (" + recreatedAs + ")"
                        : "not within " + RECOVER_WITHIN.toSeconds() + " s");
        CorruptRawRecords.checkDeadLetters(run, produced,
                CorruptRawRecords.awaitDeadLetters(run, produced, run.dlqStart, Duration.ofSeconds(60)));
        HttpResponse<String> health = health(run, HttpClient.newHttpClient());
        run.check("enrich UP at the end", health != null && health.statusCode() == 200,
                health == null ? "no answer" : "enrich-service /health " + health.statusCode());
    }
}
