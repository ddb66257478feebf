package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acceptance: the entities of the seed article (read from ../shared, never copied into the repository). */
class EntitySeedArticleTest {

    @Test
    void shouldFindThePeopleOrganisationsAndPlacesOfTheSeedArticle() throws IOException {
        Path file = SharedData.seedArticle();
        String text = Files.readString(file, StandardCharsets.UTF_8);

        List<EntityFinding> tags = EntityRecognizer.fromClasspath().recognize(new ReportText("seed", null, text, null));

        for (EntityFinding t : tags) {
            for (Evidence s : t.mentions()) {
                assertEquals(text.substring(s.start(), s.end()), s.text());
            }
        }
        assertEquals(List.of("Sharifullah"), mentions(tags, "PERSON", "Sharifullah"));
        assertEquals(List.of("Michael Kurilla", "Kurilla"), mentions(tags, "PERSON", "Michael Kurilla"));
        List<String> centcom = mentions(tags, "ORGANIZATION", "U.S. Central Command");
        assertTrue(centcom.containsAll(List.of("U.S. Central Command", "CENTCOM")), centcom.toString());
        List<String> niftac = mentions(tags, "ORGANIZATION",
                "National Intelligence Fusion and Threat Assessment Centre");
        assertEquals(4, niftac.size(), niftac.toString());
        assertEquals(3, niftac.stream().filter("NIFTAC"::equals).count(), niftac.toString());
        for (String id : List.of("geo:country:PK", "geo:city:PK:islamabad", "geo:city:AF:kabul",
                "geo:country:AF", "geo:country:US")) {
            assertTrue(tags.stream().anyMatch(t -> t.type().equals("LOCATION") && id.equals(t.id())),
                    id + " missing in " + tags);
        }
        List<String> us = tags.stream().filter(t -> "geo:country:US".equals(t.id()) && t.type().equals("LOCATION"))
                .findFirst().orElseThrow().mentions().stream().map(Evidence::text).toList();
        assertTrue(us.contains("United States"), us.toString());
        assertTrue(tags.stream().noneMatch(t -> t.type().equals("PERSON") && t.name().equals("Kurilla")),
                "the short mention must be linked to Michael Kurilla: " + tags);
    }

    private static List<String> mentions(List<EntityFinding> tags, String type, String name) {
        return tags.stream().filter(t -> t.type().equals(type) && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " in " + tags))
                .mentions().stream().map(Evidence::text).toList();
    }
}
