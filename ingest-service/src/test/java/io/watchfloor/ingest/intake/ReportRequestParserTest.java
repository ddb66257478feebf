package io.watchfloor.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportRequestParserTest {
    private final ReportRequestParser parser = new ReportRequestParser();

    private Submission parse(String json) {
        return parser.parseOne(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"2030-01-01T00:00:00Z\" | 2030-01-01T00:00:00Z",
        "\"2024-05-01T12:00:00+02:00\" | 2024-05-01T10:00:00Z",
        "\"Wed, 01 May 2024 10:00:00 GMT\" | 2024-05-01T10:00:00Z",
        "\"2024-05-01\" | 2024-05-01T00:00:00Z",
        "\"2024-05-01T10:00:00\" | 2024-05-01T10:00:00Z",
        "0 | 1970-01-01T00:00:00Z",
        "1714557600000 | 2024-05-01T10:00:00Z",
    })
    void shouldReadPublishDatesInCommonFormats(String json, String expected) {
        assertEquals(Instant.parse(expected), parse("{\"text\": \"x\", \"publishedAt\": " + json + "}").publishedAt());
    }

    @Test
    void shouldReadSourceAsNameOrObject() {
        Submission named = parse("{\"text\": \"x\", \"source\": \"Example News\"}");
        assertEquals("Example News", named.sourceName());
        assertNull(named.sourceKind());
        Submission full = parse("{\"text\": \"x\", \"source\": {\"kind\": \"rss\", \"name\": \"N\", "
                + "\"url\": \"https://e.example/feed\", \"itemId\": \"g1\"}}");
        assertEquals(List.of("rss", "N", "https://e.example/feed", "g1"),
                List.of(full.sourceKind(), full.sourceName(), full.sourceUrl(), full.itemId()));
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> parse("{\"text\": \"x\", \"source\": {\"name\": 7}}"));
        assertEquals("source.name", e.field());
    }

    @Test
    void shouldFlattenScalarAttributesAndRefuseNestedOnes() {
        assertEquals(Map.of("author", "A", "words", "120", "paywalled", "false"),
                parse("{\"text\": \"x\", \"attributes\": {\"author\": \"A\", \"words\": 120, \"paywalled\": false}}")
                        .attributes());
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> parse("{\"text\": \"x\", \"attributes\": {\"tags\": [\"a\"]}}"));
        assertEquals("attributes", e.field());
    }

    @Test
    void shouldRefuseDeeplyNestedJson() {
        String deep = "{\"text\": \"x\", \"attributes\": " + "[".repeat(200) + "]".repeat(200) + "}";
        assertThrows(InvalidSubmissionException.class, () -> parse(deep));
    }

    @Test
    void shouldRefuseBodiesThatWouldBuildHugeTreesWithinTheByteCap() {
        // under 1 MiB each, but hundreds of thousands of nodes once parsed: refused by the token bound
        StringBuilder values = new StringBuilder("{\"text\": \"x\", \"attributes\": {\"a\": [0");
        StringBuilder objects = new StringBuilder("[{\"text\": \"x\"}");
        StringBuilder stix = new StringBuilder("{\"type\": \"bundle\", \"objects\": [{}");
        for (int i = 0; i < 300_000; i++) {
            values.append(",0");
            objects.append(i % 2 == 0 ? ",{}" : "");
            stix.append(i % 2 == 0 ? ",{}" : "");
        }
        values.append("]}}");
        objects.append(']');
        stix.append("]}");
        for (String body : List.of(values.toString(), objects.toString(), stix.toString())) {
            assertTrue(body.length() < 1_048_576, "body of " + body.length() + " chars");
            InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                    () -> parser.readJson(body.getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("too large or too deeply nested"), e.getMessage());
            assertTrue(e.hint().contains("split large batches"), e.hint());
        }
        InvalidSubmissionException batch = assertThrows(InvalidSubmissionException.class,
                () -> parser.parseBatch(objects.toString().getBytes(StandardCharsets.UTF_8), false, 500));
        assertTrue(batch.getMessage().contains("Token count"), batch.getMessage());
    }

    @Test
    void shouldSplitNdjsonAndNumberItemsByNonBlankLine() {
        List<ReportRequestParser.Item> items = parser.parseBatch(
                "{\"text\": \"a\"}\r\n\n  \n[]\n{\"text\": \"c\"}".getBytes(StandardCharsets.UTF_8), true, 10);
        assertEquals(3, items.size());
        assertEquals("a", items.get(0).submission().text());
        assertEquals(1, items.get(1).index());
        assertNull(items.get(1).submission());
        assertEquals("c", items.get(2).submission().text());
    }

    @Test
    void shouldRefuseAnEmptyBatch() {
        assertThrows(InvalidSubmissionException.class,
                () -> parser.parseBatch("[]".getBytes(StandardCharsets.UTF_8), false, 10));
        assertThrows(InvalidSubmissionException.class,
                () -> parser.parseBatch("\n\n".getBytes(StandardCharsets.UTF_8), true, 10));
    }
}
