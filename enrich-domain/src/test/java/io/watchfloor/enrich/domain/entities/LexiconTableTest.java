package io.watchfloor.enrich.domain.entities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The allocation-free word table answers exactly like the key-based lookup it shortcuts. */
class LexiconTableTest {

    private static Lexicon lex;

    @BeforeAll
    static void load() {
        lex = Lexicon.fromClasspath();
    }

    @Test
    void asciiTokensFindTheSameBitsAndTrieNodeAsTheirFoldedKey() {
        TokenSeq t = TokenSeq.of("General PAKISTAN Army said in Kabul, Zzyzxq the spokesman of U.S. Central Command");
        int known = 0;
        for (int i = 0; i < t.size; i++) {
            int slot = lex.slotAscii(t.chars, t.start[i], t.end[i]);
            Lexicon.Word w = lex.word(t.key(i));
            if (w == null) {
                assertEquals(-1, slot, "unknown word must miss: " + t.surface(i));
            } else {
                known++;
                assertEquals(w.bits(), lex.slotBits(slot), "bits of " + t.surface(i));
                assertSame(w.first(), lex.slotFirst(slot), "trie node of " + t.surface(i));
            }
        }
        assertNotNull(lex.word("kabul"));
        assertEquals(true, known >= 6, "expected several known words, got " + known);
    }

    @Test
    void nonAsciiTokensAreSentToTheFoldedLookup() {
        TokenSeq t = TokenSeq.of("Peshāwar Ramírez’s");
        assertEquals(Lexicon.NOT_ASCII, lex.slotAscii(t.chars, t.start[0], t.end[0]));
        assertEquals(Lexicon.NOT_ASCII, lex.slotAscii(t.chars, t.start[1], t.end[1]));
        assertEquals("peshawar", t.key(0));
    }
}
