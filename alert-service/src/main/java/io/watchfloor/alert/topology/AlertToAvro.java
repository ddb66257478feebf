package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.alerts.Alert;
import io.watchfloor.alert.domain.alerts.AlertType;
import io.watchfloor.alert.domain.matching.Clause;
import io.watchfloor.schemas.avro.AlertClause;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.AlertEvidence;

/** Alert domain -> Avro: an {@link Alert} as the {@link AlertEvent} of {@code threat.alerts.v1}. */
public final class AlertToAvro {
    public static final String CREATED = "alert.created";
    public static final String UPDATED = "alert.updated";

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
