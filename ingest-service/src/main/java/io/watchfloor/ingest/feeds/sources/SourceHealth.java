package io.watchfloor.ingest.feeds.sources;

import java.time.Instant;

/**
 * What the last polls of one source did: shown by {@code GET /sources} and published to the health topic.
 * Counters named {@code last*}/{@code items*} describe the last poll; {@code total*} accumulate since start.
 */
public record SourceHealth(
        String sourceId,
        String status,
        Instant lastPollAt,
        Instant lastSuccessAt,
        int httpStatus,
        String format,
        int itemsSeen,
        int itemsNew,
        int duplicates,
        int nearDuplicates,
        int revisions,
        int itemErrors,
        long parseErrors,
        long totalPolls,
        long totalPublished,
        int emptyPollStreak,
        int consecutiveFailures,
        String lastError,
        Instant newestItemPublished,
        Instant nextPollAt) {

    /** Status values. */
    public static final String NEVER_POLLED = "NEVER_POLLED";
    public static final String OK = "OK";
    public static final String NOT_MODIFIED = "NOT_MODIFIED";
    public static final String FAILING = "FAILING";

    public static SourceHealth initial(String sourceId) {
        return new SourceHealth(sourceId, NEVER_POLLED, null, null, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null,
                null, null);
    }

    public SourceHealth withNextPollAt(Instant next) {
        return new SourceHealth(sourceId, status, lastPollAt, lastSuccessAt, httpStatus, format, itemsSeen, itemsNew,
                duplicates, nearDuplicates, revisions, itemErrors, parseErrors, totalPolls, totalPublished,
                emptyPollStreak, consecutiveFailures, lastError, newestItemPublished, next);
    }
}
