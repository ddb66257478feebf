package io.watchfloor.enrich.domain.entities;

import java.util.List;
import java.util.Set;

/**
 * The recogniser's view of its {@link Lexicon}: rule bits and gazetteer trie node per token (one hash probe,
 * cached in the {@link TokenSeq}) and allocation-free checks of lower-case title words.
 */
final class Vocabulary {

    /** Lower-case words that act as a title before a name ("spokesman Zabihullah Mujahid"). */
    private static final Set<String> LOWER_TITLES = Set.of("spokesman", "spokeswoman", "spokesperson",
            "commander", "leader", "chief", "founder", "minister", "president", "envoy", "cleric", "militant",
            "emir", "deputy", "governor", "general",
            // occupations: "pianist Eddy Duchin", "striker Harry Kane"
            "singer", "pianist", "guitarist", "drummer", "bassist", "actor", "actress", "writer", "author",
            "novelist", "poet", "painter", "artist", "composer", "producer", "director", "coach", "manager",
            "striker", "goalkeeper", "journalist", "reporter", "photographer", "lawyer", "businessman",
            "businesswoman", "historian", "economist", "activist", "rapper", "comedian", "architect", "cricketer",
            "footballer", "boxer", "chairman", "chairwoman", "analyst", "researcher", "hacker", "preacher",
            "colonel", "captain", "sergeant", "lieutenant", "brigadier", "admiral");

    private final Lexicon lex;
    private final Set<String> cues;
    private final boolean[] lowerShapes = new boolean[26 * 32];
    /** LOWER_TITLES by first letter and length, compared in place for ASCII tokens. */
    private final String[][] lowerTitleShapes = new String[26 * 32][];

    Vocabulary(Lexicon lex) {
        this.lex = lex;
        this.cues = lex.section("person-cues");
        for (Set<String> words : List.of(LOWER_TITLES, cues)) {
            for (String w : words) {
                char c = w.charAt(0);
                if (c >= 'a' && c <= 'z' && w.length() < 32) {
                    lowerShapes[(c - 'a') * 32 + w.length()] = true;
                }
            }
        }
        for (String w : LOWER_TITLES) {
            int shape = (w.charAt(0) - 'a') * 32 + w.length();
            String[] old = lowerTitleShapes[shape];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = w;
            lowerTitleShapes[shape] = grown;
        }
    }

    PhraseTrie<Lexicon.Entry> phrases() {
        return lex.phrases;
    }

    PhraseTrie<String> techTerms() {
        return lex.techTerms;
    }

    Set<String> section(String name) {
        return lex.section(name);
    }

    /** Cheap pre-filter (first letter and length) before a lower-case word is normalised and looked up. */
    boolean lowerHint(TokenSeq t, int i) {
        char c = t.chars[t.start[i]];
        int len = t.end[i] - t.start[i];
        return c >= 'a' && c <= 'z' && len < 32 && lowerShapes[(c - 'a') * 32 + len];
    }

    /**
     * Same as {@code LOWER_TITLES.contains(t.key(i))} for a token that passed {@link #lowerHint}, without building
     * the key for plain ASCII tokens.
     */
    boolean lowerTitle(TokenSeq t, int i) {
        int s = t.start[i];
        int len = t.end[i] - s;
        char[] a = t.chars;
        for (int k = s; k < s + len; k++) {
            if (a[k] >= 128) {
                return LOWER_TITLES.contains(t.key(i));
            }
        }
        String[] words = lowerTitleShapes[(a[s] - 'a') * 32 + len];
        if (words == null) {
            return false;
        }
        for (String w : words) {
            int k = 0;
            while (k < len) {
                char c = a[s + k];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != w.charAt(k)) {
                    break;
                }
                k++;
            }
            if (k == len) {
                return true;
            }
        }
        return false;
    }


    int bits(TokenSeq t, int i) {
        int b = t.bits[i];
        return b != 0 ? b : lookup(t, i);
    }

    /** Gazetteer trie node of phrases starting with token i's word (same as the root's child for its key). */
    PhraseTrie.Node<Lexicon.Entry> first(TokenSeq t, int i) {
        if (t.bits[i] == 0) {
            lookup(t, i);
        }
        return t.first[i];
    }

    /** One hash probe per token for both the rule bits and the gazetteer trie node; cached in the TokenSeq. */
    int lookup(TokenSeq t, int i) {
        int slot = lex.slotAscii(t.chars, t.start[i], t.end[i]);
        int b = Lexicon.COMPUTED;
        if (slot >= 0) {
            b |= lex.slotBits(slot);
            t.first[i] = lex.slotFirst(slot);
        } else if (slot == Lexicon.NOT_ASCII) {
            Lexicon.Word w = lex.word(t.key(i));
            if (w != null) {
                b |= w.bits();
                t.first[i] = w.first();
            }
        }
        t.bits[i] = b;
        return b;
    }

    boolean has(TokenSeq t, int i, int bit) {
        return i >= 0 && i < t.size && t.isWord(i) && (bits(t, i) & bit) != 0;
    }
}
