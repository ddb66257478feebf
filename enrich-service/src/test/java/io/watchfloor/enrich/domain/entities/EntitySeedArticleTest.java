package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityTag;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Span;
import org.junit.jupiter.api.Assumptions;
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

    private static final String SEED = "shared/data/samples/seed-article-pakistan-us-counterterrorism.txt";

    private static Path seedArticle() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SEED))) {
                return p.resolve(SEED);
            }
        }
        return null;
    }

    @Test
    void shouldFindThePeopleOrganisationsAndPlacesOfTheSeedArticle() throws IOException {
        Path file = seedArticle();
        Assumptions.assumeTrue(file != null, "seed article not found above " + Path.of("").toAbsolutePath());
        String text = Files.readString(file, StandardCharsets.UTF_8);

        List<EntityTag> tags = EntityRecognizer.fromClasspath().recognize(new ReportText("seed", null, text, null));

        for (EntityTag t : tags) {
            for (Span s : t.mentions()) {
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
                .findFirst().orElseThrow().mentions().stream().map(Span::text).toList();
        assertTrue(us.contains("United States"), us.toString());
        assertTrue(tags.stream().noneMatch(t -> t.type().equals("PERSON") && t.name().equals("Kurilla")),
                "the short mention must be linked to Michael Kurilla: " + tags);
    }

    private static List<String> mentions(List<EntityTag> tags, String type, String name) {
        return tags.stream().filter(t -> t.type().equals(type) && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " in " + tags))
                .mentions().stream().map(Span::text).toList();
    }
}
