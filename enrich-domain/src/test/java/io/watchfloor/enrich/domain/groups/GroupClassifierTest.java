package io.watchfloor.enrich.domain.groups;

import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupClassifierTest {

    private static GroupMatcher matcher;
    private static GroupClassifier classifier;

    @BeforeAll
    static void setUp() {
        GroupCatalog catalog = GroupCatalog.fromClasspath();
        matcher = new GroupMatcher(catalog);
        classifier = new GroupClassifier(catalog, new Provenance("test", "1"));
    }

    private static List<GroupFinding> tags(String title, String text) {
        ReportText r = new ReportText("r", title, text, null);
        return classifier.classify(r, matcher.match(r));
    }

    private static GroupFinding tag(String id, List<GroupFinding> tags) {
        return tags.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(() ->
                new AssertionError(id + " not tagged in " + tags));
    }

    @Test
    void shouldLabelClaimedResponsibility() {
        GroupFinding t = tag("iskp", tags(null, "A suicide bomber struck a market. ISKP claimed responsibility "
                + "for the bombing in a statement."));
        assertEquals(GroupClassifier.CLAIMED, t.role());
    }

    @Test
    void shouldLabelAttributedByOfficials() {
        GroupFinding t = tag("ttp", tags(null, "Police blamed Tehrik-i-Taliban Pakistan for the ambush."));
        assertEquals(GroupClassifier.ATTRIBUTED, t.role());
    }

    @Test
    void shouldLabelTargetedMembers() {
        GroupFinding t = tag("lashkar-e-taiba", tags(null, "Police arrested three Lashkar-e-Taiba operatives."));
        assertEquals(GroupClassifier.TARGETED, t.role());
    }

    @Test
    void shouldLabelPlainMentions() {
        GroupFinding t = tag("hamas", tags(null, "Hamas leaders met mediators in Doha."));
        assertEquals(GroupClassifier.MENTIONED, t.role());
    }

    @Test
    void shouldScoreTitleAndRepeatedMentionsHigherWithinBounds() {
        GroupFinding once = tag("hezbollah", tags(null, "Lebanon's economy, long hurt by war, worsened. Later in "
                + "the year a Hezbollah official spoke.".repeat(1)));
        GroupFinding often = tag("hezbollah", tags("Hezbollah fires rockets", "Hezbollah fired rockets. Hezbollah "
                + "said more would follow. Hezbollah claimed the attack."));
        assertTrue(often.score() > once.score(), often.score() + " vs " + once.score());
        assertTrue(often.score() <= 1.0 && once.score() >= 0.0);
    }

    @Test
    void shouldExplainEveryTag() {
        GroupFinding t = tag("ttp", tags(null, "The Tehreek-e-Taliban Pakistan (TTP) attacked a post; TTP fighters fled."));
        assertEquals(3, t.evidence().size());
        assertTrue(t.resolutions().stream().anyMatch(r -> r.surface().equals("TTP")
                && r.method().equals("acronym-with-context") && r.source().equals("curated")));
        assertEquals("test", t.producer().name());
        assertEquals("Pakistani Taliban", t.externalRefs().get("wikipedia"));
    }
}
