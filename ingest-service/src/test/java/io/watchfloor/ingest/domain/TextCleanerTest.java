package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void shouldCapUtf8BytesOnCodePointBoundaries() {
        assertEquals("abc", TextCleaner.capUtf8("abc", 4));
        assertEquals("ab", TextCleaner.capUtf8("ab\u6f22", 4), "a 3-byte char that does not fit is left out whole");
        assertEquals("\u6f22", TextCleaner.capUtf8("\u6f22\u6f22", 5));
        String emoji = "\uD83D\uDE00"; // one code point, 4 bytes, 2 chars
        assertEquals("a", TextCleaner.capUtf8("a" + emoji, 4), "a surrogate pair is never split");
        assertEquals("a" + emoji, TextCleaner.capUtf8("a" + emoji, 5));
        String big = "\u00e9".repeat(1_000); // 2,000 bytes
        assertEquals(500, TextCleaner.capUtf8(big, 1_001).length());
        assertTrue(TextCleaner.capUtf8(big, 1_001).getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 1_001);
    }
}
