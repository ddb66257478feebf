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
    /** Polled fine, but nothing new for {@link #STALE_AFTER_EMPTY_POLLS} of its intervals in a row. */
    public static final String STALE = "STALE";
    /** Empty polls in a row (not modified, or nothing new) after which a source is STALE. */
    public static final int STALE_AFTER_EMPTY_POLLS = 6;
    /** Failed polls in a row after which a source is FAILING ({@code watchfloor.feeds.failing-after}). */
    public static final int DEFAULT_FAILING_AFTER = 3;

    /** The status of a successful poll: STALE after many empty polls in a row, else NOT_MODIFIED or OK. */
    public static String afterSuccess(boolean notModified, int emptyPollStreak) {
        if (emptyPollStreak >= STALE_AFTER_EMPTY_POLLS) {
            return STALE;
        }
        return notModified ? NOT_MODIFIED : OK;
    }

    /**
     * The status of a failed poll: FAILING from the {@code failingAfter}-th failure in a row; before that the
     * source keeps the status its last poll left (a single timeout is not an outage).
     */
    public static String afterFailure(String previous, int consecutiveFailures, int failingAfter) {
        return consecutiveFailures >= failingAfter ? FAILING : previous;
    }

    public static SourceHealth initial(String sourceId) {
        return new SourceHealth(sourceId, NEVER_POLLED, null, null, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null,
                null, null);
    }

    /** This health after a poll at {@code at} that failed with {@code error} outside the normal path. */
    public SourceHealth failed(Instant at, String error) {
        return new SourceHealth(sourceId, FAILING, at, lastSuccessAt, 0, format, 0, 0, 0, 0, 0, 0, parseErrors,
                totalPolls + 1, totalPublished, emptyPollStreak, consecutiveFailures + 1, error,
                newestItemPublished, nextPollAt);
    }

    public SourceHealth withNextPollAt(Instant next) {
        return new SourceHealth(sourceId, status, lastPollAt, lastSuccessAt, httpStatus, format, itemsSeen, itemsNew,
                duplicates, nearDuplicates, revisions, itemErrors, parseErrors, totalPolls, totalPublished,
                emptyPollStreak, consecutiveFailures, lastError, newestItemPublished, next);
    }
}
