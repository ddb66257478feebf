package io.watchfloor.store.domain.trace;

import java.time.Instant;
import java.util.List;

/**
 * Where one report is: its records in the raw and enriched topics, its dead letters, its row in PostgreSQL and
 * the alerts it raised, each with its position and time. {@code notes} say what could not be searched and why.
 */
public record ReportTrace(String reportId, List<TopicRecord> raw, List<TopicRecord> enriched,
                          List<DeadLetterRecord> deadLetters, StoredRow stored, List<AlertRecord> alerts,
                          List<String> notes) {

    /** A record of the report in a topic; revision, enrichment time, catalog and groups when decodable. */
    public record TopicRecord(String topic, int partition, long offset, Instant time, Integer revision,
                              Instant enrichedAt, String catalogVersion, List<String> groups) {
    }

    /** A dead letter of the report, with the stage that refused it and why. */
    public record DeadLetterRecord(String topic, int partition, long offset, Instant time, String stage,
                                   String service, String reason, String message, String originTopic,
                                   Integer originPartition, Long originOffset) {
    }

    /** The report's row: revision, times, catalog, and the enriched-topic position it was written from. */
    public record StoredRow(int revision, Instant ingestedAt, Instant enrichedAt, Instant storedAt,
                            String catalogVersion, int kafkaPartition, long kafkaOffset) {
    }

    /** An alert the report raised. */
    public record AlertRecord(String topic, int partition, long offset, Instant time, String alertId, String type,
                              String subscriptionId) {
    }

    /** Whether any part of the pipeline has seen the report. */
    public boolean found() {
        return !raw.isEmpty() || !enriched.isEmpty() || !deadLetters.isEmpty() || stored != null
                || !alerts.isEmpty();
    }
}
