package io.watchfloor.store.domain.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionFormTest {

    private static SubscriptionForm posted(Map<String, List<String>> fields) {
        return SubscriptionForm.of(fields);
    }

    @Test
    void shouldSplitListFieldsOnCommasAndNewLinesAndDropEmptyValues() throws Exception {
        SubscriptionForm form = posted(Map.of("name", List.of("  TTP desk "), "groups", List.of("ttp, iskp,,"),
                "keywords", List.of("ambush\r\nLandi Kotal\n\n"), "roles", List.of("claimed", "", "targeted"),
                "includeAffiliates", List.of("true"), "minScore", List.of(" 0.5 "), "temporal", List.of("CURRENT"),
                "eventTypes", List.of("attack")));
        SubscriptionDraft d = form.draft();
        assertEquals("TTP desk", d.name());
        assertEquals(List.of("ttp", "iskp"), d.filter().groups());
        assertEquals(List.of("ambush", "Landi Kotal"), d.filter().keywords());
        assertEquals(List.of("claimed", "targeted"), d.filter().roles());
        assertTrue(d.filter().includeAffiliates());
        assertEquals(0.5, d.filter().minScore());
        assertEquals("current", d.filter().temporal());
        assertEquals(List.of(), d.filter().places());
        assertFalse(d.hasWebhook(), "no URL and no secret: no webhook");
        assertEquals(SubscriptionForm.DEFAULT_PREVIEW_DAYS, form.previewDays());
    }

    @Test
    void shouldRefuseAScoreThatIsNoNumberUnderItsField() {
        SubscriptionForm form = posted(Map.of("groups", List.of("ttp"), "minScore", List.of("high")));
        InvalidSubscriptionException e = assertThrows(InvalidSubscriptionException.class, form::draft);
        assertEquals(Map.of("minScore", List.of("\"high\" is not a number between 0 and 1")),
                form.problemsByField(e.problems()));
    }

    @Test
    void shouldPutEachProblemUnderTheFieldItNames() {
        SubscriptionForm form = posted(Map.of("groups", List.of("iskp, iskp2"), "keywords",
                List.of("a, " + "x".repeat(201))));
        Map<String, List<String>> byField = form.problemsByField(List.of(
                new FieldProblem("filter.groups[1]", "unknown group id \"iskp2\"; closest catalog ids: iskp"),
                new FieldProblem("filter.keywords[1]", "is longer than 200 characters"),
                new FieldProblem("filter.roles", "constrains group matches only; add filter.groups"),
                new FieldProblem("filter.includeAffiliates", "has no effect without filter.groups"),
                new FieldProblem("filter", "is empty and would fire on every report"),
                new FieldProblem("webhook.url", "is required"),
                new FieldProblem("webhook.secret", "must start with whsec_"),
                new FieldProblem("digest", "must be between PT1M and PT24H, got PT48H"),
                new FieldProblem("id", "must not be empty"),
                new FieldProblem("", "previewDays/days must be between 1 and 90")));
        assertEquals(List.of("unknown group id \"iskp2\"; closest catalog ids: iskp"), byField.get("groups"));
        assertEquals(List.of("\"" + "x".repeat(201) + "\": is longer than 200 characters"), byField.get("keywords"),
                "a message that does not quote its value gets it in front");
        assertEquals(List.of("constrains group matches only; add filter.groups"), byField.get("roles"));
        assertEquals(List.of("has no effect without filter.groups"), byField.get("includeAffiliates"));
        assertEquals(List.of("is empty and would fire on every report"), byField.get("filter"));
        assertEquals(List.of("is required"), byField.get("webhookUrl"));
        assertEquals(List.of("must start with whsec_"), byField.get("webhookSecret"));
        assertEquals(List.of("must be between PT1M and PT24H, got PT48H"), byField.get("digest"));
        assertEquals(List.of("id: must not be empty", "previewDays/days must be between 1 and 90"),
                byField.get(SubscriptionForm.GENERAL));
    }

    @Test
    void shouldFillTheFormFromAStoredSubscriptionButNeverItsSecret() {
        Subscription s = new Subscription("sub-1", "Desk", new SubscriptionDraft.Filter(List.of("iskp", "ttp"), true,
                List.of("person:sharifullah"), List.of(), List.of("Abbey Gate"), List.of(), List.of(),
                List.of("claimed"), "any", 0.7, List.of("en"), List.of()),
                new Subscription.Webhook("https://hooks.example.org/in", true, false, null), "PT1H",
                Instant.EPOCH, Instant.EPOCH);
        SubscriptionForm form = SubscriptionForm.of(s);
        assertEquals("iskp, ttp", form.groups());
        assertEquals("person:sharifullah", form.entities());
        assertEquals("0.7", form.minScore());
        assertEquals("https://hooks.example.org/in", form.webhookUrl());
        assertEquals("", form.webhookSecret());
        assertEquals("PT1H", form.digest());
        assertEquals(List.of("claimed"), form.roles());
        assertTrue(form.includeAffiliates());
    }

    @Test
    void shouldTreatAWebhookUrlOrSecretAloneAsAWebhookForAlertServiceToCheck() throws Exception {
        assertTrue(posted(Map.of("webhookUrl", List.of("https://x.example/h"))).draft().hasWebhook());
        assertTrue(posted(Map.of("webhookSecret", List.of("whsec_abc"))).draft().hasWebhook());
        assertEquals(30, posted(Map.of("previewDays", List.of("30"))).previewDays());
        assertEquals(7, posted(Map.of("previewDays", List.of("5000"))).previewDays());
        assertEquals(7, posted(Map.of("previewDays", List.of("x"))).previewDays());
        assertNull(posted(Map.of()).draft().filter().minScore());
    }
}
