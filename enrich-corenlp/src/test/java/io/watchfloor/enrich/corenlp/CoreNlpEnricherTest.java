package io.watchfloor.enrich.corenlp;

import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's group mentions win over CoreNLP's entities in both merge modes (runs only with -Pcorenlp). */
class CoreNlpEnricherTest {

    @Test
    void catalogGroupWinsOverCoreNlpSpans() {
        String text = "Officials in Peshawar said Tehrik-i-Taliban Pakistan claimed the attack. Ahmed Khan was "
                + "arrested in Lahore on Monday.";
        GroupCatalog catalog = GroupCatalog.fromClasspath();
        CoreNlpRecognizer recognizer = new CoreNlpRecognizer();
        for (CoreNlpEnricher.Mode mode : CoreNlpEnricher.Mode.values()) {
            Enrichment e = new CoreNlpEnricher(catalog, recognizer, mode)
                    .enrich(new ReportText("r1", null, text, null));
            List<EntityFinding> groups = e.entities().stream().filter(t -> t.type().equals("THREAT_GROUP")).toList();
            assertEquals(1, groups.size(), mode + ": " + e.entities());
            Evidence group = groups.get(0).mentions().get(0);
            assertEquals("Tehrik-i-Taliban Pakistan", group.text());
            for (EntityFinding t : e.entities()) {
                if (!t.type().equals("THREAT_GROUP")) {
                    for (Evidence s : t.mentions()) {
                        assertTrue(s.end() <= group.start() || s.start() >= group.end(),
                                mode + ": " + t + " overlaps the catalog's group mention");
                    }
                }
            }
            assertTrue(e.entities().stream().anyMatch(t -> t.type().equals("LOCATION") && t.name().equals("Lahore")),
                    mode + ": " + e.entities());
        }
        assertEquals(CoreNlpEnricher.Mode.RULES_AND_CORENLP, CoreNlpEnricher.Mode.parse("rules+corenlp"));
        assertThrows(IllegalArgumentException.class, () -> CoreNlpEnricher.Mode.parse("spacy"));
    }
}
