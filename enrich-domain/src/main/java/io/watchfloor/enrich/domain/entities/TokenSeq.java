package io.watchfloor.enrich.domain.entities;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fast tokenisation of one field: words (with abbreviations such as "U.S." kept whole), possessive "'s",
 * hyphens and other punctuation, each with offsets into the original string and a lazily folded lookup key.
 */
final class TokenSeq {

    static final byte WORD = 0;
    static final byte PUNCT = 1;
    static final byte POSS = 2;

    final String text;
    /** The text's characters (array reads avoid String.charAt's per-call checks on hot paths). */
    char[] chars;
    int size;
    int[] start;
    int[] end;
    byte[] kind;
    private byte[] shape;
    private String[] keys;
    /** Cached rule bits per token (0 = not computed yet); filled by the recogniser. */
    int[] bits;
    /** Cached gazetteer trie node per token (valid once {@code bits[i]} is non-zero); filled by the recogniser. */
    PhraseTrie.Node<Lexicon.Entry>[] first;

    private TokenSeq(String text) {
        this.text = text;
        int cap = Math.max(16, text.length() / 5);
        start = new int[cap];
        end = new int[cap];
        kind = new byte[cap];
        shape = new byte[cap];
    }

    static TokenSeq of(String text) {
        TokenSeq t = new TokenSeq(text);
        t.tokenize();
        t.keys = new String[t.size];
        t.bits = new int[t.size];
        @SuppressWarnings("unchecked")
        PhraseTrie.Node<Lexicon.Entry>[] first = new PhraseTrie.Node[t.size];
        t.first = first;
        return t;
    }

