package io.watchfloor.store.domain;

import java.time.Instant;

/**
 * Filters for the report list; blank filters are null. {@code entity} and {@code place} match an entity id or
 * name, {@code source} the source name, {@code topic} a topic name. Time bounds apply to the published time, or
 * the ingest time when the source gave none ({@code from} inclusive, {@code to} exclusive).
 */
public record ReportQuery(String group, String entity, String place, String source, String topic, String text,
                          Instant from, Instant to, int limit, ReportCursor after) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;

    public ReportQuery {
        group = blankToNull(group);
        entity = blankToNull(entity);
        place = blankToNull(place);
        source = blankToNull(source);
        topic = blankToNull(topic);
        text = blankToNull(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got from=" + from + " to=" + to);
        }
    }

    /** The filters of the JSON API: group, entity, full text and time. */
    public ReportQuery(String group, String entity, String text, Instant from, Instant to, int limit,
                       ReportCursor after) {
        this(group, entity, null, null, null, text, from, to, limit, after);
    }

    /** The same filters from another position. */
    public ReportQuery after(ReportCursor position) {
        return new ReportQuery(group, entity, place, source, topic, text, from, to, limit, position);
    }

    /** The same filters with another page size, from the first page. */
    public ReportQuery withLimit(int newLimit) {
        return new ReportQuery(group, entity, place, source, topic, text, from, to, newLimit, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
