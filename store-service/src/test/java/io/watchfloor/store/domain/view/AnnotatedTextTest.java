package io.watchfloor.store.domain.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnnotatedTextTest {
    private static final String TEXT = "linked to the Kabul Abbey Gate bombing by ISIS-K.";

    @Test
    void shouldCutNestedSpansIntoSegmentsThatRebuildTheText() {
        int kabul = TEXT.indexOf("Kabul");
        int event = kabul;
        int eventEnd = TEXT.indexOf(" by");
        int isis = TEXT.indexOf("ISIS-K");
        List<AnnotatedText.Segment> segments = AnnotatedText.segments(TEXT, List.of(
                new AnnotatedText.Span(event, eventEnd, "v0", "event"),
                new AnnotatedText.Span(kabul, kabul + 5, "e1", "place"),
                new AnnotatedText.Span(isis, isis + 6, "g0", "group")));

        assertEquals(TEXT, segments.stream().map(AnnotatedText.Segment::text).collect(Collectors.joining()));
        List<String> marked = segments.stream().filter(AnnotatedText.Segment::marked)
                .map(s -> s.text() + "=" + s.tags() + "@" + s.start()).toList();
        assertEquals(List.of("Kabul=e1 v0@" + kabul, " Abbey Gate bombing=v0@" + (kabul + 5), "ISIS-K=g0@" + isis),
                marked);
        assertEquals("place", segments.get(1).primary().kind(), "the shortest span wins the colour");
        for (AnnotatedText.Segment s : segments) {
            assertEquals(TEXT.substring(s.start(), s.end()), s.text());
        }
    }

    @Test
    void shouldClampSpansDropEmptyOnesAndMergePlainText() {
        List<AnnotatedText.Segment> segments = AnnotatedText.segments("abcdef", List.of(
                new AnnotatedText.Span(4, 99, "a", "group"),
                new AnnotatedText.Span(3, 3, "empty", "group"),
                new AnnotatedText.Span(-5, -1, "before", "group"),
                new AnnotatedText.Span(5, 2, "inverted", "group")));

        assertEquals(List.of("abcd", "ef"), segments.stream().map(AnnotatedText.Segment::text).toList());
        assertEquals("a", segments.get(1).tags());
    }

    @Test
    void shouldNotSplitASurrogatePair() {
        String text = "x\uD83D\uDE00y";
        List<AnnotatedText.Segment> segments = AnnotatedText.segments(text,
                List.of(new AnnotatedText.Span(2, 4, "a", "group")));

        assertEquals(List.of("x", "\uD83D\uDE00y"), segments.stream().map(AnnotatedText.Segment::text).toList());
    }
}
