package io.watchfloor.alert.domain.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code sourceHealth} filter: its own kind of subscription, statuses FAILING/STALE, every field named. */
class SourceHealthFilterValidationTest {
    private static final FilterValidator VALIDATOR = new FilterValidator(CatalogGroupDirectory.fromClasspath());

    private static Map<String, String> errors(SubscriptionFilter filter) {
        return VALIDATOR.validateFilter(filter).stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    private static SubscriptionFilter health(List<String> sources, List<String> statuses) {
        return SubscriptionFilter.sourceHealth(new SourceHealthFilter(sources, statuses));
    }

    @Test
    void shouldAcceptEverySourceWithTheDefaultStatuses() {
        SubscriptionFilter filter = health(null, null);

        assertEquals(Map.of(), errors(filter));
        assertEquals(List.of("FAILING", "STALE"), filter.sourceHealth().statuses());
        assertEquals(List.of(), filter.sourceHealth().sources());
    }

    @Test
    void shouldAcceptNamedSourcesAndOneStatusInAnyCase() {
        assertEquals(Map.of(), errors(health(List.of("reuters-world", "src-0123456789abcdef"), List.of("failing"))));
    }

    @Test
    void shouldRefuseAStatusThatIsNotWatchableAndSayWhichAreAndHowRecoveryWorks() {
        Map<String, String> e = errors(health(List.of(), List.of("FAILING", "OK")));

        assertEquals(List.of("filter.sourceHealth.statuses[1]"), List.copyOf(e.keySet()));
        String message = e.get("filter.sourceHealth.statuses[1]");
        assertTrue(message.startsWith("\"OK\" is not a status to watch; use one of FAILING, STALE"), message);
        assertTrue(message.contains("recovery to OK is sent by itself"), message);
    }

    @Test
    void shouldRefuseBlankSourcesAndStatusesByIndex() {
        Map<String, String> e = errors(health(Arrays.asList("reuters-world", " "), Arrays.asList("STALE", null)));

        assertEquals("must not be empty", e.get("filter.sourceHealth.sources[1]"));
        assertEquals("must not be empty", e.get("filter.sourceHealth.statuses[1]"));
        assertEquals(2, e.size(), e.toString());
    }

    @Test
    void shouldRefuseReportFieldsBesideSourceHealthNamingEachField() {
        SubscriptionFilter mixed = SubscriptionFilter.builder().groups("iskp").keywords("outage")
                .minScore(0.5).sourceHealth(SourceHealthFilter.everySource()).build();

        Map<String, String> e = errors(mixed);

        assertEquals(List.of("filter.groups", "filter.keywords", "filter.minScore"),
                e.keySet().stream().sorted().toList());
        assertEquals("cannot be combined with filter.sourceHealth: a source-health subscription watches feed"
                + " sources, not reports; remove filter.groups or create a separate subscription for reports",
                e.get("filter.groups"));
    }

    @Test
    void shouldStillAcceptTheDefaultTemporalAnyBesideSourceHealth() {
        // the API fills temporal "any" for every filter; that is no report criterion
        SubscriptionFilter filter = SubscriptionFilter.builder().temporal("any")
                .sourceHealth(SourceHealthFilter.everySource()).build();

        assertEquals(Map.of(), errors(filter));
    }

    @Test
    void shouldMentionSourceHealthWhenAFilterIsEmpty() {
        assertTrue(errors(SubscriptionFilter.builder().build()).get("filter").contains("sourceHealth"));
    }
}
