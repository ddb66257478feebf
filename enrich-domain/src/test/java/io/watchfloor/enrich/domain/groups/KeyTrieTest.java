package io.watchfloor.enrich.domain.groups;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The flat-array trie behind GroupMatcher: shared prefixes, non-ASCII edges at the root and deeper, misses. */
class KeyTrieTest {

    private static Integer lookup(KeyTrie<Integer> trie, String key) {
        int node = KeyTrie.ROOT;
        for (int i = 0; i < key.length() && node >= 0; i++) {
            node = trie.next(node, key.charAt(i));
        }
        return node < 0 ? null : trie.value(node);
    }

    @Test
    void shouldFindEveryKeyAndNothingElse() {
        KeyTrie<Integer> trie = new KeyTrie.Builder<Integer>()
                .add("is", 1).add("isis", 2).add("isis k", 3).add("\u00e9ta", 4).add("al \u0642", 5).add("z", 6)
                .build();
        assertEquals(1, lookup(trie, "is"));
        assertEquals(2, lookup(trie, "isis"));
        assertEquals(3, lookup(trie, "isis k"));
        assertEquals(4, lookup(trie, "\u00e9ta"));
        assertEquals(5, lookup(trie, "al \u0642"));
        assertEquals(6, lookup(trie, "z"));
        assertNull(lookup(trie, "isi"), "a prefix of a key is not a key");
        assertNull(lookup(trie, "al "));
        assertNull(lookup(trie, "isisk"));
        assertNull(lookup(trie, "y"));
        assertEquals(-1, trie.next(KeyTrie.ROOT, '\u00e8'), "non-ASCII miss at the root");
        assertEquals(-1, trie.next(trie.next(KeyTrie.ROOT, 'z'), 'a'), "miss below a leaf");
    }

    @Test
    void shouldRejectEmptyKey() {
        assertThrows(IllegalArgumentException.class, () -> new KeyTrie.Builder<Integer>().add("", 1));
    }
}
