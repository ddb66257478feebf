package io.watchfloor.store.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.store.domain.alerts.Alert;
import io.watchfloor.store.domain.alerts.Delivery;
import io.watchfloor.store.domain.alerts.Preview;
import io.watchfloor.store.domain.alerts.Subscription;
import io.watchfloor.store.domain.alerts.SubscriptionDraft;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** alert-service's JSON (as its API records write it, docs/alerts.md) to the view's records and back. */
class AlertServiceClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldWriteTheRequestAlertServiceReadsLeavingOutWhatIsNotGiven() throws Exception {
        SubscriptionDraft draft = new SubscriptionDraft("TTP desk", new SubscriptionDraft.Filter(List.of("ttp"),
                false, List.of(), List.of(), List.of("Landi Kotal"), List.of(), List.of(), List.of("claimed"), "any",
                null, List.of(), List.of()), "https://hooks.example.org/in", "", "PT1H");
        JsonNode body = JSON.readTree(AlertServiceClient.body(draft, null));
        assertEquals("TTP desk", body.path("name").asText());
        assertEquals("[\"ttp\"]", body.path("filter").path("groups").toString());
        assertEquals("[\"claimed\"]", body.path("filter").path("roles").toString());
        assertFalse(body.path("filter").has("entities"), body.toString());
        assertFalse(body.path("filter").has("minScore"), body.toString());
        assertFalse(body.path("filter").has("includeAffiliates"), body.toString());
        assertEquals("https://hooks.example.org/in", body.path("webhook").path("url").asText());
        assertTrue(body.path("webhook").path("secret").isNull(), "no secret typed: the stored one is kept");
        assertEquals("PT1H", body.path("digest").asText());
        assertFalse(body.has("preview"));

