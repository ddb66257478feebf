package io.watchfloor.store.domain.alerts;

import java.time.Instant;
import java.util.List;

/**
 * An alert a subscription raised, as read back from alert-service ({@code GET /alerts}): the report it fired on
 * ({@code matchedReportId} is the copy the evidence offsets point into) and why. For {@code kind}
 * {@code source-health} the "report" ids are the feed source's id and {@code why} says what happened.
 */
public record Alert(String position, String alertId, String type, String reportId, String matchedReportId,
                    String title, String sourceName, Instant publishedAt, Instant createdAt,
                    List<Preview.Reason> reasons, String kind, String why) {

    public static final String SOURCE_HEALTH = "source-health";

    /** A report alert. */
    public Alert(String position, String alertId, String type, String reportId, String matchedReportId,
                 String title, String sourceName, Instant publishedAt, Instant createdAt,
                 List<Preview.Reason> reasons) {
        this(position, alertId, type, reportId, matchedReportId, title, sourceName, publishedAt, createdAt, reasons,
                "report", null);
    }

    public boolean isSourceHealth() {
        return SOURCE_HEALTH.equals(kind);
    }
}
