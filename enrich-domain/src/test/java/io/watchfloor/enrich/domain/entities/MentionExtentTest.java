package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.ReportText;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mention extents (docs/enrichment.md, "Mention boundaries"): the name stays the highlighted span, the extent is the
 * whole mention by the ACE convention, on sentences written for the test.
 */
class MentionExtentTest {

    private static final EntityRecognizer RECOGNIZER = EntityRecognizer.fromClasspath();

    /** "TYPE name => extent" for every mention whose extent is wider than its name. */
    private static List<String> wider(String text) {
        List<String> out = new ArrayList<>();
        for (EntityFinding t : RECOGNIZER.recognize(new ReportText("t", null, text, null))) {
            for (Evidence m : t.mentions()) {
                assertTrue(m.extentStart() <= m.start() && m.extentEnd() >= m.end(), m.toString());
                if (m.hasWiderExtent()) {
                    out.add(t.type() + " " + m.text() + " => " + text.substring(m.extentStart(), m.extentEnd()));
                }
            }
        }
        return out;
    }

    private static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        RECOGNIZER.recognize(new ReportText("t", null, text, null))
                .forEach(t -> t.mentions().forEach(m -> out.add(t.type() + " " + m.text())));
        return out;
    }

    @Test
    void shouldTakeTitlesRanksAndTheNationalityBeforeThemIntoAPersonsExtent() {
        String text = "The talks were opened by Iraqi Prime Minister Tovan Mirelli and Staff Colonel Harlan Voss. "
                + "Later lieutenant Dorvan Kessel met Gen. Orvel Brannagh.";
        List<String> wider = wider(text);

        assertTrue(wider.contains("PERSON Tovan Mirelli => Iraqi Prime Minister Tovan Mirelli"), wider.toString());
        assertTrue(wider.contains("PERSON Harlan Voss => Staff Colonel Harlan Voss"), wider.toString());
        assertTrue(wider.contains("PERSON Dorvan Kessel => lieutenant Dorvan Kessel"), wider.toString());
        assertTrue(wider.contains("PERSON Orvel Brannagh => Gen. Orvel Brannagh"), wider.toString());
        // the names themselves are unchanged: what a reader sees highlighted
        List<String> names = names(text);
        assertTrue(names.contains("PERSON Tovan Mirelli"), names.toString());
        assertTrue(names.contains("PERSON Harlan Voss"), names.toString());
    }

    @Test
    void shouldLeaveOccupationsAndTheWordBeforeASentenceOutOfAPersonsExtent() {
        String text = "The cell answered to a deputy. Harlan Voss paid the militant Dorvan Kessel in cash.";
        List<String> wider = wider(text);

        assertFalse(wider.stream().anyMatch(w -> w.startsWith("PERSON")), wider.toString());
    }

    @Test
    void shouldTakeTheDeterminerIntoOrganisationAndPlaceExtents() {
        String text = "Engineers of the Qarsh Dam Authority inspected the Qarsh Dam after the Velmor Brigade "
                + "shelled it.";
        List<String> wider = wider(text);

        assertTrue(wider.contains("ORGANIZATION Qarsh Dam Authority => the Qarsh Dam Authority"), wider.toString());
        assertTrue(wider.contains("LOCATION Qarsh Dam => the Qarsh Dam"), wider.toString());
        assertTrue(wider.contains("ORGANIZATION Velmor Brigade => the Velmor Brigade"), wider.toString());
    }

    @Test
    void shouldLeaveTheDeterminerToTheNounANameModifies() {
        String text = "The Velmor Brigade fighters crossed the Syria-Iraq border near the Qarsh Dam.";
        List<String> wider = wider(text);

        assertFalse(wider.stream().anyMatch(w -> w.contains("Velmor")), wider.toString());
        assertFalse(wider.stream().anyMatch(w -> w.contains("Syria")), wider.toString());
        assertTrue(wider.contains("LOCATION Qarsh Dam => the Qarsh Dam"), wider.toString());
    }

    @Test
    void shouldTakeCompassWordsKindNounsAndTheHoldingCountryIntoAPlacesExtent() {
        String text = "Fighting spread across northeast Iraq and into the city of Husaybah, and a car bomb hit "
                + "Baghdad, Iraq on Monday. Strikes hit Mosul, Diyala and Anbar.";
        List<String> wider = wider(text);

        assertTrue(wider.contains("LOCATION Iraq => northeast Iraq"), wider.toString());
        assertTrue(wider.contains("LOCATION Husaybah => the city of Husaybah"), wider.toString());
        assertTrue(wider.contains("LOCATION Baghdad => Baghdad, Iraq"), wider.toString());
        // a list is no place with its container
        assertFalse(wider.stream().anyMatch(w -> w.contains("Mosul")), wider.toString());
    }

    @Test
    void shouldTakeTheDeterminerSuffixAndPortfolioCountryIntoAPersonNamedByOffice() {
        String text = "The Council urged the Prime Minister-designate to act. Later the President of Chad met the "
                + "Minister of Foreign Affairs of Iraq.";
        List<String> wider = wider(text);

        assertTrue(wider.contains("PERSON Prime Minister => the Prime Minister-designate"), wider.toString());
        assertTrue(wider.contains("PERSON President => the President of Chad"), wider.toString());
        assertTrue(wider.contains("PERSON Minister of Foreign Affairs => the Minister of Foreign Affairs of Iraq"),
                wider.toString());
        // the country stays a mention of its own inside
        List<String> names = names(text);
        assertTrue(names.contains("LOCATION Iraq"), names.toString());
    }

    @Test
    void shouldTakeAPossessorIntoTheExtentOfWhatItOwns() {
        String text = "Britain's Foreign Secretary Harlan Voss spoke after the UK's Qarsh Dam Authority closed the "
                + "dam. Chad's Foreign Minister left.";
        List<String> wider = wider(text);

        assertTrue(wider.contains("PERSON Harlan Voss => Britain's Foreign Secretary Harlan Voss"), wider.toString());
        assertTrue(wider.contains("ORGANIZATION Qarsh Dam Authority => the UK's Qarsh Dam Authority"),
                wider.toString());
        // a person named by office after a possessor: the possessor stands for the determiner
        assertTrue(wider.contains("PERSON Foreign Minister => Chad's Foreign Minister"), wider.toString());
        // the possessor keeps its own mention
        assertTrue(wider.contains("LOCATION UK => the UK"), wider.toString());
    }

    @Test
    void shouldTakeTheNumberIntoACountedForceAndTheDescribedKindIntoAPlace() {
        String text = "The clashes killed 120 Iraqi soldiers and four Syrian soldiers on the Kuwaiti island of "
                + "Failaka and in the Yazidi village of Kocho. Iraqi soldiers withdrew.";
        List<String> wider = wider(text);

        assertTrue(wider.contains("ORGANIZATION Iraqi soldiers => 120 Iraqi soldiers"), wider.toString());
        assertTrue(wider.contains("ORGANIZATION Syrian soldiers => four Syrian soldiers"), wider.toString());
        assertTrue(wider.contains("LOCATION Failaka => the Kuwaiti island of Failaka"), wider.toString());
        assertTrue(wider.contains("LOCATION Kocho => the Yazidi village of Kocho"), wider.toString());
        // "Kuwaiti island" describes the place named after "of": no place of its own
        List<String> names = names(text);
        assertFalse(names.stream().anyMatch(n -> n.contains("island")), names.toString());
    }

    @Test
    void shouldGiveGroupEvidenceItsDeterminerButNotWhenTheGroupModifiesANoun() {
        String text = "The dam was captured by the Islamic State in 2014. The TTP militants fled.";
        var groups = DefaultEnricher.fromClasspath().enrich(new ReportText("t", null, text, null)).groups();
        List<String> extents = new ArrayList<>();
        groups.forEach(g -> g.evidence().forEach(e -> extents.add(g.id() + " " + text.substring(e.extentStart(),
                e.extentEnd()))));

        assertTrue(extents.contains("islamic-state the Islamic State"), extents.toString());
        assertTrue(extents.contains("ttp TTP"), extents.toString());
    }

    @Test
    void shouldRefuseAnExtentThatDoesNotContainItsName() {
        assertThrows(IllegalArgumentException.class, () -> new Evidence("text", 4, 9, "Qarsh", 5, 9));
        assertEquals(new Evidence("text", 4, 9, "Qarsh", 4, 9), new Evidence("text", 4, 9, "Qarsh"));
    }
}
