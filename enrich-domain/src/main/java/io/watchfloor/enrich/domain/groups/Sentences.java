package io.watchfloor.enrich.domain.groups;

import java.util.ArrayList;
import java.util.List;

/** A cheap sentence splitter: ends at . ! ? followed by space and a capital/quote/digit, or at a line break. */
public final class Sentences {

    private Sentences() {
    }

    /** Sentence ranges [start, end) covering the text. */
    public static List<int[]> split(String text) {
        List<int[]> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n';
            if ((c == '.' || c == '!' || c == '?') && i + 2 < text.length() && text.charAt(i + 1) == ' ') {
                char n = text.charAt(i + 2);
                boolean abbrev = i >= 2 && Character.isUpperCase(text.charAt(i - 1))
                        && (text.charAt(i - 2) == '.' || text.charAt(i - 2) == ' ');
                end = !abbrev && (Character.isUpperCase(n) || Character.isDigit(n) || n == '"' || n == '\u201C');
            }
            if (end) {
                out.add(new int[] {start, i + 1});
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(new int[] {start, text.length()});
        }
        return out;
    }

    /** The sentence containing {@code offset} (or the whole text if none). */
    public static int[] containing(List<int[]> sentences, int offset) {
        int lo = 0;
        int hi = sentences.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] s = sentences.get(mid);
            if (offset < s[0]) {
                hi = mid - 1;
            } else if (offset >= s[1]) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return sentences.isEmpty() ? new int[] {0, 0} : sentences.get(sentences.size() - 1);
    }
}
