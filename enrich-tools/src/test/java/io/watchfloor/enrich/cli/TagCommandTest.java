package io.watchfloor.enrich.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldWriteOneLinePerReportAndReportBadLinesByNumber() throws Exception {
        String input = String.join("\n",
                "{\"id\":\"a\",\"title\":\"Hamas statement\",\"text\":\"Hamas said talks continue.\","
                        + "\"publishedAt\":\"2025-10-01T08:00:00Z\"}",
                "{not json",
                "{\"id\":\"c\"}",
                "",
                "{\"id\":\"d\",\"text\":\"Police arrested two TTP militants in Bannu.\"}") + "\n";
        TagCommand command = new TagCommand(new DefaultEnricher(GroupCatalog.fromClasspath(), r -> List.of(),
                DefaultEnricher.DEFAULT_TEXT_CAP), 2);
        StringWriter out = new StringWriter();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long failed = command.run(new StringReader(input), out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, failed);
        String[] lines = out.toString().split("\n");
        assertEquals(4, lines.length);
        JsonNode a = MAPPER.readTree(lines[0]);
        assertEquals("a", a.path("id").asText());
        JsonNode hamas = a.path("groups").get(0);
        assertEquals("hamas", hamas.path("id").asText());
        assertEquals("Hamas", hamas.path("wikipedia").asText());
        assertEquals("title", hamas.path("evidence").get(0).path("field").asText());
        assertEquals(0, a.path("groups").get(0).path("evidence").get(1).path("start").asInt());
        assertTrue(a.path("entities").isArray() && a.path("events").isArray() && a.path("topics").isArray());
        assertEquals(2, MAPPER.readTree(lines[1]).path("line").asInt());
        assertTrue(MAPPER.readTree(lines[1]).path("error").asText().contains("not valid JSON"));
        assertEquals(3, MAPPER.readTree(lines[2]).path("line").asInt());
        JsonNode d = MAPPER.readTree(lines[3]);
        assertEquals("ttp", d.path("groups").get(0).path("id").asText());
        assertEquals("targeted", d.path("groups").get(0).path("role").asText());
        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("tag: 2 lines") && progress.contains("tag: done, 5 lines, 2 failed"), progress);
    }

    @Test
    void shouldTagSourceAssertedActorsBesideOwnFindings() throws Exception {
        String input = "{\"id\":\"stix\",\"text\":\"The report describes APT1 intrusions.\","
                + "\"sourceActors\":[\"APT1\",\"Ugly Gorilla\"]}\n";
        TagCommand command = new TagCommand(new DefaultEnricher(GroupCatalog.fromClasspath(), r -> List.of(),
                DefaultEnricher.DEFAULT_TEXT_CAP), 100);
        StringWriter out = new StringWriter();
        command.run(new StringReader(input), out, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        JsonNode line = MAPPER.readTree(out.toString().split("\n")[0]);
        JsonNode source = null;
        for (JsonNode g : line.path("groups")) {
            if ("source".equals(g.path("producer").asText())) {
                source = g;
            }
        }
        assertTrue(source != null, line.toString());
        assertEquals("mitre-g0006", source.path("id").asText());
        assertEquals(21, source.path("evidence").get(0).path("start").asInt());
        boolean gorilla = false;
        for (JsonNode t : line.path("entities")) {
            gorilla |= "Ugly Gorilla".equals(t.path("name").asText())
                    && t.path("producer").asText().startsWith("source@");
        }
        assertTrue(gorilla, line.toString());
    }
}
