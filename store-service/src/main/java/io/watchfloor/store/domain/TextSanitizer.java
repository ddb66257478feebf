package io.watchfloor.store.domain;

/**
 * Makes strings storable in PostgreSQL: {@code text} and {@code jsonb} reject U+0000, and an unpaired
 * surrogate cannot be encoded as UTF-8. NUL is removed, unpaired surrogates become U+FFFD.
 */
public final class TextSanitizer {
    private TextSanitizer() {
    }

    /** The input with NUL removed and unpaired surrogates replaced; null stays null. */
    public static String clean(String s) {
        if (s == null || isClean(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                continue;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    out.append('\uFFFD');
                }
            } else if (Character.isLowSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
