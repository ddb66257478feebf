package io.watchfloor.enrich.corenlp;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CoreNLP tags a person and a place with spans into the original text (runs only with -Pcorenlp). */
class CoreNlpRecognizerTest {

    private static CoreNlpRecognizer recognizer;

    @BeforeAll
    static void load() {
        recognizer = new CoreNlpRecognizer();
    }

    @Test
    void personAndLocationWithOriginalOffsets() {
        // two spaces and a newline before the names: offsets must point into this exact string
        String text = "Yesterday  the minister\nAngela Merkel travelled to Paris for talks. She left early.";
        List<EntityFinding> tags = recognizer.recognize(new ReportText("t1", null, text, null));

        EntityFinding person = find(tags, "PERSON", "Angela Merkel");
        int start = text.indexOf("Angela Merkel");
        assertEquals(new Evidence(Evidence.TEXT, start, start + "Angela Merkel".length(), "Angela Merkel"),
                person.mentions().get(0));
        assertEquals(new Provenance("stanford-corenlp", "4.5.10"), person.producer());

        EntityFinding place = find(tags, "LOCATION", "Paris");
        int p = text.indexOf("Paris");
        assertEquals(List.of(new Evidence(Evidence.TEXT, p, p + 5, "Paris")), place.mentions());
        assertTrue(tags.stream().noneMatch(t -> t.name().equalsIgnoreCase("she")), "pronouns are not names: " + tags);
        for (EntityFinding t : tags) {
            for (Evidence s : t.mentions()) {
                assertEquals(s.text(), text.substring(s.start(), s.end()), "span text must match the original");
            }
        }
    }

    @Test
    void repeatedNameIsOneTagWithAllMentionsAndRulesWinOnOverlap() {
        String text = "Paris is large. Tourists love Paris.";
        List<EntityFinding> tags = recognizer.recognize(new ReportText("t2", null, text, null));
        EntityFinding paris = find(tags, "LOCATION", "Paris");
        assertEquals(2, paris.mentions().size());
        assertEquals(text.lastIndexOf("Paris"), paris.mentions().get(1).start());

        EntityFinding rule = new EntityFinding("ORGANIZATION", "ORGANIZATION|x", "Paris is", 1.0,
                new Provenance("rules", "1"), List.of(new Evidence(Evidence.TEXT, 0, 8, "Paris is")), Map.of());
        List<EntityFinding> merged = CoreNlpEnricher.merge(List.of(rule), tags);
        EntityFinding mergedParis = find(merged, "LOCATION", "Paris");
        assertEquals(1, mergedParis.mentions().size(), "the mention inside the rule span must be dropped");
        assertTrue(merged.contains(rule));
    }

    private static EntityFinding find(List<EntityFinding> tags, String type, String name) {
        List<EntityFinding> hits = tags.stream().filter(t -> t.type().equals(type) && t.name().equals(name)).toList();
        assertFalse(hits.isEmpty(), "expected " + type + " '" + name + "' in " + tags);
        return hits.get(0);
    }
}
