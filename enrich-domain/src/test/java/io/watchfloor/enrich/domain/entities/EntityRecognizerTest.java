package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule-level behaviour of the PERSON / ORGANIZATION / LOCATION recogniser on sentences written for the test. */
class EntityRecognizerTest {

    private static final EntityRecognizer RECOGNIZER = EntityRecognizer.fromClasspath();

    private static List<EntityFinding> tag(String text) {
        List<EntityFinding> tags = RECOGNIZER.recognize(new ReportText("t", null, text, null));
        assertSpansPointIntoOriginal(null, text, tags);
        return tags;
    }

    private static void assertSpansPointIntoOriginal(String title, String text, List<EntityFinding> tags) {
        for (EntityFinding t : tags) {
            assertFalse(t.mentions().isEmpty(), t.toString());
            for (Evidence s : t.mentions()) {
                String source = Evidence.TITLE.equals(s.field()) ? title : text;
                assertEquals(source.substring(s.start(), s.end()), s.text(), "span " + s + " of " + t.name());
            }
            assertEquals(EntityRecognizer.PRODUCER, t.producer());
            assertTrue(t.score() > 0 && t.score() <= 1, t.toString());
        }
    }

    private static Optional<EntityFinding> find(List<EntityFinding> tags, String type, String mention) {
        return tags.stream().filter(t -> t.type().equals(type))
                .filter(t -> t.mentions().stream().anyMatch(m -> m.text().equals(mention)))
                .findFirst();
    }

    private static EntityFinding require(List<EntityFinding> tags, String type, String mention) {
        return find(tags, type, mention).orElseThrow(() -> new AssertionError(
                "no " + type + " mention '" + mention + "' in " + tags));
    }

    private static List<String> mentions(EntityFinding t) {
        return t.mentions().stream().map(Evidence::text).toList();
    }

    @Test
    void shouldRecogniseNamesAfterTitlesWithoutTheTitle() {
        List<EntityFinding> tags = tag("Gen. Ayesha Rahimova met Prime Minister Tomas Virtanen in Islamabad on Monday.");

        EntityFinding general = require(tags, "PERSON", "Ayesha Rahimova");
        assertEquals("Gen.", general.attributes().get("title"));
        require(tags, "PERSON", "Tomas Virtanen");
        assertEquals("geo:city:PK:islamabad", require(tags, "LOCATION", "Islamabad").id());
        assertTrue(find(tags, "PERSON", "Monday").isEmpty(), tags.toString());
    }

    @Test
    void shouldRecogniseSpokesmanAndAppositionPatterns() {
        List<EntityFinding> tags = tag("Police arrested Zarmina, a senior militant commander, near the border. "
                + "Interior ministry spokesman Qadir Ostovar said the raid was lawful.");

        require(tags, "PERSON", "Zarmina");
        require(tags, "PERSON", "Qadir Ostovar");
    }

    @Test
    void shouldLinkLaterSurnameMentionsToTheFullName() {
        List<EntityFinding> tags = tag("Colonel Ayesha Rahimova briefed reporters in Kabul. Rahimova said the "
                + "operation was over, and Rahimova's deputy agreed.");

        EntityFinding person = require(tags, "PERSON", "Ayesha Rahimova");
        assertEquals(List.of("Ayesha Rahimova", "Rahimova", "Rahimova"), mentions(person));
        assertEquals(1, tags.stream().filter(t -> t.type().equals("PERSON")).count(), tags.toString());
    }

    @Test
    void shouldLinkAnAcronymToItsDefinitionAndLaterBareMentions() {
        String text = "The Regional Threat Exchange Platform (RTEP) was set up in 2024. Officials said RTEP "
                + "would share data with the National Counter Extremism Coordination Office (NCECO). "
                + "NCECO reports to parliament.";
        List<EntityFinding> tags = tag(text);

        EntityFinding rtep = require(tags, "ORGANIZATION", "Regional Threat Exchange Platform");
        assertEquals(List.of("Regional Threat Exchange Platform", "RTEP", "RTEP"), mentions(rtep));
        assertEquals("RTEP", rtep.attributes().get("acronym"));
        assertEquals("Regional Threat Exchange Platform", rtep.attributes().get("definedAs"));

        EntityFinding nceco = require(tags, "ORGANIZATION", "National Counter Extremism Coordination Office");
        assertEquals(List.of("National Counter Extremism Coordination Office", "NCECO", "NCECO"), mentions(nceco));
    }

    @Test
    void shouldRecogniseOrganisationHeadsAndCuratedOrganisations() {
        List<EntityFinding> tags = tag("The Ministry of Interior and the Federal Investigation Agency briefed the "
                + "UN Security Council, while CENTCOM and the Pentagon declined to comment.");

        require(tags, "ORGANIZATION", "Ministry of Interior");
        assertEquals("org:pk-fia", require(tags, "ORGANIZATION", "Federal Investigation Agency").id());
        assertEquals("org:un-security-council", require(tags, "ORGANIZATION", "UN Security Council").id());
        assertEquals("org:us-centcom", require(tags, "ORGANIZATION", "CENTCOM").id());
        assertEquals("org:us-dod", require(tags, "ORGANIZATION", "Pentagon").id());
    }

