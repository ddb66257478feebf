package io.watchfloor.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.alert.domain.delivery.DigestWindow;
import io.watchfloor.schemas.avro.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldWrapTheAlertInTheStandardWebhooksEnvelopeWithEvidenceSpans() throws Exception {
        JsonNode body = JSON.readTree(AlertJson.bytes(AlertJson.message(TestAlerts.alert("al-1", "sub-1"))));

        assertEquals(List.of("type", "timestamp", "data"), fieldNames(body));
        assertEquals("alert.created", body.get("type").asText());
        assertEquals("2026-12-01T10:00:00Z", body.get("timestamp").asText());
        JsonNode data = body.get("data");
        assertEquals("al-1", data.get("alertId").asText());
        assertEquals("sub-1", data.get("subscriptionId").asText());
        assertEquals("rep-1", data.get("reportId").asText());
        assertEquals("rep-1b", data.get("matchedReportId").asText());
        assertEquals(2, data.get("revision").asInt());
        assertEquals("2026-12-01T09:00:00Z", data.get("publishedAt").asText());
        assertEquals("http://store/reports/rep-1", data.get("reportLink").asText());
        JsonNode clause = data.get("clauses").get(0);
        assertEquals("groups", clause.get("field").asText());
        assertEquals("perpetrator", clause.get("role").asText());
        assertEquals(0.93, clause.get("score").asDouble(), 1e-9);
        JsonNode span = clause.get("evidence").get(0);
        assertEquals("text", span.get("field").asText());
        assertEquals(21, span.get("start").asInt());
        assertEquals(27, span.get("end").asInt());
        assertEquals("ISIS-K", span.get("text").asText());
        assertFalse(data.has("previousAlertId"), "null fields are left out: " + data);
    }

    @Test
    void shouldListADigestWindowsAlertsUnderData() throws Exception {
        AlertEvent a = TestAlerts.alert("al-1", "sub-1");
        AlertEvent b = TestAlerts.alert("al-2", "sub-1");
        DigestWindow window = DigestWindow.containing(Instant.parse("2026-12-01T10:20:00Z"), Duration.ofHours(1));

        JsonNode body = JSON.readTree(AlertJson.bytes(AlertJson.digest("sub-1", "ISKP desk", window, List.of(a, b))));

        assertEquals("alert.digest", body.get("type").asText());
        assertEquals("2026-12-01T11:00:00Z", body.get("timestamp").asText());
        assertEquals("2026-12-01T10:00:00Z", body.get("data").get("windowStart").asText());
        assertEquals(2, body.get("data").get("count").asInt());
        assertEquals("al-2", body.get("data").get("alerts").get(1).get("alertId").asText());
        assertTrue(body.get("data").get("alerts").get(0).get("clauses").get(0).has("evidence"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
