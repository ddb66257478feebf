package io.watchfloor.alert.domain.subscription;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every problem at once, each naming its field, and catalog suggestions for unknown group ids. */
class FilterValidatorTest {

    private static final CatalogGroupDirectory CATALOG = CatalogGroupDirectory.fromClasspath();
    private static final FilterValidator VALIDATOR = new FilterValidator(CATALOG);
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    private static Map<String, String> errors(SubscriptionFilter filter) {
        return VALIDATOR.validateFilter(filter).stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    private static Map<String, String> errors(Subscription s) {
        return VALIDATOR.validate(s).stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void shouldAcceptAWellFormedSubscription() {
        SubscriptionFilter filter = SubscriptionFilter.builder()
                .groups("islamic-state").includeAffiliates(true).roles("claimed")
                .eventTypes("bombing").temporal("current").minScore(0.5).languages("en")
                .keywords("Abbey Gate").build();
        Subscription s = new Subscription("s1", "IS claims", filter,
                Webhook.enabled("https://hooks.example/x", SECRET), Duration.ofHours(1), NOW, NOW);
        assertEquals(List.of(), VALIDATOR.validate(s));
    }

    @Test
    void shouldNameTheFieldAndSuggestIskpForIskp2() {
        Map<String, String> e = errors(SubscriptionFilter.builder().groups("iskp", "iskp2").build());
        assertEquals(Map.of("filter.groups[1]", e.get("filter.groups[1]")), e);
        String message = e.get("filter.groups[1]");
        assertTrue(message.startsWith("unknown group id \"iskp2\"; closest catalog ids: iskp"), message);
        int suggestions = message.substring(message.indexOf(": ") + 2).split(", ").length;
        assertTrue(suggestions >= 1 && suggestions <= 5, message);
    }

    @Test
    void shouldPointAtTheIdWhenAGroupIsGivenByName() {
        String message = errors(SubscriptionFilter.builder().groups("ISIS-K").build())
                .get("filter.groups[0]");
        assertEquals("unknown group id \"ISIS-K\"; it names catalog id iskp, use the id", message);
        String nonsense = "qqqqqqqqqqqqqqqqqqqqqqqqqqq";
        assertEquals("unknown group id \"" + nonsense + "\"; no similar catalog id",
                errors(SubscriptionFilter.builder().groups(nonsense).build()).get("filter.groups[0]"));
    }

    @Test
    void shouldRejectAnEmptyFilterAndQualifiersWithoutTheirClause() {
        assertTrue(errors(SubscriptionFilter.builder().build()).get("filter")
                .contains("would fire on every report"));
        Map<String, String> e = errors(SubscriptionFilter.builder().includeAffiliates(true).roles("claimed")
                .temporal("current").minScore(0.4).languages("en").build());
        assertEquals(List.of("filter.includeAffiliates", "filter.minScore", "filter.roles",
                "filter.temporal"),
                e.keySet().stream().sorted().toList());
        assertEquals("constrains group matches only; add filter.groups", e.get("filter.roles"));
        assertTrue(e.get("filter.temporal").contains("filter.eventTypes"));
    }

    @Test
    void shouldCheckValuesOfEveryField() {
        List<String> tooMany = new ArrayList<>(Collections.nCopies(201, "attack"));
        // groups, includeAffiliates, entities, places, keywords, topics, eventTypes, roles, temporal,
        // minScore, languages, sources
        List<String> nullOnly = Arrays.asList((String) null);
        SubscriptionFilter filter = new SubscriptionFilter(List.of("iskp"), false, nullOnly, List.of(" "),
                List.of("a", "--", "ok"), tooMany, List.of("bombing"), List.of("owner", "claimed"), "past",
                1.5, List.of("eng", "EN"), List.of("x".repeat(201)));
        Map<String, String> e = errors(filter);
        assertEquals(Map.of(
                "filter.entities[0]", "must not be empty",
                "filter.places[0]", "must not be empty",
                "filter.keywords[0]", "keyword \"a\" is shorter than 2 characters",
                "filter.keywords[1]", "keyword \"--\" has no letter or digit",
                "filter.topics", "has 201 values; at most 200",
                "filter.roles[0]",
                "\"owner\" is not a group role; use one of mentioned, claimed, attributed, targeted",
                "filter.temporal", "\"past\" is not a temporal filter; use any or current",
                "filter.minScore", "must be between 0 and 1, got 1.5",
                "filter.languages[0]", "\"eng\" is not a two-letter ISO 639-1 language code",
                "filter.sources[0]", "is longer than 200 characters"), e);
    }

    @Test
    void shouldCheckWebhookUrlSecretAndDigest() {
        SubscriptionFilter ok = SubscriptionFilter.builder().groups("ttp").build();
        String shortKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
        Map<String, String> e = errors(new Subscription(" ", "n", ok, Webhook.enabled("ftp://hooks.example/x",
                shortKey), Duration.ofSeconds(30), NOW, NOW));
        assertEquals(Map.of(
                "id", "must not be empty",
                "webhook.url", "\"ftp://hooks.example/x\" is not an absolute http(s) URL",
                "webhook.secret", "decodes to 16 bytes; must be 24 to 64",
                "digest", "must be between PT1M and PT24H, got PT30S"), e);

        assertEquals("must start with whsec_", errors(new Subscription("s", "n", ok,
                Webhook.enabled("http://h.example", "secret123"), null, NOW, NOW)).get("webhook.secret"));
        Map<String, String> bad = errors(new Subscription("s", "n", ok,
                Webhook.enabled("/relative", "whsec_***"),
                Duration.ofDays(2), NOW, NOW));
        assertEquals("the part after whsec_ is not valid base64", bad.get("webhook.secret"));
        assertFalse(bad.get("webhook.secret").contains("***"), "never echo the secret");
        assertEquals("\"/relative\" is not an absolute http(s) URL", bad.get("webhook.url"));
        assertTrue(bad.get("digest").endsWith("got PT48H"));
        String longKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);
        assertEquals("decodes to 65 bytes; must be 24 to 64", errors(new Subscription("s", "n", ok,
                Webhook.enabled("https://h.example", longKey), Duration.ofMinutes(1), NOW,
                NOW)).get("webhook.secret"));
        assertEquals(List.of(),
                VALIDATOR.validate(new Subscription("s", "n", ok, null, Duration.ofDays(1), NOW, NOW)),
                "no webhook (SSE/Kafka only) and a one-day digest are fine");
    }

    @Test
    void shouldRankSuggestionsByEditDistanceOverIdsAndAliases() {
        assertEquals("iskp", VALIDATOR.closestGroupIds("iksp").get(0), "a transposition is one edit");
        assertTrue(VALIDATOR.closestGroupIds("Tehrik-e-Taliban Pakistn").contains("ttp"),
                "close to an alias of ttp: " + VALIDATOR.closestGroupIds("Tehrik-e-Taliban Pakistn"));
        assertEquals(1, FilterValidator.distance("iskp2", "iskp"));
        assertEquals(1, FilterValidator.distance("iksp", "iskp"));
        assertEquals(3, FilterValidator.distance("kitten", "sitting"));
    }
}
