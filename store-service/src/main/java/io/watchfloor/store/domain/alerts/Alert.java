package io.watchfloor.store.domain.alerts;

import java.time.Instant;
import java.util.List;

/**
 * An alert a subscription raised, as read back from alert-service ({@code GET /alerts}): the report it fired on
 * ({@code matchedReportId} is the copy the evidence offsets point into) and why.
 */
public record Alert(String position, String alertId, String type, String reportId, String matchedReportId,
                    String title, String sourceName, Instant publishedAt, Instant createdAt,
                    List<Preview.Reason> reasons) {
}
