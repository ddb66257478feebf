package io.watchfloor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostCurvesTest {
    private static final List<BenchCorpus.Item> CORPUS = List.of(
            new BenchCorpus.Item("One", "Militants attacked a checkpoint near Peshawar on Monday, police said."),
            new BenchCorpus.Item("Two", "The ministry said talks with the group would resume in Doha next week."),
            new BenchCorpus.Item("Three", "Floods displaced thousands of families across Sindh province."));

    @Test
    void shouldMakeDistinctTextsCloseToTheRequestedLengthCutAtAWordBoundary() {
        List<BenchCorpus.Item> items = CostCurves.ofLength(CORPUS, 500, 7);

        assertEquals(7, items.size());
        for (BenchCorpus.Item item : items) {
            int length = item.text().length();
            assertTrue(length >= 400 && length <= 500, "length " + length);
            assertFalse(item.text().endsWith(" "), item.text());
            assertTrue(item.text().contains("\n\n"), "paragraphs joined: " + item.text());
        }
        assertTrue(new HashSet<>(items.stream().map(BenchCorpus.Item::text).toList()).size() > 1);
        assertEquals(7, new HashSet<>(items.stream().map(BenchCorpus.Item::title).toList()).size());
    }

    @Test
    void shouldCutShortLengthsAtTheLastSpaceOfOneItem() {
        List<BenchCorpus.Item> items = CostCurves.ofLength(CORPUS, 30, 2);

        assertEquals("Militants attacked a", items.get(0).text());
        assertTrue(items.get(1).text().startsWith("The ministry said"), items.get(1).text());
    }

    @Test
    void shouldExpectEveryStreamThreadOfEachEnrichInstanceAsAGroupMember() {
        assertEquals(Map.of("enrich-service", 2, "store-service", 1), StackBench.pipelineMembers(1));
        assertEquals(Map.of("enrich-service", 8, "store-service", 4), StackBench.pipelineMembers(4));
    }
}
