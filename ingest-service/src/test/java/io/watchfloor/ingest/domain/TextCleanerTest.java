package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextCleanerTest {

    @Test
    void shouldStripNulAndControlCharactersButKeepTabsAndNewlines() {
        assertEquals("a\tb\nc d", TextCleaner.cleanText("a\u0000\tb\r\nc\u0007 d\u0085\u007f"));
    }

    @Test
    void shouldDropLoneSurrogatesAndKeepPairs() {
        assertEquals("x\uD83D\uDE00y", TextCleaner.cleanText("x\uD800\uD83D\uDE00\uDC00y"));
    }

    @Test
    void shouldCollapseBlankLineRunsAndTrimLineEnds() {
        assertEquals("one\n\ntwo\nthree", TextCleaner.cleanText("\n\n one   \n\n\n\ntwo  \r\nthree\n\n"));
    }

    @Test
    void shouldNormaliseToNfc() {
        assertEquals("caf\u00e9", TextCleaner.cleanText("cafe\u0301"));
    }

    @Test
    void shouldNormaliseForHashing() {
        assertEquals("breaking: port strike ends",
                TextCleaner.normaliseForHash("  BREAKING:\n Port\u00a0strike\tends "));
    }

    @Test
    void shouldCapWithoutSplittingSurrogatePairs() {
        assertEquals("ab", TextCleaner.cap("ab\uD83D\uDE00", 3));
        assertEquals("ab\uD83D\uDE00", TextCleaner.cap("ab\uD83D\uDE00c", 4));
    }
}
