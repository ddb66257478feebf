package io.watchfloor.ingest.intake;

import java.time.Instant;

/** Where the broker acknowledged a report: topic, partition, offset and the record timestamp. */
public record PublishResult(String id, String topic, int partition, long offset, Instant timestamp) {
}
