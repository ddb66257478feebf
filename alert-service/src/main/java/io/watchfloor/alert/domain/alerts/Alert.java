package io.watchfloor.alert.domain.alerts;

import io.watchfloor.alert.domain.matching.Clause;

import java.time.Instant;
import java.util.List;

/**
 * One alert for one subscription about one story (reportId is the root: duplicateOf for a near-duplicate),
 * why it fired, and the id receivers dedupe on. Evidence offsets point into matchedReportId's title and text.
 */
public record Alert(String alertId, AlertType type, String subscriptionId, String subscriptionName,
                    String reportId, String matchedReportId, int revision, String title, String sourceName,
                    String url, Instant publishedAt, List<Clause> clauses, String matchFingerprint,
                    String previousAlertId, Instant createdAt) {

    public Alert {
        clauses = List.copyOf(clauses);
    }
}
