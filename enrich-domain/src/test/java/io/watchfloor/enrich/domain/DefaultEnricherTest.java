package io.watchfloor.enrich.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultEnricherTest {

    /** Written for this test in the style of an opinion piece on Pakistan-US counterterrorism. */
    private static final String EXCERPT = "Islamabad and Washington have again found common cause against "
            + "militant networks such as Al-Qaeda, the Islamic State\u2019s Khorasan Province (ISIS-K) and "
            + "Tehreek-e-Taliban Pakistan (TTP). Acting on U.S. intelligence, Pakistani police arrested an ISIS-K "
            + "facilitator said to be linked to the Abbey Gate bombing in 2021. Officials called the arrest proof "
            + "that counterterrorism cooperation works, though the TTP remains a threat along the border.";

    private final DefaultEnricher enricher = new DefaultEnricher(
            io.watchfloor.enrich.domain.catalog.GroupCatalog.fromClasspath(), r -> List.of(), 2_000);

    @Test
    void shouldTagGroupsEventsTopicsAndThreatGroupEntities() {
        Enrichment e = enricher.enrich(new ReportText("r1", "Pakistan arrests ISIS-K facilitator", EXCERPT,
                Instant.parse("2025-06-01T00:00:00Z")));
        Map<String, GroupFinding> groups = e.groups().stream().collect(Collectors.toMap(GroupFinding::id, g -> g));
        assertEquals(Set.of("al-qaeda", "iskp", "ttp"), groups.keySet());
        assertEquals("iskp", e.groups().get(0).id(), "title + repeated mentions rank ISIS-K first");
        assertTrue(groups.get("iskp").evidence().stream().anyMatch(s -> Evidence.TITLE.equals(s.field())));
        for (GroupFinding g : e.groups()) {
            for (Evidence s : g.evidence()) {
                String source = Evidence.TITLE.equals(s.field()) ? "Pakistan arrests ISIS-K facilitator" : EXCERPT;
                assertEquals(s.text(), source.substring(s.start(), s.end()));
            }
            assertTrue(g.score() > 0 && g.score() <= 1);
            assertFalse(g.resolutions().isEmpty());
        }
        assertEquals(List.of("iskp", "ttp", "al-qaeda").size(), e.entities().stream()
                .filter(t -> t.type().equals("THREAT_GROUP")).count());
        EventFinding abbeyGate = e.events().stream().filter(ev -> ev.name().endsWith("Abbey Gate bombing"))
                .findFirst().orElseThrow();
        assertEquals("historical", abbeyGate.temporal());
        assertEquals("2021", abbeyGate.date());
        assertTrue(e.entities().stream().anyMatch(t -> t.type().equals("EVENT")));
        Set<String> topics = e.topics().stream().map(TopicFinding::name).collect(Collectors.toSet());
        assertTrue(topics.contains("arrest-law-enforcement") && topics.contains("counterterrorism-cooperation"),
                topics.toString());
        assertEquals(enricher.catalog().version(), e.catalogVersion());
        assertEquals(DefaultEnricher.VERSION, e.enricherVersion());
        assertTrue(e.warnings().isEmpty());
    }

    @Test
    void shouldCapLongTextAndWarn() {
        String text = "Hamas issued a statement. " + "filler ".repeat(400) + "Hezbollah replied.";
        Enrichment e = enricher.enrich(new ReportText("r2", null, text, null));
        assertEquals(List.of("hamas"), e.groups().stream().map(GroupFinding::id).toList());
        assertEquals(1, e.warnings().size());
        assertTrue(e.warnings().get(0).contains("first 2000"), e.warnings().get(0));
    }

    @Test
    void shouldLetCatalogWinOverRecogniserOnOverlappingSpans() {
        EntityFinding org = new EntityFinding("ORGANIZATION", "org:ttp", "Tehreek-e-Taliban Pakistan", 0.5,
                new Provenance("stub", "1"), List.of(new Evidence(Evidence.TEXT, 0, 26, "Tehreek-e-Taliban Pakistan")), Map.of());
        EntityFinding place = new EntityFinding("LOCATION", "loc:kabul", "Kabul", 0.5, new Provenance("stub", "1"),
                List.of(new Evidence(Evidence.TEXT, 35, 40, "Kabul")), Map.of());
        DefaultEnricher withStub = new DefaultEnricher(enricher.catalog(), r -> List.of(org, place), 10_000);
        Enrichment e = withStub.enrich(new ReportText("r3", null, "Tehreek-e-Taliban Pakistan fled to Kabul.",
                null));
        assertEquals(List.of("LOCATION", "THREAT_GROUP"), e.entities().stream().map(EntityFinding::type).toList());
    }

    @Test
    void shouldNeverReturnNullsForEmptyReports() {
        Enrichment e = enricher.enrich(new ReportText("r4", null, null, null));
        assertTrue(e.groups().isEmpty() && e.events().isEmpty() && e.topics().isEmpty());
    }

    @Test
    void shouldStayLinearOnAHugeUnpunctuatedText() {
        DefaultEnricher capped = new DefaultEnricher(enricher.catalog(), r -> List.of(),
                DefaultEnricher.DEFAULT_TEXT_CAP);
        String text = "TTP and Taliban fighters near Khyber Pakhtunkhwa recalled the Quetta bombing in 2021 and IS "
                .repeat(6_000);
        Enrichment e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> capped.enrich(new ReportText("huge", null, text, null)));
        assertTrue(e.groups().stream().anyMatch(g -> g.id().equals("ttp")));
        assertEquals(1, e.warnings().size(), e.warnings().toString());
        for (GroupFinding g : e.groups()) {
            g.evidence().forEach(sp -> assertEquals(sp.text(), text.substring(sp.start(), sp.end())));
        }
    }
}
