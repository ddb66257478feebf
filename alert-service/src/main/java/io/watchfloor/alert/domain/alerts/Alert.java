package io.watchfloor.alert.domain.alerts;

import io.watchfloor.alert.domain.matching.Clause;

import java.time.Instant;
import java.util.List;

/**
 * One alert for one subscription about one story: the root report ({@code duplicateOf} when the matched
 * report is a near-duplicate), why it fired, and the id receivers dedupe on. {@code matchedReportId} is the
 * report whose title and text the evidence offsets point into; it differs from {@code reportId} only for a
 * duplicate.
 */
public record Alert(String alertId, AlertType type, String subscriptionId, String subscriptionName,
                    String reportId, String matchedReportId, int revision, String title, String sourceName,
                    String url, Instant publishedAt, List<Clause> clauses, String matchFingerprint,
                    String previousAlertId, Instant createdAt) {

    public Alert {
        clauses = List.copyOf(clauses);
    }
}
