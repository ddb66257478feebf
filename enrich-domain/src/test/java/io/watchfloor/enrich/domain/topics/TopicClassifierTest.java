package io.watchfloor.enrich.domain.topics;

import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.TopicFinding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicClassifierTest {

    private final TopicClassifier classifier = new TopicClassifier(new Provenance("test", "1"));

    private Map<String, TopicFinding> topics(String text) {
        List<TopicFinding> tags = classifier.classify(new ReportText("t", null, text, null));
        for (TopicFinding t : tags) {
            t.evidence().forEach(s -> assertEquals(s.text(), text.substring(s.start(), s.end())));
        }
        return tags.stream().collect(Collectors.toMap(TopicFinding::name, t -> t));
    }

    @Test
    void shouldFindArrestAndCooperationWithEvidence() {
        Map<String, TopicFinding> t = topics("Police arrested a militant planner after intelligence-sharing with "
                + "partners; officials praised counterterrorism cooperation and the suspect was detained.");
        assertTrue(t.containsKey("arrest-law-enforcement"));
        assertTrue(t.containsKey("counterterrorism-cooperation"));
        assertTrue(t.get("arrest-law-enforcement").evidence().stream().anyMatch(s -> s.text().equals("arrested")));
        assertTrue(t.get("counterterrorism-cooperation").score() > 0.5);
    }

    @Test
    void shouldFindAttackAndFinancing() {
        Map<String, TopicFinding> t = topics("A suicide bombing killed nine. Investigators traced terror financing "
                + "through hawala networks and money laundering.");
        assertTrue(t.containsKey("attack"));
        assertTrue(t.containsKey("financing"));
    }

    @Test
    void shouldStayQuietOnUnrelatedText() {
        assertFalse(topics("The weather was mild and the harvest festival drew families.").containsKey("attack"));
        assertTrue(topics("The weather was mild.").isEmpty());
    }
}
