package io.watchfloor.store.domain.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a text into segments at every evidence boundary, each with the tags whose spans cover it (shortest span
 * first), so a page can mark every span, overlapping ones included, and the segments still concatenate to exactly
 * the original text: a segment's offsets are the text's own (Java string indices, end exclusive).
 */
public final class AnnotatedText {
    private AnnotatedText() {
    }

    /** A tagged span: {@code tag} names the tag (one per group, entity or event), {@code kind} its colour. */
    public record Span(int start, int end, String tag, String kind) {
        int length() {
            return end - start;
        }
    }

    /** A run of text covered by the same spans (none for unmarked text). */
    public record Segment(int start, int end, String text, List<Span> spans) {
        public boolean marked() {
            return !spans.isEmpty();
        }

        /** The tag shown for the segment: the most specific (shortest) span's. */
        public Span primary() {
            return spans.isEmpty() ? null : spans.get(0);
        }

        /** Every covering tag, space-separated, most specific first. */
        public String tags() {
            java.util.Set<String> tags = new java.util.LinkedHashSet<>();
            for (Span span : spans) {
                tags.add(span.tag());
            }
            return String.join(" ", tags);
        }
    }

    /**
     * The segments of {@code text}. Spans are clamped to the text; empty or inverted ones are dropped, and a
     * boundary inside a surrogate pair moves so no character is split.
     */
    public static List<Segment> segments(String text, List<Span> spans) {
        String t = text == null ? "" : text;
        int n = t.length();
        List<Span> valid = new ArrayList<>();
        for (Span s : spans) {
            int start = align(t, Math.max(0, Math.min(n, s.start())));
            int end = align(t, Math.max(0, Math.min(n, s.end())));
            if (start < end) {
                valid.add(new Span(start, end, s.tag(), s.kind()));
            }
        }
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        cuts.add(n);
        for (Span s : valid) {
            cuts.add(s.start());
            cuts.add(s.end());
        }
        List<Integer> bounds = cuts.stream().distinct().sorted().toList();
        valid.sort(Comparator.comparingInt(Span::start));
        Comparator<Span> specificFirst = Comparator.comparingInt(Span::length).thenComparing(Span::tag);
        List<Segment> out = new ArrayList<>();
        List<Span> active = new ArrayList<>();
        int next = 0;
        for (int i = 0; i + 1 < bounds.size(); i++) {
            int a = bounds.get(i);
            int b = bounds.get(i + 1);
            active.removeIf(s -> s.end() <= a);
            while (next < valid.size() && valid.get(next).start() <= a) {
                if (valid.get(next).end() > a) {
                    active.add(valid.get(next));
                }
                next++;
            }
            List<Span> covering = new ArrayList<>(active);
            covering.sort(specificFirst);
            out.add(new Segment(a, b, t.substring(a, b), List.copyOf(covering)));
        }
        return merge(out);
    }

    /** Adjacent unmarked segments become one. */
    private static List<Segment> merge(List<Segment> segments) {
        List<Segment> out = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !last.marked() && !s.marked()) {
                out.set(out.size() - 1, new Segment(last.start(), s.end(), last.text() + s.text(), List.of()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static int align(String t, int i) {
        return i > 0 && i < t.length() && Character.isLowSurrogate(t.charAt(i))
                && Character.isHighSurrogate(t.charAt(i - 1)) ? i - 1 : i;
    }
}
