package io.watchfloor.ingest.feeds.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents that are small on the wire but would make the parser build a huge tree or recurse deeply: each is
 * refused with LIMIT_EXCEEDED naming the setting to raise, quickly, and without an Error.
 */
class FeedParserBoundsTest {

    private static final String RSS_OPEN = "<rss version=\"2.0\"><channel><title>t</title>";
    private static final String RSS_CLOSE = "</channel></rss>";
    private static final int MANY = 1_000_000;

    private final FeedParser parser = new FeedParser();

    /** Generated hostile documents: name, document, the setting the refusal must name. */
    static Stream<Arguments> hostileDocuments() {
        return Stream.of(
                Arguments.of("a million empty elements in the channel",
                        xml(RSS_OPEN, i -> "<x/>", RSS_CLOSE), "max-elements"),
                Arguments.of("a million elements inside one item",
                        xml(RSS_OPEN + "<item><title>i</title>", i -> "<category/>", "</item>" + RSS_CLOSE),
                        "max-elements"),
                Arguments.of("elements with many attributes",
                        xml(RSS_OPEN, i -> i % 200 == 0 ? "<x " + attributes(300) + "/>" : "", RSS_CLOSE),
                        "max-elements"),
                Arguments.of("a million comments", xml(RSS_OPEN, i -> "<!---->", RSS_CLOSE), "max-elements"),
                Arguments.of("a million processing instructions", xml(RSS_OPEN, i -> "<?p?>", RSS_CLOSE),
                        "max-elements"),
                Arguments.of("Atom with a million empty links",
                        xml("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>", i -> "<link/>",
                                "</feed>"), "max-elements"),
                Arguments.of("elements nested 100,000 deep",
                        RSS_OPEN + "<item>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</item>" + RSS_CLOSE,
                        "max-depth"),
                Arguments.of("unclosed elements nested 100,000 deep", "<rss>" + "<a>".repeat(100_000), "max-depth"),
                Arguments.of("JSON Feed with a million values",
                        json("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\","
                                + "\"tags\":[", i -> i == 0 ? "0" : ",0", "]}]}"), "max-elements"),
                Arguments.of("JSON Feed with a million empty objects",
                        json("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
                                i -> i == 0 ? "{}" : ",{}", "]}"), "max-elements"),
                Arguments.of("JSON nested 100,000 deep",
                        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + "[".repeat(100_000)
                                + "]".repeat(100_000) + "}", "max-depth"),
                Arguments.of("JSON objects nested 100,000 deep",
                        "{\"items\":[]," + "\"a\":{".repeat(100_000) + "}".repeat(100_001), "max-depth"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    void shouldRefuseDocumentsBeyondTheParserBoundsWithTheSettingToRaise(String name, String document,
                                                                         String setting) throws IOException {
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        // what makes these dangerous: tiny once compressed, far below every byte cap
        assertTrue(gzip(body).length < 200_000, name + ": " + gzip(body).length + " bytes gzipped");
        long start = System.nanoTime();
        FeedParseException e = assertThrows(FeedParseException.class, () -> parser.parse(body, null), name);
        assertEquals(FeedParseException.Reason.LIMIT_EXCEEDED, e.reason(), name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("watchfloor.feeds." + setting), e.getMessage());
        assertTrue(e.getMessage().contains("if this feed is legitimate"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, name);
    }

    @Test
    void shouldNameTheBoundInTheReason() {
        FeedParser small = new FeedParser(ParserLimits.of(1_000, 8, 5_000));
        String wide = xml(RSS_OPEN, i -> i < 1_001 ? "<x/>" : "", RSS_CLOSE);
        FeedParseException elements = assertThrows(FeedParseException.class, () -> small.parse(bytes(wide), null));
        assertTrue(elements.getMessage().contains("more than 1000 elements; raise watchfloor.feeds.max-elements"),
                elements.getMessage());
        String deep = RSS_OPEN + "<a>".repeat(7) + "</a>".repeat(7) + RSS_CLOSE;
        FeedParseException depth = assertThrows(FeedParseException.class, () -> small.parse(bytes(deep), null));
        assertTrue(depth.getMessage().contains("more than 8 levels deep"), depth.getMessage());
        String text = RSS_OPEN + "<item><title>" + "x".repeat(4_000) + "</title><description>" + "y".repeat(1_000)
                + "</description></item>" + RSS_CLOSE;
        FeedParseException chars = assertThrows(FeedParseException.class, () -> small.parse(bytes(text), null));
        assertTrue(chars.getMessage().contains("more than 5000 characters of text; raise "
                + "watchfloor.feeds.max-text-chars"), chars.getMessage());
        String attributeText = RSS_OPEN + "<x a=\"" + "z".repeat(5_000) + "\"/>" + RSS_CLOSE;
        FeedParseException attributeChars = assertThrows(FeedParseException.class,
                () -> small.parse(bytes(attributeText), null));
        assertEquals(FeedParseException.Reason.LIMIT_EXCEEDED, attributeChars.reason());
        String jsonText = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\","
                + "\"content_text\":\"" + "x".repeat(5_000) + "\"}]}";
        FeedParseException jsonChars = assertThrows(FeedParseException.class,
                () -> small.parse(bytes(jsonText), null));
        assertEquals(FeedParseException.Reason.LIMIT_EXCEEDED, jsonChars.reason(), jsonChars.getMessage());
    }

    @Test
    void shouldReadFeedsWithinTheBounds() throws Exception {
        FeedParser small = new FeedParser(ParserLimits.of(1_000, 8, 5_000));
        String fine = xml(RSS_OPEN, i -> i < 300 ? "<item><guid>g" + i + "</guid></item>" : "", RSS_CLOSE);
        assertEquals(300, small.parse(bytes(fine), null).items().size());
        assertEquals(3, parser.parse(FeedParserTest.sample("rss2.xml"), null).items().size());
        assertEquals(2, parser.parse(FeedParserTest.sample("atom.xml"), null).items().size());
    }

    @Test
    void shouldCountButNotBuildItemsBeyondMaxItems() {
        // a million tiny items: only maxItems are built, so memory stays bounded, and the warning says how many
        String doc = xml(RSS_OPEN, i -> "<item><guid>" + i + "</guid></item>", RSS_CLOSE);
        long start = System.nanoTime();
        ParsedFeed feed = assertDoesNotFail(() -> parser.parse(bytes(doc), null));
        assertEquals(10_000, feed.items().size());
        assertEquals("0", feed.items().get(0).guid());
        assertEquals("9999", feed.items().get(9_999).guid());
        assertTrue(feed.warnings().contains("feed has 1000000 items; only the first 10000 were read"),
                feed.warnings().toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    }

    private static ParsedFeed assertDoesNotFail(ThrowingParse parse) {
        try {
            return parse.run();
        } catch (FeedParseException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface ThrowingParse {
        ParsedFeed run() throws FeedParseException;
    }

    private static String xml(String open, IntFunction<String> repeated, String close) {
        StringBuilder s = new StringBuilder(open);
        for (int i = 0; i < MANY; i++) {
            s.append(repeated.apply(i));
        }
        return s.append(close).toString();
    }

    private static String json(String open, IntFunction<String> repeated, String close) {
        return xml(open, repeated, close);
    }

    private static String attributes(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append('a').append(i).append("=\"\" ");
        }
        return s.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