    @Test
    void shouldPreferTheOrganisationWhenAPlaceIsPartOfItsName() {
        String text = "The Somali National Army and the Kenya Defence Forces pushed into Jubaland.";
        List<EntityFinding> tags = tag(text);

        require(tags, "ORGANIZATION", "Somali National Army");
        require(tags, "ORGANIZATION", "Kenya Defence Forces");
        assertTrue(find(tags, "LOCATION", "Kenya").isEmpty(), tags.toString());
        assertTrue(find(tags, "NATIONALITY", "Somali").isEmpty(), tags.toString());
    }

    @Test
    void shouldNotTagCommonWordsThatAreAlsoPlaceNames() {
        List<EntityFinding> tags = tag("Union leaders said reading the report was hard. Of course, Ali and Mobile "
                + "teams were sent. March was cold.");

        for (String word : List.of("Union", "Of", "Ali", "Mobile", "March")) {
            assertTrue(find(tags, "LOCATION", word).isEmpty(), word + " in " + tags);
        }
    }

    @Test
    void shouldTagSmallTownsOnlyWithLocativeContext() {
        List<EntityFinding> tags = tag("Clashes were reported in Kuhsān and near Mingora. Chaman Khan denied it.");

        assertEquals("geo:city:AF:kuhsan", require(tags, "LOCATION", "Kuhsān").id());
        assertEquals("geo:city:PK:mingora", require(tags, "LOCATION", "Mingora").id());
        assertTrue(find(tags, "LOCATION", "Chaman").isEmpty(), tags.toString());
    }

    @Test
    void shouldTypeDemonymsAsNationalityLinkedToTheCountry() {
        List<EntityFinding> tags = tag("Pakistani traders and Afghan officials met in Pakistan.");

        EntityFinding pakistani = require(tags, "NATIONALITY", "Pakistani");
        assertEquals("geo:country:PK", pakistani.id());
        assertEquals("demonym", pakistani.attributes().get("role"));
        assertEquals("geo:country:AF", require(tags, "NATIONALITY", "Afghan").id());
        EntityFinding pakistan = require(tags, "LOCATION", "Pakistan");
        assertEquals("geo:country:PK", pakistan.id());
        assertEquals(List.of("Pakistan"), mentions(pakistan));
        assertTrue(find(tags, "LOCATION", "Pakistani").isEmpty(), tags.toString());
    }

    @Test
    void shouldKeepSpansInTheOriginalTextWithAccentsAndCurlyApostrophes() {
        String text = "In Zürich, Dr. José Ramírez of Médecins Sans Frontières said Pakistan’s envoy "
                + "went to Kuhsān. Ramírez’s team stayed in Bogotá.";
        List<EntityFinding> tags = tag(text);

        EntityFinding jose = require(tags, "PERSON", "José Ramírez");
        assertEquals(List.of("José Ramírez", "Ramírez"), mentions(jose));
        assertEquals("org:msf", require(tags, "ORGANIZATION", "Médecins Sans Frontières").id());
        Evidence pk = require(tags, "LOCATION", "Pakistan").mentions().get(0);
        assertEquals(text.indexOf("Pakistan’s"), pk.start());
        require(tags, "LOCATION", "Kuhsān");
    }

    @Test
    void shouldReportTitleMentionsWithTheTitleField() {
        String title = "Kurilla praises Pakistan";
        String text = "General Michael Kurilla called Pakistan a partner.";
        List<EntityFinding> tags = RECOGNIZER.recognize(new ReportText("t", title, text, null));
        assertSpansPointIntoOriginal(title, text, tags);

        EntityFinding pakistan = require(tags, "LOCATION", "Pakistan");
        assertEquals(List.of(Evidence.TITLE, Evidence.TEXT), pakistan.mentions().stream().map(Evidence::field).toList());
        EntityFinding kurilla = require(tags, "PERSON", "Michael Kurilla");
        assertTrue(kurilla.mentions().stream().anyMatch(m -> m.field().equals(Evidence.TITLE)), kurilla.toString());
    }

    @Test
    void shouldRecogniseCoordinatedNamesInAList() {
        List<EntityFinding> tags = tag("The band was formed by Jared Holloway, Brannock Vetch and Tomo Miličević.");

        require(tags, "PERSON", "Jared Holloway");
        require(tags, "PERSON", "Brannock Vetch");
        require(tags, "PERSON", "Tomo Miličević");
    }

    @Test
    void shouldHandleEmptyAndNullFields() {
        assertTrue(RECOGNIZER.recognize(new ReportText("e", null, "", null)).isEmpty());
        assertTrue(RECOGNIZER.recognize(new ReportText("e", "  ", "no names here.", null)).isEmpty());
    }

    @Test
    void shouldGiveTheSameAnswerFromManyThreads() {
        String text = "General Michael Kurilla of U.S. Central Command (CENTCOM) visited Islamabad. Kurilla met "
                + "officials of the National Intelligence Fusion and Threat Assessment Centre (NIFTAC).";
        List<EntityFinding> expected = tag(text);
        List<List<EntityFinding>> results = IntStream.range(0, 64).parallel()
                .mapToObj(i -> RECOGNIZER.recognize(new ReportText("t", null, text, null))).toList();
        results.forEach(r -> assertEquals(expected, r));
    }
}
