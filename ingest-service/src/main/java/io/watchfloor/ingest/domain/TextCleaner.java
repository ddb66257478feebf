package io.watchfloor.ingest.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text hygiene shared by every report: strips NUL, control characters (except tab and newline), lone
 * surrogates and non-characters; unifies line ends; NFC-normalises; trims lines and collapses blank runs.
 * Also gives the normalised form used for content ids and hashes.
 */
public final class TextCleaner {
    private TextCleaner() {
    }

    /** Cleaned multi-line text; empty when nothing readable is left. */
    public static String cleanText(String raw) {
        if (raw == null) {
            return "";
        }
        String stripped = Normalizer.normalize(stripInvalid(raw), Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(stripped.length());
        int blankRun = 0;
        for (String line : stripped.split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.isBlank()) {
                blankRun++;
                continue;
            }
            if (out.length() > 0) {
                out.append(blankRun > 0 ? "\n\n" : "\n");
            }
            out.append(out.length() == 0 ? trimmed.stripLeading() : trimmed);
            blankRun = 0;
        }
        return out.toString();
    }

    /** Cleaned single-line text (titles, names): all whitespace runs become one space. */
    public static String cleanLine(String raw) {
        if (raw == null) {
            return "";
        }
        return collapseWhitespace(Normalizer.normalize(stripInvalid(raw), Normalizer.Form.NFC));
    }

    /** The form used for ids and hashes: NFC, lower case, whitespace collapsed to single spaces. */
    public static String normaliseForHash(String raw) {
        return cleanLine(raw).toLowerCase(Locale.ROOT);
    }

    /** Cuts at {@code maxChars} without splitting a surrogate pair. */
    public static String cap(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing();
    }

    /**
     * {@code text} cut so its UTF-8 form is at most {@code maxBytes}, never inside a code point (a surrogate pair
     * is kept whole or dropped whole); the same string when it already fits.
     */
    public static String capUtf8(String text, int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text; // even three bytes per char fits (a surrogate pair is 4 bytes for 2 chars)
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }

    static String stripInvalid(String raw) {
        StringBuilder out = null;
        int length = raw.length();
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            boolean keep;
            boolean pair = false;
            if (Character.isHighSurrogate(c)) {
                pair = i + 1 < length && Character.isLowSurrogate(raw.charAt(i + 1));
                keep = pair;
            } else if (Character.isLowSurrogate(c)) {
                keep = false;
            } else if (c == '\r') {
                // CRLF and lone CR both become one LF.
                if (out == null) {
                    out = new StringBuilder(length).append(raw, 0, i);
                }
                if (i + 1 >= length || raw.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
                continue;
            } else {
                keep = c == '\n' || c == '\t' || !(c < 0x20 || (c >= 0x7f && c <= 0x9f)
                        || c == '\uFFFE' || c == '\uFFFF' || c == '\uFEFF');
            }
            if (keep) {
                if (out != null) {
                    out.append(c);
                    if (pair) {
                        out.append(raw.charAt(i + 1));
                    }
                }
                if (pair) {
                    i++;
                }
            } else if (out == null) {
                out = new StringBuilder(length).append(raw, 0, i);
            }
        }
        return out == null ? raw : out.toString();
    }

    private static String collapseWhitespace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
