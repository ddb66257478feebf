package io.watchfloor.enrich.domain.groups;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Text prepared for alias matching, with a map back to the original: NFKC, accents removed, every dash, hyphen,
 * underscore and whitespace run folded to one space, apostrophe variants folded to {@code '}. {@link #cased()} keeps
 * letter case, {@link #folded()} is the lower-cased twin of equal length.
 */
public final class NormalizedText {

    private final String original;
    private final String cased;
    private final String folded;
    private final int[] origStart;
    private final int[] origEnd;
    /** {@code word[i]}: normalised char {@code i} is a letter or digit. */
    private final boolean[] word;

    private NormalizedText(String original, String cased, String folded, int[] origStart, int[] origEnd,
                           boolean[] word) {
        this.original = original;
        this.cased = cased;
        this.folded = folded;
        this.origStart = origStart;
        this.origEnd = origEnd;
        this.word = word;
    }

    public static NormalizedText of(String original) {
        String text = original == null ? "" : original;
        int n = text.length();
        char[] out = new char[n + 8];
        // offsets back to the original are built only once the mapping stops being the identity (a dropped space,
        // a removed mark, a multi-char fold): most texts never need them
        Offsets map = new Offsets();
        int len = 0;
        int i = 0;
        while (i < n) {
            // fast path: plain ASCII maps to itself
            char ch = text.charAt(i);
            if (ch < 0x80 && PLAIN_ASCII[ch]) {
                if (len == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                map.set(len, i, i + 1);
                out[len++] = ch;
                i++;
                continue;
            }
            if (ch == ' ') {
                // a plain space: kept unless it follows a space (or starts the text)
                if (len > 0 && out[len - 1] != ' ') {
                    if (len == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    map.set(len, i, i + 1);
                    out[len++] = ' ';
                }
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String piece = fold(cp);
            for (int k = 0; k < piece.length(); k++) {
                char c = piece.charAt(k);
                if (c == ' ' && (len == 0 || out[len - 1] == ' ')) {
                    continue;
                }
                if (len == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                map.set(len, i, next);
                out[len] = c;
                len++;
            }
            i = next;
        }
        int[] starts = map.starts;
        int[] ends = map.ends;
        char[] lower = new char[len];
        boolean[] word = new boolean[len];
        for (int k = 0; k < len; k++) {
            char c = out[k];
            if (c < 0x80) {
                lower[k] = ASCII_LOWER[c];
                word[k] = ASCII_WORD[c];
            } else {
                lower[k] = Character.toLowerCase(c);
                word[k] = Character.isLetterOrDigit(c);
            }
        }
        return new NormalizedText(text, new String(out, 0, len), new String(lower), starts, ends, word);
    }

    /** ASCII characters that map to themselves: all but dashes, underscore, apostrophe, backtick, whitespace. */
    private static final boolean[] PLAIN_ASCII = new boolean[0x80];
    private static final char[] ASCII_LOWER = new char[0x80];
    private static final boolean[] ASCII_WORD = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            PLAIN_ASCII[c] = c != '-' && c != '_' && c != '\'' && c != '`' && !Character.isWhitespace(c);
            ASCII_LOWER[c] = Character.toLowerCase(c);
            ASCII_WORD[c] = Character.isLetterOrDigit(c);
        }
    }

    /** Normalises a whole string (for alias keys and cue words); leading and trailing spaces removed. */
    public static String normalize(String s) {
        return of(s).cased().trim();
    }

    /** Normalised and lower-cased (the matching key of a case-insensitive alias). */
    public static String foldKey(String s) {
        return of(s).folded().trim();
    }

    private static final String SPACE = " ";
    private static final String APOSTROPHE = "'";

    private static String fold(int cp) {
        if (isIgnorable(cp)) {
            return "";
        }
        if (isSeparator(cp)) {
            return SPACE;
        }
        if (isApostrophe(cp)) {
            return APOSTROPHE;
        }
        String s = new String(Character.toChars(cp));
        if (cp < 0x80) {
            return s;
        }
        String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
        String decomposed = Normalizer.normalize(nfkc, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(decomposed.length());
        for (int k = 0; k < decomposed.length(); k++) {
            char c = decomposed.charAt(k);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                continue;
            }
            if (isSeparator(c)) {
                b.append(' ');
            } else if (isApostrophe(c)) {
                b.append('\'');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static boolean isSeparator(int cp) {
        return cp == '-' || cp == '_' || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
    }

    /** Soft hyphens, zero-width characters and the BOM vanish so they never split a word. */
    static boolean isIgnorable(int cp) {
        return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
    }

    static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC || cp == 0x02BB
                || cp == 0x02BE || cp == 0x02BF || cp == 0x0060 || cp == 0x00B4 || cp == 0xFF07 || cp == 0x2032;
    }

    public String original() {
        return original;
    }

    public String cased() {
        return cased;
    }

    public String folded() {
        return folded;
    }

    public int length() {
        return cased.length();
    }

    /** Original index where normalised char {@code i} starts. */
    public int originalStart(int i) {
        return origStart == null ? i : origStart[i];
    }

    /** Original index (exclusive) where the normalised range ending before {@code endExclusive} ends. */
    public int originalEnd(int endExclusive) {
        return origEnd == null ? endExclusive : origEnd[endExclusive - 1];
    }

    /** The normalised-to-original offset map; null arrays while it is the identity (char k from original k). */
    private static final class Offsets {
        int[] starts;
        int[] ends;

        void set(int k, int start, int end) {
            if (starts == null) {
                if (start == k && end == k + 1) {
                    return;
                }
                int cap = Math.max(16, k * 2 + 8);
                starts = new int[cap];
                ends = new int[cap];
                for (int j = 0; j < k; j++) {
                    starts[j] = j;
                    ends[j] = j + 1;
                }
            } else if (k == starts.length) {
                starts = Arrays.copyOf(starts, k * 2);
                ends = Arrays.copyOf(ends, k * 2);
            }
            starts[k] = start;
            ends[k] = end;
        }
    }

    /** True if normalised position {@code i} is outside the text or not a letter or digit. */
    public boolean isBoundary(int i) {
        if (i < 0 || i >= word.length) {
            return true;
        }
        return !word[i];
    }
}
