package io.watchfloor.store.domain;

import java.time.Instant;

/**
 * Filters for the report list; blank filters are null. Time bounds apply to the published time,
 * or the ingest time when the source gave none ({@code from} inclusive, {@code to} exclusive).
 */
public record ReportQuery(String group, String entity, String text, Instant from, Instant to, int limit,
                          ReportCursor after) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;

    public ReportQuery {
        group = blankToNull(group);
        entity = blankToNull(entity);
        text = blankToNull(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got from=" + from + " to=" + to);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
