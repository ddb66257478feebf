package io.watchfloor.alert.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.alert.domain.delivery.DigestWindow;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.schemas.avro.AlertClause;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.AlertEvidence;
import io.watchfloor.schemas.avro.AlertSourceHealth;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro alert -> the JSON every consumer sees (webhook body, SSE data, API items): the Standard Webhooks shape
 * {@code {"type", "timestamp", "data"}}, {@code data} being the alert with clauses and evidence; nulls left out.
 */
final class AlertJson {
    static final String DIGEST = "alert.digest";
    static final String TEST = "alert.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {
    }

    /** {@code {"type": "alert.created|updated|resolved", "timestamp": createdAt, "data": alert}}. */
    static Map<String, Object> message(AlertEvent alert) {
        return envelope(alert.getType(), alert.getCreatedAt(), data(alert));
    }

    /** One delivery for a digest window: its alerts, oldest first, under {@code data.alerts}. */
    static Map<String, Object> digest(String subscriptionId, String subscriptionName, DigestWindow window,
                                      List<AlertEvent> alerts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", subscriptionId);
        put(data, "subscriptionName", subscriptionName);
        data.put("windowStart", window.start().toString());
        data.put("windowEnd", window.end().toString());
        data.put("count", alerts.size());
        data.put("alerts", alerts.stream().map(AlertJson::data).toList());
        return envelope(DIGEST, window.end(), data);
    }

    /** The {@code alert.test} event of {@code POST /subscriptions/{id}/test}. */
    static Map<String, Object> test(Subscription subscription, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", subscription.id());
        put(data, "subscriptionName", subscription.name());
        data.put("message", "Test event from Watchfloor alert-service: if the signature verifies, your "
                + "endpoint is ready for alert.created and alert.updated.");
        return envelope(TEST, now, data);
    }

    static byte[] bytes(Map<String, Object> message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings, numbers and lists always serialises", e);
        }
    }

    /** The alert itself: every field of the Avro record, instants as ISO-8601 UTC strings. */
    static Map<String, Object> data(AlertEvent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.getAlertId());
        m.put("type", a.getType());
        m.put("subscriptionId", a.getSubscriptionId());
        put(m, "subscriptionName", a.getSubscriptionName());
        m.put("reportId", a.getReportId());
        m.put("matchedReportId", a.getMatchedReportId());
        m.put("revision", a.getRevision());
        put(m, "title", a.getTitle());
        put(m, "sourceName", a.getSourceName());
        put(m, "url", a.getUrl());
        put(m, "publishedAt", a.getPublishedAt() == null ? null : a.getPublishedAt().toString());
        m.put("clauses", a.getClauses().stream().map(AlertJson::clause).toList());
        m.put("matchFingerprint", a.getMatchFingerprint());
        put(m, "previousAlertId", a.getPreviousAlertId());
        m.put("createdAt", a.getCreatedAt().toString());
        put(m, "reportLink", a.getReportLink());
        m.put("kind", a.getKind());
        put(m, "why", a.getWhy());
        if (a.getSourceHealth() != null) {
            m.put("sourceHealth", sourceHealth(a.getSourceHealth()));
        }
        return m;
    }

    private static Map<String, Object> sourceHealth(AlertSourceHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceId", h.getSourceId());
        m.put("sourceName", h.getSourceName());
        put(m, "sourceUrl", h.getSourceUrl());
        m.put("status", h.getStatus());
        put(m, "previousStatus", h.getPreviousStatus());
        m.put("reason", h.getReason());
        put(m, "since", h.getSince() == null ? null : h.getSince().toString());
        m.put("polledAt", h.getPolledAt().toString());
        if (h.getIntervalSeconds() > 0) {
            m.put("intervalSeconds", h.getIntervalSeconds());
        }
        m.put("consecutiveFailures", h.getConsecutiveFailures());
        m.put("emptyPollStreak", h.getEmptyPollStreak());
        if (h.getHttpStatus() > 0) {
            m.put("httpStatus", h.getHttpStatus());
        }
        put(m, "lastError", h.getLastError());
        return m;
    }

    private static Map<String, Object> clause(AlertClause c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", c.getField());
        m.put("value", c.getValue());
        m.put("tagKind", c.getTagKind());
        put(m, "tagId", c.getTagId());
        put(m, "tagName", c.getTagName());
        put(m, "score", c.getScore());
        put(m, "role", c.getRole());
        m.put("evidence", c.getEvidence().stream().map(AlertJson::evidence).toList());
        return m;
    }

    private static Map<String, Object> evidence(AlertEvidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", e.getField());
        m.put("start", e.getStart());
        m.put("end", e.getEnd());
        m.put("text", e.getText());
        return m;
    }

    private static Map<String, Object> envelope(String type, Instant timestamp, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("timestamp", timestamp.toString());
        m.put("data", data);
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
