package io.watchfloor.alert.domain.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed article through the real enricher and the index: ISIS-K fires an iskp subscription with its
 * evidence, and the 2021 Abbey Gate bombing, told as history, fires "bombing" but not "bombing, current".
 * Reads {@code <repo>/../shared/data/samples/}; skipped when that is missing, except on CI.
 */
class SeedArticleAlertTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static String text;
    private static AlertReport report;

    @BeforeAll
    static void enrichSeedArticle() throws IOException {
        Path file = SharedData.seedArticle();
        text = Files.readString(file, StandardCharsets.UTF_8);
        Enrichment e = DefaultEnricher.fromClasspath().enrich(new ReportText("seed", null, text, null));
        report = toAlertReport("seed", text, e);
    }

    /** What the topology's mapper will do from Avro, done here from the enricher's domain records. */
    static AlertReport toAlertReport(String id, String text, Enrichment e) {
        List<AlertReport.Group> groups = e.groups().stream().map(g -> new AlertReport.Group(g.id(), g.name(),
                g.affiliation(), g.role(), g.score(), evidence(g.evidence()))).toList();
        List<AlertReport.Entity> entities = e.entities().stream()
                .map(t -> new AlertReport.Entity(t.type(), t.id(), t.name(), t.score(),
                        evidence(t.mentions())))
                .toList();
        List<AlertReport.Event> events = e.events().stream()
                .map(ev -> new AlertReport.Event(ev.name(), ev.type(), ev.temporal(), ev.date(), ev.score(),
                        evidence(ev.mentions())))
                .toList();
        List<AlertReport.Topic> topics = e.topics().stream()
                .map(t -> new AlertReport.Topic(t.name(), t.score(), evidence(t.evidence())))
                .toList();
        return new AlertReport(id, 1, null, text, "seed", "file", null, null, "en", null, NOW, null, groups,
                entities, events, topics, e.catalogVersion());
    }

    private static List<Evidence> evidence(List<io.watchfloor.enrich.domain.Evidence> spans) {
        return spans.stream().map(s -> new Evidence(s.field(), s.start(), s.end(), s.text())).toList();
    }

    private static Map<String, Match> match(Map<String, SubscriptionFilter> filters) {
        List<Subscription> subs = filters.entrySet().stream()
                .map(f -> Subscription.of(f.getKey(), f.getKey(), f.getValue(), NOW)).toList();
        SubscriptionIndex index = SubscriptionIndex.of(SubscriptionIndexTest.CATALOG, subs);
        return index.match(report).stream().collect(Collectors.toMap(Match::subscriptionId, m -> m));
    }

    @Test
    void shouldFireIskpSubscriptionWithTheIsisKEvidence() {
        Map<String, Match> m = match(Map.of("iskp", SubscriptionFilter.builder().groups("iskp").build()));
        Clause c = m.get("iskp").clauses().get(0);
        assertEquals(List.of("groups", "iskp", "group", "iskp"),
                List.of(c.field(), c.value(), c.tagKind(), c.tagId()));
        assertTrue(c.evidence().stream().anyMatch(s -> s.text().equals("ISIS-K")), "evidence: "
                + c.evidence());
        c.evidence().forEach(s -> assertEquals(s.text(), text.substring(s.start(), s.end())));
    }

    @Test
    void shouldFireOnTheHistoricalBombingOnlyWhenCurrentIsNotRequired() {
        Map<String, Match> m = match(Map.of(
                "bombing-current",
                SubscriptionFilter.builder().eventTypes("bombing").temporal("current").build(),
                "bombing", SubscriptionFilter.builder().eventTypes("bombing").build()));
        assertEquals(List.of("bombing"), List.copyOf(m.keySet()));
        Clause c = m.get("bombing").clauses().get(0);
        assertEquals("event:kabul-abbey-gate-bombing", c.tagId());
        assertEquals("Kabul Abbey Gate bombing", c.evidence().get(0).text());
    }

    @Test
    void shouldFireAffiliateKeywordEntityAndPlaceSubscriptionsWithConsistentEvidence() {
        Map<String, Match> m = match(Map.of(
                "is-family",
                SubscriptionFilter.builder().groups("islamic-state").includeAffiliates(true).build(),
                "abbey", SubscriptionFilter.builder().keywords("abbey gate").build(),
                "sharifullah",
                SubscriptionFilter.builder().entities("person:sharifullah").places("Pakistan").build(),
                "no-hamas", SubscriptionFilter.builder().groups("hamas").build()));
        assertEquals(List.of("abbey", "is-family", "sharifullah"), m.keySet().stream().sorted().toList());
        assertEquals(List.of("iskp", "islamic-state"),
                m.get("is-family").clauses().stream().map(Clause::tagId)
                .sorted().toList());
        assertEquals(List.of("entities=person:sharifullah", "places=geo:country:PK"),
                m.get("sharifullah").fingerprint().keys());
        for (Match match : m.values()) {
            for (Clause c : match.clauses()) {
                c.evidence().forEach(s -> assertEquals(s.text(), text.substring(s.start(), s.end()),
                        c.toString()));
            }
        }
        Evidence abbey = m.get("abbey").clauses().get(0).evidence().get(0);
        assertEquals(text.indexOf("Abbey Gate"), abbey.start());
        assertEquals("Abbey Gate", abbey.text());
    }
}
