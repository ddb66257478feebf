package io.watchfloor.alert.domain.health;

import java.time.Instant;

/**
 * One poll's outcome for one feed source, as ingest-service reports it on the health topic: what source-health
 * subscriptions watch. {@code intervalSeconds} is 0 when the record does not say.
 */
public record SourceHealthEvent(String sourceId, String sourceName, String sourceUrl, String status,
                                Instant polledAt, Instant lastSuccessAt, int httpStatus, int emptyPollStreak,
                                int consecutiveFailures, String lastError, Instant newestItemPublished,
                                int intervalSeconds) {
}
