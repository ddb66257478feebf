package io.watchfloor.store.domain.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trace use case: asks PostgreSQL first, and uses the stored ingest time to start the topic searches near the
 * report (the raw record's timestamp is its ingest time), so a trace of a stored report reads little. A source
 * that does not answer becomes a note; the others are still shown.
 */
public final class ReportTracer {
    /** Searches start this long before the ingest time (clock skew between producers). */
    static final Duration SLACK = Duration.ofMinutes(5);

    private final TraceSources.StoredRows rows;
    private final TraceSources.Topics topics;

    public ReportTracer(TraceSources.StoredRows rows, TraceSources.Topics topics) {
        this.rows = rows;
        this.topics = topics;
    }

    public ReportTrace trace(String id) {
        List<String> notes = new ArrayList<>();
        ReportTrace.StoredRow stored = null;
        try {
            stored = rows.find(id).orElse(null);
        } catch (TraceSources.TraceUnavailableException e) {
            notes.add("PostgreSQL not searched: " + e.getMessage());
        }
        Instant from = stored == null ? null : stored.ingestedAt().minus(SLACK);
        List<ReportTrace.TopicRecord> raw = List.of();
        List<ReportTrace.TopicRecord> enriched = List.of();
        List<ReportTrace.DeadLetterRecord> dead = List.of();
        List<ReportTrace.AlertRecord> alerts = List.of();
        try {
            raw = sorted(topics.raw(id, from));
            Instant since = from != null ? from : raw.stream().map(ReportTrace.TopicRecord::time)
                    .min(Comparator.naturalOrder()).map(t -> t.minus(SLACK)).orElse(null);
            enriched = sorted(topics.enriched(id, since));
            dead = topics.deadLetters(id).stream()
                    .sorted(Comparator.comparing(ReportTrace.DeadLetterRecord::time)).toList();
            alerts = topics.alerts(id, since).stream().sorted(Comparator.comparing(ReportTrace.AlertRecord::time))
                    .toList();
        } catch (TraceSources.TraceUnavailableException e) {
            notes.add("Topics not (fully) searched: " + e.getMessage());
        }
        if (stored == null && !raw.isEmpty() && dead.isEmpty() && enriched.isEmpty()) {
            notes.add("In the raw topic but not enriched yet: enrich-service may be behind (see consumer lag in "
                    + "./watchfloor status) or down.");
        }
        if (stored == null && !enriched.isEmpty() && dead.isEmpty()) {
            notes.add("Enriched but not stored: store-service may be behind or paused (./watchfloor status).");
        }
        if (!dead.isEmpty() && stored == null) {
            notes.add("Dead-lettered: fix the cause, then ./watchfloor dlq replay --stage "
                    + dead.get(dead.size() - 1).stage() + " (or --id).");
        }
        return new ReportTrace(id, raw, enriched, dead, stored, alerts, notes);
    }

    private static List<ReportTrace.TopicRecord> sorted(List<ReportTrace.TopicRecord> records) {
        return records.stream().sorted(Comparator.comparing(ReportTrace.TopicRecord::time)
                .thenComparingLong(ReportTrace.TopicRecord::offset)).toList();
    }
}
