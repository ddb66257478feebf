package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.alerts.Alert;
import io.watchfloor.alert.domain.alerts.AlertType;
import io.watchfloor.alert.domain.health.SourceHealthAlert;
import io.watchfloor.alert.domain.health.SourceHealthEvent;
import io.watchfloor.alert.domain.matching.Clause;
import io.watchfloor.schemas.avro.AlertClause;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.AlertEvidence;
import io.watchfloor.schemas.avro.AlertSourceHealth;
import java.util.List;

/**
 * Alert domain -> Avro: an {@link Alert} or a {@link SourceHealthAlert} as the {@link AlertEvent} of
 * {@code threat.alerts.v1}.
 */
public final class AlertToAvro {
    public static final String CREATED = "alert.created";
    public static final String UPDATED = "alert.updated";
    /** A source-health alert's recovery notice: the source is healthy again after a watched outage. */
    public static final String RESOLVED = "alert.resolved";
    public static final String KIND_REPORT = "report";
    public static final String KIND_SOURCE_HEALTH = "source-health";

    private AlertToAvro() {
    }

    /** {@code reportLinkBase} is the store API's base URL; the link is {@code <base>/reports/<id>}. */
    public static AlertEvent map(Alert a, String reportLinkBase) {
        return AlertEvent.newBuilder()
                .setAlertId(a.alertId())
                .setType(a.type() == AlertType.CREATED ? CREATED : UPDATED)
                .setSubscriptionId(a.subscriptionId())
                .setSubscriptionName(a.subscriptionName())
                .setReportId(a.reportId())
                .setMatchedReportId(a.matchedReportId())
                .setRevision(a.revision())
                .setTitle(a.title())
                .setSourceName(a.sourceName())
                .setUrl(a.url())
                .setPublishedAt(a.publishedAt())
                .setClauses(a.clauses().stream().map(AlertToAvro::clause).toList())
                .setMatchFingerprint(a.matchFingerprint())
                .setPreviousAlertId(a.previousAlertId())
                .setCreatedAt(a.createdAt())
                .setReportLink(reportLinkBase == null ? null : reportLinkBase + "/reports/" + a.reportId())
                .setKind(KIND_REPORT)
                .build();
    }

    /**
     * A source-health alert in the same record as report alerts, so it takes the same delivery path. The
     * required report fields carry the source: {@code reportId} and {@code matchedReportId} are the source id
     * (the alert's subject), {@code revision} 0, {@code url} the feed URL.
     */
    public static AlertEvent map(SourceHealthAlert a) {
        SourceHealthEvent e = a.event();
        return AlertEvent.newBuilder()
                .setAlertId(a.alertId())
                .setType(a.type() == SourceHealthAlert.Type.ENTERED ? CREATED : RESOLVED)
                .setSubscriptionId(a.subscriptionId())
                .setSubscriptionName(a.subscriptionName())
                .setReportId(e.sourceId())
                .setMatchedReportId(e.sourceId())
                .setRevision(0)
                .setTitle(a.title())
                .setSourceName(e.sourceName())
                .setUrl(e.sourceUrl() == null || e.sourceUrl().isEmpty() ? null : e.sourceUrl())
                .setClauses(List.of(clause(a.clause())))
                .setMatchFingerprint(a.fingerprint())
                .setCreatedAt(a.createdAt())
                .setKind(KIND_SOURCE_HEALTH)
                .setWhy(a.why())
                .setSourceHealth(AlertSourceHealth.newBuilder()
                        .setSourceId(e.sourceId())
                        .setSourceName(e.sourceName() == null ? e.sourceId() : e.sourceName())
                        .setSourceUrl(e.sourceUrl() == null || e.sourceUrl().isEmpty() ? null : e.sourceUrl())
                        .setStatus(e.status())
                        .setPreviousStatus(a.previousStatus())
                        .setReason(a.reason())
                        .setSince(a.since())
                        .setPolledAt(e.polledAt() == null ? a.createdAt() : e.polledAt())
                        .setIntervalSeconds(e.intervalSeconds())
                        .setConsecutiveFailures(e.consecutiveFailures())
                        .setEmptyPollStreak(e.emptyPollStreak())
                        .setHttpStatus(e.httpStatus())
                        .setLastError(e.lastError())
                        .build())
                .build();
    }

    private static AlertClause clause(Clause c) {
        return AlertClause.newBuilder()
                .setField(c.field())
                .setValue(c.value())
                .setTagKind(c.tagKind())
                .setTagId(c.tagId())
                .setTagName(c.tagName())
                .setScore(c.score())
                .setRole(c.role())
                .setEvidence(c.evidence().stream().map(e -> AlertEvidence.newBuilder().setField(e.field())
                        .setStart(e.start()).setEnd(e.end()).setText(e.text()).build()).toList())
                .build();
    }
}
