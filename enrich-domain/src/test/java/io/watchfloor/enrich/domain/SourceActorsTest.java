package io.watchfloor.enrich.domain;

import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.groups.SourceActors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Threat actors asserted by the source (STIX threat-actor / intrusion-set objects, MISP galaxy tags). */
class SourceActorsTest {

    private static final DefaultEnricher ENRICHER = new DefaultEnricher(GroupCatalog.fromClasspath(), r -> List.of(),
            DefaultEnricher.DEFAULT_TEXT_CAP);

    @Test
    void shouldKeepSourceAssertedActorsBesideOwnTagsResolvedThroughCatalogAliases() {
        String text = "This report describes a long-running espionage campaign. Ugly Gorilla registered domains.";
        Enrichment e = ENRICHER.enrich(new ReportText("stix-1", null, text, null,
                List.of("APT1", "Ugly Gorilla", "apt1")));

        GroupFinding apt1 = e.groups().stream().filter(g -> g.producer().name().equals("source")).findFirst()
                .orElseThrow(() -> new AssertionError(e.groups().toString()));
        assertEquals("mitre-g0006", apt1.id());
        assertEquals("mentioned", apt1.role());
        assertEquals(List.of(), apt1.evidence(), "the text never names APT1");
        assertEquals(List.of(new AliasPath("APT1", "APT1", SourceActors.METHOD, "source")), apt1.resolutions());

        EntityFinding gorilla = e.entities().stream().filter(t -> t.name().equals("Ugly Gorilla")).findFirst()
                .orElseThrow(() -> new AssertionError(e.entities().toString()));
        assertEquals("THREAT_GROUP", gorilla.type());
        assertEquals("source", gorilla.producer().name());
        int at = text.indexOf("Ugly Gorilla");
        assertEquals(List.of(new Evidence(Evidence.TEXT, at, at + 12, "Ugly Gorilla")), gorilla.mentions());
        assertTrue(e.entities().stream().anyMatch(t -> "mitre-g0006".equals(t.id())
                && t.producer().name().equals("source")), e.entities().toString());
        assertTrue(e.producers().stream().anyMatch(p -> p.name().equals("source")), e.producers().toString());
    }

    @Test
    void shouldGiveEvidenceWhereTheTextNamesTheAssertedGroup() {
        String text = "Analysts tied the intrusion to menuPass, which also used Poison Ivy.";
        Enrichment e = ENRICHER.enrich(new ReportText("stix-2", "menuPass returns", text, null, List.of("menuPass")));

        List<GroupFinding> source = e.groups().stream().filter(g -> g.producer().name().equals("source")).toList();
        assertEquals(1, source.size(), e.groups().toString());
        int at = text.indexOf("menuPass");
        assertEquals(List.of(new Evidence(Evidence.TITLE, 0, 8, "menuPass"),
                new Evidence(Evidence.TEXT, at, at + 8, "menuPass")), source.get(0).evidence());
        assertTrue(e.groups().stream().anyMatch(g -> g.id().equals(source.get(0).id())
                && !g.producer().name().equals("source")), "Watchfloor's own tag stays: " + e.groups());
    }

    @Test
    void shouldDefaultToNoSourceActorsWithTheFourArgumentConstructor() {
        ReportText r = new ReportText("x", null, "text", null);

        assertEquals(List.of(), r.sourceActors());
        assertTrue(ENRICHER.enrich(r).groups().isEmpty());
    }
}
