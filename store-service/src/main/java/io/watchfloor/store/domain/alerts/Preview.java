package io.watchfloor.store.domain.alerts;

import java.time.Instant;
import java.util.List;

/**
 * What a filter would have fired on: how many recently stored reports alert-service read (over {@code days}) and
 * each one the filter matches, with the clauses that matched and their evidence.
 */
public record Preview(int days, int scanned, List<Hit> hits) {

    /** One stored report the filter matches. */
    public record Hit(String reportId, String title, Instant publishedAt, List<Reason> reasons) {
    }

    /**
     * One matched clause: the filter field and value, and the report's tag that met it (kind, id, name, score,
     * role) with its evidence spans. Alerts carry the same clauses.
     */
    public record Reason(String field, String value, String tagKind, String tagId, String tagName, Double score,
                         String role, List<Span> evidence) {
    }

    /** Evidence: a span of the report's title or text. */
    public record Span(String field, int start, int end, String text) {
    }
}
