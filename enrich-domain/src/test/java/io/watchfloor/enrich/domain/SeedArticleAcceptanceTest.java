package io.watchfloor.enrich.domain;

import io.watchfloor.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acceptance on the seed article, read from {@code <repo>/../shared/data/samples/} (never copied into the repo). */
class SeedArticleAcceptanceTest {

    @Test
    void shouldFindTheThreeGroupsAndTheHistoricalAbbeyGateBombing() throws IOException {
        Path file = SharedData.seedArticle();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Enrichment e = DefaultEnricher.fromClasspath().enrich(new ReportText("seed", null, text, null));
        Map<String, GroupFinding> groups = e.groups().stream().collect(Collectors.toMap(GroupFinding::id, g -> g));
        for (String id : new String[] {"iskp", "ttp", "al-qaeda"}) {
            GroupFinding g = groups.get(id);
            assertTrue(g != null, id + " not tagged; got " + groups.keySet());
            assertTrue(!g.evidence().isEmpty());
            g.evidence().forEach(s -> assertEquals(s.text(), text.substring(s.start(), s.end())));
        }
        assertTrue(groups.get("iskp").evidence().stream().anyMatch(s -> s.text().equals("ISIS-K")));
        assertTrue(groups.get("ttp").evidence().stream().anyMatch(s -> s.text().equals("TTP")));
        assertTrue(groups.get("al-qaeda").evidence().stream().anyMatch(s -> s.text().equals("Al-Qaeda")));
        EventFinding abbeyGate = e.events().stream().filter(ev -> ev.name().contains("Abbey Gate bombing"))
                .findFirst().orElseThrow(() -> new AssertionError("no Abbey Gate bombing in " + e.events()));
        assertEquals("historical", abbeyGate.temporal());
        assertEquals("2021", abbeyGate.date());
    }
}
