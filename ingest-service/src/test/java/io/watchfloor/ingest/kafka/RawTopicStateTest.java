package io.watchfloor.ingest.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.watchfloor.ingest.config.StateProperties;
import io.watchfloor.ingest.domain.PublishedKeys;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportSource;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.testsupport.Publishers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Restore to the end offsets before ready, health while restoring, retry when the topic is missing. */
class RawTopicStateTest {
    private static final String TOPIC = "threat.reports.raw.v1";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final StateProperties PROPERTIES = new StateProperties(true, "test", Duration.ofMillis(20),
            Duration.ofSeconds(5));

    private final DuplicateIndex index = new DuplicateIndex(100);
    private final PublishedKeys keys = new PublishedKeys(100, Duration.ofDays(1), Clock.systemUTC());

    @Test
    void shouldRestoreEveryRecordUpToTheEndBeforeBeingReady() throws Exception {
        MockConsumer<String, RawReport> consumer = consumerWith(List.of(
                raw("r-1", 1, "h1", Map.of()), raw("r-1", 2, "h2", Map.of()),
                raw("r-2", 1, "h3", PublishedKeys.attributes("key", new byte[] {7}))));
        RawTopicState state = new RawTopicState(index, keys, () -> consumer, TOPIC, PROPERTIES);
        assertEquals(HealthStatus.DOWN, health(state).getStatus());
        assertThrows(PublishException.class, () -> state.assign(report("r-1", "h9")), "no guessed revision");
        state.start();
        try {
            state.ready().get(10, TimeUnit.SECONDS);
            assertEquals(2, index.knownRevision("r-1"));
            assertEquals(1, index.knownRevision("r-2"));
            assertEquals("r-2", keys.find(PublishedKeys.sha256Hex("key")).orElseThrow().reportId());
            assertEquals(3, state.assign(report("r-1", "h-corrected")).revision());
            HealthResult health = health(state);
            assertEquals(HealthStatus.UP, health.getStatus());
            Map<?, ?> details = (Map<?, ?>) health.getDetails();
            assertEquals(3L, details.get("recordsRead"));
            assertEquals("tailing", details.get("state"));
        } finally {
            state.close();
        }
    }

    @Test
    void shouldRetryWhileTheTopicIsMissingAndSayWhy() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        RawTopicState state = new RawTopicState(index, keys, () -> {
            if (attempts.incrementAndGet() < 3) {
                return new MockConsumer<>("earliest"); // no partitions: the topic does not exist
            }
            return consumerWith(List.of(raw("r-1", 1, "h1", Map.of())));
        }, TOPIC, PROPERTIES);
        state.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 2);
            state.ready().get(10, TimeUnit.SECONDS);
            assertTrue(attempts.get() >= 3);
            assertEquals(1, index.knownRevision("r-1"));
            assertFalse(((Map<?, ?>) health(state).getDetails()).containsKey("lastError"));
        } finally {
            state.close();
        }
    }

    private static MockConsumer<String, RawReport> consumerWith(List<RawReport> records) {
        MockConsumer<String, RawReport> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0],
                new Node[0])));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) records.size()));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < records.size(); i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, records.get(i).getId(), records.get(i)));
            }
        });
        return consumer;
    }

    private static HealthResult health(RawTopicState state) {
        return Publishers.first(state.getResult());
    }

    private static Report report(String id, String hash) {
        return new Report(id, new ReportSource("http", "api", null, null), null, "t", "text", "text/plain", null,
                null, Instant.now(), hash, Map.of(), 1, null);
    }

    private static RawReport raw(String id, int revision, String hash, Map<String, String> attributes) {
        return ReportToRawAvro.map(new Report(id, new ReportSource("http", "api", null, null), null, "t",
                "text " + hash, "text/plain", null, null, Instant.now(), hash, attributes, revision, null));
    }
}
