package io.watchfloor.store.domain.ops;

import java.time.Duration;
import java.time.Instant;

/**
 * A feed as ingest-service reports it ({@code GET /sources}): what it is, and the health of its polls (null
 * fields: never polled). Staleness is judged here, the same way for every page.
 */
public record FeedSource(String id, String name, String url, int intervalSeconds, String status,
                         Instant lastPollAt, Instant lastSuccessAt, int httpStatus, int itemsSeen, int itemsNew,
                         int duplicates, int itemErrors, long parseErrors, long totalPolls, long totalPublished,
                         int consecutiveFailures, String lastError, Instant newestItemPublished,
                         Instant nextPollAt) {
    /** Polls that may fail or be missed in a row before a feed counts as stale. */
    static final int MISSED_POLLS = 3;

    /** Time since the last successful poll (or since never: null). */
    public Duration sinceSuccess(Instant now) {
        return lastSuccessAt == null ? null : Duration.between(lastSuccessAt, now);
    }

    /** No successful poll for {@value #MISSED_POLLS} intervals, or never one. */
    public boolean stale(Instant now) {
        Duration since = sinceSuccess(now);
        return since == null || since.compareTo(Duration.ofSeconds((long) Math.max(1, intervalSeconds)
                * MISSED_POLLS)) > 0;
    }

    /** Healthy: polled successfully of late, not failing. */
    public boolean healthy(Instant now) {
        return !stale(now) && consecutiveFailures == 0;
    }
}
