package io.watchfloor.enrich.domain.entities;

import java.util.Set;

/** Token-range helpers shared by the rule sets: normalised keys of a span, word counts, list separators. */
final class Tokens {

    /** Words that may join the parts of one name ("Bank of England", "Abu Bakr al-Baghdadi"). */
    static final Set<String> CONNECTORS = Set.of("of", "the", "and", "de", "al", "el", "e", "i", "ul",
            "ur", "ez", "ad", "as", "an", "da", "du", "des", "la", "le", "y", "d", "bin", "dar", "-", "for", "on",
            "at", "&", "upon", "del", "di", "van", "von", "der", "den");

    /** Arabic articles written before a name: "al-Anbar", "Al Anbar", "ash-Sham", "ad-Dawla". */
    static final Set<String> ARABIC_ARTICLES = Set.of("al", "el", "ad", "ash", "as", "an", "ar", "at", "az", "ath",
            "adh", "ud", "ul");

    private Tokens() {
    }

    static String[] keys(TokenSeq t, int s, int e) {
        String[] k = new String[e - s];
        for (int i = s; i < e; i++) {
            k[i - s] = t.key(i);
        }
        return k;
    }

    static String norm(TokenSeq t, int s, int e) {
        StringBuilder b = new StringBuilder();
        for (int i = s; i < e; i++) {
            if (t.isWord(i)) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(t.key(i));
            }
        }
        return b.toString();
    }

    static int words(TokenSeq t, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            if (t.isWord(i)) {
                n++;
            }
        }
        return n;
    }

    /** Tokens taken by a list separator at j (", ", "and", ", and", "&"), or 0. */
    static int separator(TokenSeq t, int j) {
        if (t.isPunct(j, ',')) {
            return t.isLower(j + 1) && t.key(j + 1).equals("and") ? 2 : 1;
        }
        if (t.isPunct(j, '&') || (t.isLower(j) && t.key(j).equals("and"))) {
            return 1;
        }
        return 0;
    }

    static boolean listEnd(TokenSeq t, int e) {
        return e >= t.size || t.kind[e] == TokenSeq.PUNCT || t.isLower(e);
    }
}