        JsonNode preview = JSON.readTree(AlertServiceClient.body(new SubscriptionDraft("x", draft.filter(), "", "",
                ""), 3));
        assertTrue(preview.path("preview").asBoolean());
        assertEquals(3, preview.path("previewDays").asInt());
        assertFalse(preview.has("webhook"), preview.toString());
        assertFalse(preview.has("digest"), preview.toString());
    }

    @Test
    void shouldBeOffWithoutAnUrlAndSaySoInsteadOfCallingAnything() {
        AlertServiceClient off = new AlertServiceClient(new io.watchfloor.store.config.AnalystViewSettings(null,
                "http://127.0.0.1:8080", java.time.Duration.ofSeconds(1), "dlq", " ", null,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)));
        assertFalse(off.enabled());
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.watchfloor.store.domain.ops.DependencyUnavailableException.class, off::list);
        assertTrue(e.getMessage().contains("ALERTS_URL"), e.getMessage());
    }

    @Test
    void shouldReadASubscriptionWithoutItsSecret() throws Exception {
        Subscription s = AlertServiceClient.subscription(JSON.readTree("""
                {"id":"sub-0a1b","name":"ISKP desk","filter":{"groups":["iskp"],"includeAffiliates":true,
                 "entities":[],"places":[],"keywords":[],"topics":[],"eventTypes":[],"roles":[],"temporal":"any",
                 "minScore":0.6,"languages":[],"sources":[]},
                 "webhook":{"url":"https://h.example/in","secretSet":true,"disabled":true,"disabledReason":"410"},
                 "digest":"PT1H","createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T11:00:00Z"}"""));
        assertEquals("sub-0a1b", s.id());
        assertEquals(List.of("iskp"), s.filter().groups());
        assertTrue(s.filter().includeAffiliates());
        assertEquals(0.6, s.filter().minScore());
        assertTrue(s.webhook().secretSet() && s.webhook().disabled());
        assertEquals("410", s.webhook().disabledReason());
        assertEquals(Instant.parse("2026-12-01T11:00:00Z"), s.updatedAt());
        Subscription bare = AlertServiceClient.subscription(JSON.readTree("""
                {"id":"sub-2","name":"n","filter":{"keywords":["x"],"minScore":null},"webhook":null,"digest":null,
                 "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z"}"""));
        assertNull(bare.webhook());
        assertNull(bare.filter().minScore());
        assertNull(bare.digest());
    }

    @Test
    void shouldReadASourceHealthSubscriptionAndItsAlertAsSuch() throws Exception {
        Subscription s = AlertServiceClient.subscription(JSON.readTree("""
                {"id":"sub-h","name":"feeds desk","filter":{"groups":[],"temporal":"any","minScore":null,
                 "sourceHealth":{"sources":[],"statuses":["FAILING"]}},"webhook":null,"digest":null,
                 "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z"}"""));
        Alert a = AlertServiceClient.alert(JSON.readTree("""
                {"id":"1-7","type":"alert.resolved","data":{"alertId":"al-h2","type":"alert.resolved",
                 "reportId":"src-1","matchedReportId":"src-1","title":"Feed source r recovered (OK)","clauses":[],
                 "createdAt":"2026-12-01T10:00:00Z","kind":"source-health","why":"Source r is healthy again"}}"""));

        assertTrue(s.isSourceHealth());
        assertEquals(List.of(), s.sourceHealth().sources());
        assertEquals(List.of("FAILING"), s.sourceHealth().statuses());
        assertTrue(a.isSourceHealth());
        assertEquals("Source r is healthy again", a.why());
        assertEquals("alert.resolved", a.type());
        assertFalse(AlertServiceClient.alert(JSON.readTree("""
                {"id":"0-1","type":"alert.created","data":{"alertId":"al-1","reportId":"rep-1","clauses":[],
                 "createdAt":"2026-12-01T10:00:00Z"}}""")).isSourceHealth(), "alerts without kind are report alerts");
    }

    @Test
    void shouldReadPreviewsAlertsAndDeliveriesWithTheirReasons() throws Exception {
        Preview p = AlertServiceClient.preview(JSON.readTree("""
                {"days":7,"reportsScanned":12,"matched":1,"hits":[{"reportId":"rep-1","title":"T",
                 "publishedAt":null,"why":[{"field":"groups","value":"ttp","tagKind":"THREAT_GROUP","tagId":"ttp",
                 "tagName":"Tehreek-e-Taliban Pakistan","score":0.9,"role":"claimed",
                 "evidence":[{"field":"text","start":3,"end":6,"text":"TTP"}]}]}]}"""));
        assertEquals(12, p.scanned());
        Preview.Reason why = p.hits().get(0).reasons().get(0);
        assertEquals("Tehreek-e-Taliban Pakistan", why.tagName());
        assertEquals(new Preview.Span("text", 3, 6, "TTP"), why.evidence().get(0));

        Alert a = AlertServiceClient.alert(JSON.readTree("""
                {"id":"1-42","type":"alert.updated","timestamp":"2026-12-01T10:00:00Z","data":{"alertId":"al-1",
                 "reportId":"rep-root","matchedReportId":"rep-copy","title":"T","createdAt":"2026-12-01T10:00:00Z",
                 "clauses":[{"field":"keywords","value":"ambush","tagKind":"KEYWORD",
                 "evidence":[{"field":"title","start":0,"end":6,"text":"Ambush"}]}]}}"""));
        assertEquals("1-42", a.position());
        assertEquals("alert.updated", a.type());
        assertEquals("rep-copy", a.matchedReportId(), "links go to the copy the evidence points into");
        assertNull(a.reasons().get(0).score());

        Delivery d = AlertServiceClient.delivery(JSON.readTree("""
                {"attemptedAt":"2026-12-01T10:00:00.220Z","webhookId":"al-3f9c","kind":"alert","alertIds":["al-3f9c"],
                 "attempt":1,"latencyMs":12,"outcome":"RETRY","error":"ConnectException",
                 "nextAttemptAt":"2026-12-01T10:00:05.300Z","endpoint":"https://h.example:443/in"}"""));
        assertNull(d.status(), "no response: no status");
        assertEquals("RETRY", d.outcome());
        assertEquals(Instant.parse("2026-12-01T10:00:05.300Z"), d.nextAttemptAt());
    }
}
