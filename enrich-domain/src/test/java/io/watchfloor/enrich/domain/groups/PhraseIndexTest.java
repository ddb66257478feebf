package io.watchfloor.enrich.domain.groups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One trie over many phrases: whole words only, case-insensitive, every occurrence, original offsets. */
class PhraseIndexTest {

    private static List<String> describe(List<PhraseIndex.Hit<String>> hits) {
        return hits.stream().map(h -> h.value() + "@" + h.start() + "-" + h.end() + "=" + h.text()).toList();
    }

    @Test
    void shouldMatchWholeWordsOnly() {
        PhraseIndex<String> index = PhraseIndex.<String>builder().add("ISIS", "isis").build();
        assertEquals(List.of(), index.find("ISISK and ISISes and KISIS"));
        assertEquals(List.of("isis@0-4=ISIS", "isis@14-18=isis", "isis@25-29=IsIs"),
                describe(index.find("ISIS claimed, isis said (IsIs).")));
    }

    @Test
    void shouldFindCaseInsensitiveOccurrencesWithOriginalOffsets() {
        PhraseIndex<String> index = PhraseIndex.<String>builder().add("Abbey Gate", "abbey").build();
        String text = "Near the abbey  gate, then ABBEY-GATE again.";
        List<PhraseIndex.Hit<String>> hits = index.find(text);
        assertEquals(List.of("abbey@9-20=abbey  gate", "abbey@27-37=ABBEY-GATE"), describe(hits));
        hits.forEach(h -> assertEquals(h.text(), text.substring(h.start(), h.end())));
    }

    @Test
    void shouldReportOverlappingAndNestedPhrasesAndEveryValue() {
        PhraseIndex<String> index = PhraseIndex.<String>builder()
                .add("abbey gate", "long").add("gate", "short").add("Gate", "other").add("gate", "short")
                .build();
        assertEquals(2, index.size(), "gate and Gate share one key");
        assertEquals(List.of("long@0-10=Abbey Gate", "short@6-10=Gate", "other@6-10=Gate"),
                describe(index.find("Abbey Gate")));
    }

    @Test
    void shouldFoldAccentsAndTypographicApostrophes() {
        PhraseIndex<Integer> index = PhraseIndex.<Integer>builder().add("jama'at", 1).add("cafe", 2).build();
        String text = "Jama\u2019at members met at the Caf\u00e9.";
        List<PhraseIndex.Hit<Integer>> hits = index.find(text);
        assertEquals(2, hits.size());
        assertEquals("Jama\u2019at", hits.get(0).text());
        assertEquals("Caf\u00e9", hits.get(1).text());
        assertEquals(text.indexOf("Caf"), hits.get(1).start());
        assertEquals(text.indexOf("."), hits.get(1).end());
    }

    @Test
    void shouldFindNothingInEmptyTextOrWithNoPhrases() {
        assertTrue(PhraseIndex.<String>builder().build().find("anything").isEmpty());
        assertTrue(PhraseIndex.<String>builder().add("x y", "v").build().find(null).isEmpty());
        assertTrue(PhraseIndex.<String>builder().add("x y", "v").build().find("").isEmpty());
    }

    @Test
    void shouldRejectPhraseThatIsEmptyOnceNormalised() {
        assertThrows(IllegalArgumentException.class, () -> PhraseIndex.<String>builder().add(" -- ", "v"));
        assertThrows(IllegalArgumentException.class, () -> PhraseIndex.<String>builder().add(null, "v"));
    }
}
