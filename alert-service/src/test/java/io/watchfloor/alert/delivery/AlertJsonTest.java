package io.watchfloor.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.alert.domain.delivery.DigestWindow;
import io.watchfloor.alert.domain.health.SourceHealthEvent;
import io.watchfloor.alert.domain.health.SourceHealthWatch;
import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.alert.topology.AlertToAvro;
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

    @Test
    void shouldShowASourceHealthAlertWithItsKindWhyAndReason() throws Exception {
        Subscription feeds = Subscription.of("sub-feeds", "feeds desk",
                SubscriptionFilter.sourceHealth(SourceHealthFilter.everySource()), Instant.EPOCH);
        SourceHealthEvent failing = new SourceHealthEvent("src-1", "reuters-world", "https://r.example/feed",
                "FAILING", Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T08:00:00Z"), 503, 0, 2,
                "HTTP_STATUS: HTTP 503", null, 300);
        var alert = SourceHealthWatch.decide(null, failing, List.of(feeds), Instant.parse("2026-12-03T10:00:01Z"))
                .alerts().get(0);

        JsonNode data = JSON.readTree(AlertJson.bytes(AlertJson.message(AlertToAvro.map(alert)))).get("data");

        assertEquals("source-health", data.get("kind").asText());
        assertEquals("src-1", data.get("reportId").asText());
        assertFalse(data.has("reportLink"), data.toString());
        assertTrue(data.get("why").asText().startsWith("Source reuters-world (src-1) entered FAILING: "),
                data.toString());
        JsonNode health = data.get("sourceHealth");
        assertEquals("FAILING", health.get("status").asText());
        assertFalse(health.has("previousStatus"), "never seen before: left out");
        assertEquals("HTTP_STATUS: HTTP 503; 2 failed poll(s) in a row, last successful poll 2026-12-03T08:00:00Z",
                health.get("reason").asText());
        assertEquals("2026-12-03T08:00:00Z", health.get("since").asText());
        assertEquals(300, health.get("intervalSeconds").asInt());
        assertEquals(503, health.get("httpStatus").asInt());
    }

    @Test
    void shouldMarkReportAlertsAsKindReport() throws Exception {
        JsonNode data = JSON.readTree(AlertJson.bytes(AlertJson.message(TestAlerts.alert("al-1", "sub-1"))))
                .get("data");

        assertEquals("report", data.get("kind").asText());
        assertFalse(data.has("sourceHealth"));
        assertFalse(data.has("why"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
