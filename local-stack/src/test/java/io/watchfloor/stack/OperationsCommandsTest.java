package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.edge.kafka.ConsumerLag;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The plain parts of status, dlq and trace: parsing, dead-letter reading, grouping, lag lines, verdicts. */
class OperationsCommandsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsumerRecord<byte[], byte[]> letter(long offset, String key, String stage, String error,
                                                        String at, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        h.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.TOPIC, Topics.REPORTS_RAW.getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.PARTITION, "3".getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.OFFSET, "120".getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.STAGE, stage.getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.SERVICE, "enrich-service".getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.ERROR_CLASS, error.getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.ERROR_MESSAGE, "bad record".getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.TIMESTAMP, at.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(Topics.REPORTS_DLQ, 0, offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                key.getBytes(StandardCharsets.UTF_8), value, h, java.util.Optional.empty());
    }

    @Test
    void shouldReadADeadLetterWithItsOriginReasonAndOtherHeaders() {
        DeadLetterEntry e = DeadLetterEntry.of(letter(17, "r-1", "deserialize",
                "org.apache.kafka.common.errors.SerializationException", "2026-12-03T11:30:00Z",
                "{\"json\": \"not avro\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("reports-0-17", e.id());
        assertEquals("SerializationException", e.reason());
        assertEquals(Topics.REPORTS_RAW + "-3@120", e.origin());
        assertTrue(e.replayable());
        assertEquals(Instant.parse("2026-12-03T11:30:00Z"), e.time());
        assertEquals(Set.of("traceparent"), e.otherHeaders().keySet(), "dlq.* headers are not replayed");
        assertEquals("{\"json\": \"not avro\"}", e.preview(100));
    }

    @Test
    void shouldTellATruncatedDeadLetterSoReplayReadsTheWholeOriginal() {
        ConsumerRecord<byte[], byte[]> r = letter(18, "r-huge", "size", "x.RecordTooLarge", "2026-12-03T11:30:00Z",
                "first bytes".getBytes(StandardCharsets.UTF_8));
        DeadLetterEntry whole = DeadLetterEntry.of(r);
        assertFalse(whole.valueIncomplete(), "a dead letter with its whole value is replayed as it is");
        r.headers().add(DeadLetterHeaders.VALUE_TRUNCATED, "true".getBytes(StandardCharsets.UTF_8));
        r.headers().add(DeadLetterHeaders.VALUE_ORIGINAL_BYTES, "1500225".getBytes(StandardCharsets.UTF_8));

        DeadLetterEntry e = DeadLetterEntry.of(r);
        assertTrue(e.valueTruncated());
        assertTrue(e.valueIncomplete(), "replay must not republish the first bytes only");
        assertEquals(Set.of("traceparent"), e.otherHeaders().keySet());
        assertTrue(e.preview(200).startsWith("(first 11 bytes only"), e.preview(200));
        assertTrue(e.preview(200).endsWith("first bytes"), e.preview(200));
    }

    @Test
    void shouldPreviewAvroAsSchemaIdAndPrintableText() {
        byte[] avro = {0, 0, 0, 0, 7, 12, 'r', '-', '1', 2, 'A', 't', 't', 'a', 'c', 'k'};
        String preview = DeadLetterEntry.of(letter(1, "r-1", "store", "x.Y", "2026-12-03T11:30:00Z", avro))
                .preview(100);
        assertTrue(preview.startsWith("[avro schema 7, 16 bytes] "), preview);
        assertTrue(preview.contains("Attack"), preview);
    }

    @Test
    void shouldSelectByIdStageAndTimeAndGroupByStageAndReason() {
        List<DeadLetterEntry> all = List.of(
                DeadLetterEntry.of(letter(1, "a", "deserialize", "a.SerializationException", "2026-12-03T09:00:00Z",
                        new byte[] {1})),
                DeadLetterEntry.of(letter(2, "b", "deserialize", "a.SerializationException", "2026-12-03T11:10:00Z",
                        new byte[] {1})),
                DeadLetterEntry.of(letter(3, "c", "enrich", "java.lang.IllegalStateException", "2026-12-03T11:20:00Z",
                        new byte[] {1})));
        assertEquals(List.of("reports-0-2", "reports-0-3"), new DeadLetterLog.Selection(Set.of(), null,
                NOW.minus(Duration.ofHours(1))).of(all).stream().map(DeadLetterEntry::id).toList());
        assertEquals(List.of("reports-0-3"), new DeadLetterLog.Selection(Set.of(), "ENRICH", null).of(all).stream()
                .map(DeadLetterEntry::id).toList());
        assertEquals(List.of("reports-0-1"), new DeadLetterLog.Selection(Set.of("reports-0-1"), null, null).of(all)
                .stream().map(DeadLetterEntry::id).toList());
        List<DeadLetterLog.Group> groups = DeadLetterLog.summarize(all);
        assertEquals(2, groups.size());
        assertEquals(2, groups.get(0).count());
        assertEquals("deserialize", groups.get(0).stage());
        assertEquals(Instant.parse("2026-12-03T11:10:00Z"), groups.get(0).last());
        assertEquals("IllegalStateException", groups.get(1).reason());
    }

    @Test
    void shouldParseDlqFlagsAndRefuseAnUnboundedReplay() {
        var args = DeadLetterCommand.parse(List.of("replay", "--id", "reports-0-1", "--id", "alerts-0-2",
                "--dry-run"), NOW);
        assertEquals(Set.of("reports-0-1", "alerts-0-2"), args.ids());
        assertTrue(args.dryRun());
        assertEquals(NOW.minus(Duration.ofHours(2)), DeadLetterCommand.parse(List.of("list", "--since", "2h"), NOW)
                .since());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), DeadLetterCommand.parseWhen("2026-12-01", NOW));
        assertEquals(NOW.minus(Duration.ofMinutes(90)), DeadLetterCommand.parseWhen("PT90M", NOW));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeadLetterCommand.parse(List.of("replay"), NOW));
        assertTrue(e.getMessage().contains("dlq list"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeadLetterCommand.parse(List.of("list", "--since",
                "yesterday"), NOW));
        assertNull(DeadLetterCommand.parse(List.of("list"), NOW).stage());
    }

    @Test
    void shouldPrintLagPerGroupAndTopicWithTheLaggingPartitions() {
        List<String> lines = StatusCommand.lagLines(List.of(
                new ConsumerLag.PartitionLag("store-service", Topics.REPORTS_ENRICHED, 0, 10, 10),
                new ConsumerLag.PartitionLag("store-service", Topics.REPORTS_ENRICHED, 1, 5, 12),
                new ConsumerLag.PartitionLag("enrich-service", Topics.REPORTS_RAW, 0, 3, 3)));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).matches("enrich-service\\s+threat\\.reports\\.raw\\.v1\\s+0\\s+\\(none, 1 "
                + "partitions caught up\\)"), lines.get(1));
        assertTrue(lines.get(2).matches("store-service\\s+threat\\.reports\\.enriched\\.v1\\s+7\\s+1:7"),
                lines.get(2));
    }

    @Test
    void shouldCallASourceFailingOrStaleFromItsHealth() throws Exception {
        assertEquals("FAILING", StatusCommand.sourceVerdict(JSON.readTree(
                "{\"health\":{\"status\":\"OK\",\"consecutiveFailures\":3}}"), NOW));
        assertEquals("STALE", StatusCommand.sourceVerdict(JSON.readTree(
                "{\"health\":{\"status\":\"STALE\"}}"), NOW));
        assertEquals("OK", StatusCommand.sourceVerdict(JSON.readTree(
                "{\"health\":{\"status\":\"OK\",\"emptyPollStreak\":1}}"), NOW));
    }

    @Test
    void shouldNameTheComponentsThatAreDownInAHealthAnswer() throws Exception {
        String health = "{\"status\":\"DOWN\",\"details\":{\"kafka\":{\"status\":\"UP\"},\"store\":{\"status\":"
                + "\"DOWN\",\"details\":{\"database\":\"DOWN: connection refused\",\"consumer\":"
                + "\"PAUSED_DEPENDENCY_DOWN\"}}}}";
        String down = StatusCommand.downDetails(JSON.readTree(health));
        assertTrue(down.startsWith("store DOWN (database: DOWN: connection refused; consumer: "), down);
        assertFalse(down.contains("kafka"), down);
    }
}
