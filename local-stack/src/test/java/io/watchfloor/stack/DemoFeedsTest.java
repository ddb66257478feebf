package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoFeedsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SOURCES = """
            [{"id":"src-a","name":"Demo desk (RSS)","health":{"status":"OK","format":"rss_2.0","itemsSeen":4,
              "itemsNew":4,"duplicates":0,"nearDuplicates":0,"totalPolls":1,"totalPublished":4,"lastError":null}},
             {"id":"src-x","name":"someone else's","health":{"status":"NEVER_POLLED","totalPolls":0}},
             {"id":"src-b","name":"Demo monitor (Atom)","health":{"status":"OK","format":"atom_1.0","itemsSeen":4,
              "itemsNew":3,"duplicates":1,"nearDuplicates":0,"totalPolls":1,"totalPublished":3}}]
            """;

    @Test
    void shouldPickTheDemoSourcesInOrderAndSumTheirDuplicates() throws Exception {
        List<JsonNode> sources = DemoFeeds.select(JSON.readTree(SOURCES), List.of("src-a", "src-b"));
        assertEquals(2, sources.size());
        assertEquals("src-a", sources.get(0).path("id").asText());
        assertTrue(sources.stream().allMatch(DemoFeeds::polled));
        assertEquals(1, DemoFeeds.duplicatesSeen(sources));
        List<String> lines = DemoFeeds.healthLines(sources);
        assertTrue(lines.get(0).contains("rss_2.0") && lines.get(0).contains("seen 4, new 4, duplicates 0"),
                lines.get(0));
        assertTrue(lines.get(1).contains("seen 4, new 3, duplicates 1"), lines.get(1));
        assertFalse(lines.get(0).contains("error"), lines.get(0));
    }

    @Test
    void shouldNotCountANeverPolledSourceAsPolled() throws Exception {
        JsonNode never = DemoFeeds.select(JSON.readTree(SOURCES), List.of("src-x")).get(0);
        assertFalse(DemoFeeds.polled(never));
    }
}
