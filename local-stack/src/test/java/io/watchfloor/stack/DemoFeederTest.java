package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DemoFeederTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void demoSetShouldHoldAboutFortyDistinctReportsAboutArmedGroups() throws Exception {
        List<JsonNode> items = DemoFeeder.items();
        assertTrue(items.size() >= 35 && items.size() <= 50, "items: " + items.size());
        Set<String> texts = new HashSet<>();
        int aboutGroups = 0;
        for (JsonNode item : items) {
            assertFalse(item.path("title").asText().isBlank(), item.toString());
            String text = item.path("text").asText();
            assertTrue(text.length() >= 80, "too short to enrich: " + text);
            assertTrue(texts.add(text), "duplicate text: " + text);
            Instant.parse(item.path("publishedAt").asText());
            assertEquals("Wikipedia Current Events Portal", item.path("source").path("name").asText());
            if (text.matches("(?s).*(Islamic State|ISWAP|al-Shabaab|Boko Haram|Taliban|Tehrik|Hezbollah|Hamas|"
                    + "Houthi|FARC|M23|Rapid Support Forces|Allied Democratic Forces|Baloch|JNIM|al-Qaeda).*")) {
                aboutGroups++;
            }
        }
        assertTrue(aboutGroups >= items.size() * 3 / 4, "only " + aboutGroups + " items name a known group");
    }

    @Test
    void shouldReadTheAcceptedCountFromIngestsBatchAnswer() throws Exception {
        assertEquals(2, DemoFeeder.countAccepted(JSON.readTree(
                "{\"accepted\":2,\"rejected\":1,\"failed\":0,\"results\":[]}"), 3));
        assertEquals(1, DemoFeeder.countAccepted(JSON.readTree(
                "[{\"index\":0,\"id\":\"a\",\"status\":\"accepted\"},{\"index\":1,\"status\":\"rejected\"}]"), 2));
    }

    @Test
    void shouldListGroupNamesOfAStoredReport() throws Exception {
        JsonNode page = JSON.readTree("{\"items\":[{\"title\":\"t\",\"groups\":[{\"groupId\":\"isis-k\","
                + "\"name\":\"Islamic State Khorasan Province\"},{\"groupId\":\"ttp\",\"name\":\"\"}]},"
                + "{\"title\":\"u\",\"groups\":[]}],\"next\":null}");
        JsonNode items = DemoFeeder.reportList(page);
        assertEquals(2, items.size());
        assertEquals("Islamic State Khorasan Province, ttp", DemoFeeder.groupNames(items.get(0)));
        assertEquals("(none found)", DemoFeeder.groupNames(items.get(1)));
    }
}