    private void tokenize() {
        char[] s = text.toCharArray();
        chars = s;
        int n = s.length;
        int i = 0;
        while (i < n) {
            char c = s[i];
            if (c == ' ' || (c < 128 ? c <= ' ' : Character.isWhitespace(c) || c == '\u00A0')) {
                i++;
                continue;
            }
            if (c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c)) {
                int j = i + 1;
                // abbreviations written with dots: U.S., U.K., U.S.A. (single capitals each followed by a dot)
                if (Character.isUpperCase(c) && i + 3 < n && s[i + 1] == '.'
                        && Character.isUpperCase(s[i + 2]) && s[i + 3] == '.') {
                    int k = i;
                    while (k + 1 < n && Character.isUpperCase(s[k]) && s[k + 1] == '.') {
                        k += 2;
                    }
                    add(i, k, WORD);
                    i = k;
                    continue;
                }
                while (j < n) {
                    char d = s[j];
                    if (d < 128 ? ASCII_WORD[d]
                            : Character.isLetterOrDigit(d) || Character.getType(d) == Character.NON_SPACING_MARK) {
                        j++;
                    } else if ((d == '\'' || d == '\u2019') && j + 1 < n && Character.isLetter(s[j + 1])
                            && !isPossessive(s, j)) {
                        j += 2; // O'Brien, Sana'a
                    } else if (d == '.' && j + 1 < n && Character.isDigit(s[j + 1])
                            && Character.isDigit(s[j - 1])) {
                        j += 2; // 3.5
                    } else {
                        break;
                    }
                }
                add(i, j, WORD);
                i = j;
                continue;
            }
            if ((c == '\'' || c == '\u2019') && isPossessive(s, i) && size > 0 && end[size - 1] == i) {
                add(i, i + 2, POSS);
                i += 2;
                continue;
            }
            add(i, i + 1, PUNCT);
            i++;
        }
    }

    private static boolean isPossessive(char[] s, int apos) {
        int n = s.length;
        if (apos + 1 >= n) {
            return false;
        }
        char c = s[apos + 1];
        return (c == 's' || c == 'S') && (apos + 2 >= n || !Character.isLetterOrDigit(s[apos + 2]));
    }

    private void add(int s, int e, byte k) {
        if (size == start.length) {
            int cap = size * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            kind = Arrays.copyOf(kind, cap);
            shape = Arrays.copyOf(shape, cap);
        }
        start[size] = s;
        end[size] = e;
        kind[size] = k;
        byte sh = 0;
        if (k == WORD) {
            char c = chars[s];
            if (Character.isUpperCase(c)) {
                sh = CAP;
                if (e - s >= 2) {
                    boolean allUpper = true;
                    for (int i = s + 1; i < e; i++) {
                        if (Character.isLowerCase(chars[i])) {
                            allUpper = false;
                            break;
                        }
                    }
                    if (allUpper) {
                        sh |= ALLCAPS;
                    }
                }
            } else if (Character.isLowerCase(c)) {
                sh = LOWER;
            } else if (e - s >= 2 && Character.isDigit(c)) {
                sh = 0;
            }
        }
        shape[size] = sh;
        size++;
    }

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = Character.isLetterOrDigit(c);
        }
    }

    private static final byte CAP = 1;
    private static final byte LOWER = 2;
    private static final byte ALLCAPS = 4;

    /** Caches the lookup key of token i (the lexicon's own copy of the same string). */
    void cacheKey(int i, String key) {
        if (keys[i] == null) {
            keys[i] = key;
        }
    }

    /** Folded, lower-cased form used for lookups (accents removed, curly apostrophes straightened). */
    String key(int i) {
        String k = keys[i];
        if (k == null) {
            k = normalize(text, start[i], end[i]);
            keys[i] = k;
        }
        return k;
    }

    static String normalize(CharSequence s, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return asciiLower(s, from, to);
        }
        String sub = s.subSequence(from, to).toString();
        String d = Normalizer.normalize(sub, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (c == '\u2019' || c == '\u2018' || c == '\u02BC' || c == '`') {
                c = '\'';
            } else if (c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013') {
                c = '-';
            }
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Lower-cased copy of an ASCII range (same result as {@code toLowerCase(Locale.ROOT)}), one allocation. */
    private static String asciiLower(CharSequence s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                break;
            }
            i++;
        }
        if (i == to) {
            return s.subSequence(from, to).toString();
        }
        char[] out = new char[to - from];
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            out[k - from] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return new String(out);
    }

    private byte titleCased = -1;

    /**
     * True when the text is written in title case (a headline such as "Minister Visits Kabul After Talks"): among
     * its words of four letters or more at most one in five is lower case. Capitalisation then says little.
     */
    boolean titleCased() {
        if (titleCased < 0) {
            int words = 0;
            int lower = 0;
            for (int i = 0; i < size; i++) {
                if (kind[i] == WORD && end[i] - start[i] >= 4) {
                    words++;
                    if ((shape[i] & LOWER) != 0) {
                        lower++;
                    }
                }
            }
            titleCased = (byte) (words >= 3 && lower * 5 <= words ? 1 : 0);
        }
        return titleCased == 1;
    }

    /** True when token i is exactly this (lower-case ASCII) word; no allocation. */
    boolean is(int i, String word) {
        return i >= 0 && i < size && end[i] - start[i] == word.length()
                && text.regionMatches(start[i], word, 0, word.length());
    }

    String surface(int i) {
        return text.substring(start[i], end[i]);
    }

    boolean isWord(int i) {
        return i >= 0 && i < size && kind[i] == WORD;
    }

    /** First character is an upper-case letter. */
    boolean isCap(int i) {
        return i >= 0 && i < size && (shape[i] & CAP) != 0;
    }

    boolean isLower(int i) {
        return i >= 0 && i < size && (shape[i] & LOWER) != 0;
    }

    /** Two or more characters, upper case with no lower-case letter (acronyms such as NIFTAC, ISI, U.S.). */
    boolean isAllCaps(int i) {
        return i >= 0 && i < size && (shape[i] & ALLCAPS) != 0;
    }

    boolean isPunct(int i, char c) {
        return i >= 0 && i < size && kind[i] == PUNCT && chars[start[i]] == c;
    }

    boolean isHyphen(int i) {
        if (i < 0 || i >= size || kind[i] != PUNCT) {
            return false;
        }
        char c = chars[start[i]];
        return c == '-' || c == '\u2010' || c == '\u2011';
    }

    /** True when tokens i and i+1 touch (no whitespace between them). */
    boolean glued(int i) {
        return i + 1 < size && end[i] == start[i + 1];
    }

    /** True when the gap between token i and i+1 contains a line break. */
    boolean lineBreakAfter(int i) {
        if (i + 1 >= size) {
            return true;
        }
        for (int k = end[i]; k < start[i + 1]; k++) {
            char c = chars[k];
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** True when token i starts a sentence (first token, or after . ! ? : or a line break). */
    boolean sentenceStart(int i) {
        if (i == 0) {
            return true;
        }
        if (lineBreakAfter(i - 1)) {
            return true;
        }
        int p = i - 1;
        while (p >= 0 && kind[p] == PUNCT && (isPunct(p, '"') || isPunct(p, '\u201C') || isPunct(p, '(')
                || isPunct(p, '\''))) {
            p--;
        }
        return p < 0 || isPunct(p, '.') || isPunct(p, '!') || isPunct(p, '?') || isPunct(p, ':')
                || isPunct(p, ';') || isPunct(p, '\u2022');
    }
}
