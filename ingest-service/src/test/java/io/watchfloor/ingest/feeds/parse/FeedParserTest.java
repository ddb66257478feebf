package io.watchfloor.ingest.feeds.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.ingest.feeds.LocalFeedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FeedParserTest {

    private final FeedParser parser = new FeedParser();

    public static byte[] sample(String name) throws IOException {
        try (InputStream in = FeedParserTest.class.getResourceAsStream("/samples/feeds/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource samples/feeds/" + name);
            }
            return in.readAllBytes();
        }
    }

    @Test
    void shouldParseRss2Items() throws Exception {
        ParsedFeed feed = parser.parse(sample("rss2.xml"), "application/rss+xml; charset=utf-8");
        assertEquals(FeedFormat.RSS, feed.format());
        assertEquals("rss_2.0", feed.version());
        assertEquals(3, feed.items().size());
        FeedItem first = feed.items().get(0);
        assertEquals("demo-2026-0001", first.guid());
        assertEquals("http://127.0.0.1/demo/advisories/0001?utm_source=rss", first.url());
        assertTrue(first.contentHtml().contains("hunt for web shells"), first.contentHtml());
        assertTrue(first.summaryHtml().contains("<b>CVE-2024-21887</b>"));
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), first.published());
        assertEquals(List.of("Watchfloor Research"), first.authors());
        assertEquals(List.of("vulnerability", "exploitation"), first.categories());
        assertEquals(first.published(), feed.items().get(1).published());
        assertNull(feed.items().get(2).guid());
        assertEquals("http://127.0.0.1/demo/advisories/0003", feed.items().get(2).url());
    }

    @Test
    void shouldParseRss091() throws Exception {
        ParsedFeed feed = parser.parse(sample("rss091.xml"), "text/xml");
        assertEquals(FeedFormat.RSS, feed.format());
        assertTrue(feed.version().startsWith("rss_0.91"), feed.version());
        assertEquals("Legacy item", feed.items().get(0).title());
        assertNull(feed.items().get(0).published());
    }

    @Test
    void shouldParseAtomAndKeepExtremeDatesAsData() throws Exception {
        ParsedFeed feed = parser.parse(sample("atom.xml"), "application/atom+xml");
        assertEquals(FeedFormat.ATOM, feed.format());
        assertEquals("http://127.0.0.1/demo/atom.xml?page=2", feed.nextPageUrl());
        FeedItem first = feed.items().get(0);
        assertEquals("urn:watchfloor:demo:atom:1", first.guid());
        assertEquals("http://127.0.0.1/demo/atom/1", first.url());
        assertEquals("Short summary of the leak.", first.summaryHtml());
        assertEquals("<p>The group posted 40 GB of shipping records on its leak site.</p>", first.contentHtml());
        assertEquals(Instant.parse("2026-11-25T11:30:00Z"), first.updated());
        assertEquals(List.of("Analyst One"), first.authors());
        assertEquals(List.of("ransomware"), first.categories());
        FeedItem odd = feed.items().get(1);
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), odd.published());
        assertEquals(Instant.EPOCH, odd.updated());
    }

    @Test
    void shouldParseJsonFeed() throws Exception {
        ParsedFeed feed = parser.parse(sample("feed.json"), "application/feed+json");
        assertEquals(FeedFormat.JSON_FEED, feed.format());
        assertEquals("jsonfeed_1.1", feed.version());
        assertEquals("http://127.0.0.1/demo/feed.json?page=2", feed.nextPageUrl());
        FeedItem first = feed.items().get(0);
        assertEquals("json-1", first.guid());
        assertEquals(Instant.parse("2026-11-25T08:00:00Z"), first.published());
        assertEquals(List.of("Desk A", "Desk B"), first.authors());
        assertEquals(List.of("botnet", "law-enforcement"), first.categories());
        FeedItem second = feed.items().get(1);
        assertEquals("http://127.0.0.1/demo/json/2", second.url());
        assertEquals("Text with &lt;angle&gt; brackets &amp; ampersands.", second.contentHtml());
        assertNull(second.published());
        assertTrue(feed.warnings().stream().anyMatch(w -> w.contains("not a date")));
    }

    @Test
    void shouldRejectXxeFileWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "CANARY-SECRET-4711");
        String doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<rss version=\"2.0\"><channel><title>&xxe;</title><item><title>&xxe;</title></item></channel></rss>";
        FeedParseException e = assertThrows(FeedParseException.class,
                () -> parser.parse(doc.getBytes(StandardCharsets.UTF_8), "application/rss+xml"));
        assertEquals(FeedParseException.Reason.DOCTYPE_FORBIDDEN, e.reason());
        assertFalse(fullText(e).contains("CANARY-SECRET-4711"));
        // second line of defence: the parser itself, without the prolog check
        FeedParseException parserLevel = assertThrows(FeedParseException.class,
                () -> HardenedXml.parseWithParserGuards(doc));
        assertEquals(FeedParseException.Reason.DOCTYPE_FORBIDDEN, parserLevel.reason());
        assertFalse(fullText(parserLevel).contains("CANARY-SECRET-4711"));
    }

    @Test
    void shouldRejectXxeUrlsWithoutConnecting() throws Exception {
        try (LocalFeedServer canary = new LocalFeedServer()) {
            canary.serve("/", "text/plain", "<!ENTITY leak 'LEAKED'>");
            String base = "http://127.0.0.1:" + canary.port();
            List<String> docs = List.of(
                    "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + base + "/entity\">]><rss version=\"2.0\"><channel>"
                            + "<title>&xxe;</title></channel></rss>",
                    "<!DOCTYPE rss SYSTEM \"" + base + "/dtd\"><rss version=\"2.0\"><channel><title>t</title>"
                            + "</channel></rss>",
                    "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"" + base + "/param\"> %p;]><rss version=\"2.0\"/>",
                    "<?xml version=\"1.0\"?><!-- hi --><!doctype rss PUBLIC \"-//x//y\" \"" + base + "/public\">"
                            + "<rss version=\"2.0\"/>");
            for (String doc : docs) {
                FeedParseException e = assertThrows(FeedParseException.class,
                        () -> parser.parse(doc.getBytes(StandardCharsets.UTF_8), "text/xml"));
                assertEquals(FeedParseException.Reason.DOCTYPE_FORBIDDEN, e.reason(), doc);
                assertThrows(FeedParseException.class, () -> HardenedXml.parseWithParserGuards(doc));
            }
            assertEquals(0, canary.requests());
        }
    }

    @Test
    void shouldRejectBillionLaughsFast() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 10; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                doc.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            doc.append("\">");
        }
        doc.append("]><rss version=\"2.0\"><channel><title>&lol10;</title></channel></rss>");
        long start = System.nanoTime();
        FeedParseException e = assertThrows(FeedParseException.class,
                () -> parser.parse(doc.toString().getBytes(StandardCharsets.UTF_8), "text/xml"));
        assertThrows(FeedParseException.class, () -> HardenedXml.parseWithParserGuards(doc.toString()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000);
        assertEquals(FeedParseException.Reason.DOCTYPE_FORBIDDEN, e.reason());
    }

    @Test
    void shouldHandleInvalidUtf8OverlongAndNulDeterministically() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("<rss version=\"2.0\"><channel><title>c</title><item><guid>g1</guid><title>bad ".getBytes(
                StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[] {(byte) 0xC3, 0x28, ' ', (byte) 0xC0, (byte) 0xAF, ' ', 0x00, 'x', 0x01, 'y'});
        bytes.writeBytes("</title><description>nul&#0;</description></item></channel></rss>".getBytes(
                StandardCharsets.US_ASCII));
        byte[] body = bytes.toByteArray();
        // "&#0;" is not well-formed XML: such a feed is refused with a clear reason, the same way each time
        FeedParseException refused = assertThrows(FeedParseException.class, () -> parser.parse(body, "text/xml"));
        assertEquals(FeedParseException.Reason.MALFORMED, refused.reason());

        byte[] fixable = new String(body, StandardCharsets.ISO_8859_1).replace("nul&#0;", "ok")
                .getBytes(StandardCharsets.ISO_8859_1);
        FeedItem a = parser.parse(fixable, "text/xml; charset=utf-8").items().get(0);
        FeedItem b = parser.parse(fixable, "text/xml; charset=utf-8").items().get(0);
        assertEquals(a, b);
        assertEquals("bad \uFFFD( \uFFFD\uFFFD xy", a.title());
        assertFalse(a.title().contains("\u0000"));
    }

    @Test
    void shouldResolveMislabelledCharsets() throws Exception {
        String utf8Doc = "<rss version=\"2.0\"><channel><title>c</title><item><title>Zürich – Kraków</title></item>"
                + "</channel></rss>";
        // header claims Latin-1, bytes are valid UTF-8: UTF-8 wins
        assertEquals("Zürich – Kraków", parser.parse(utf8Doc.getBytes(StandardCharsets.UTF_8),
                "application/rss+xml; charset=ISO-8859-1").items().get(0).title());
        // real Latin-1 bytes declared only in the XML declaration
        String latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>c</title>"
                + "<item><title>Zürich</title></item></channel></rss>";
        assertEquals("Zürich", parser.parse(latin.getBytes(StandardCharsets.ISO_8859_1), null).items().get(0).title());
        // Latin-1 bytes mislabelled as UTF-8: replacement characters, never an exception
        assertEquals("Z\uFFFDrich", parser.parse(latin.replace("ISO-8859-1", "UTF-8")
                .getBytes(StandardCharsets.ISO_8859_1), "text/xml; charset=utf-8").items().get(0).title());
        // UTF-16 with a BOM
        byte[] utf16 = ("\uFEFF" + utf8Doc).getBytes(StandardCharsets.UTF_16BE);
        assertEquals("Zürich – Kraków", parser.parse(utf16, "text/xml").items().get(0).title());
    }

    @Test
    void shouldStripNulFromJsonFeedStrings() throws Exception {
        String doc = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"n\\u0000ul\","
                + "\"title\":\"a\\u0000b\\u0007c\",\"content_text\":\"x\"}]}";
        FeedItem item = parser.parse(doc.getBytes(StandardCharsets.UTF_8), "application/json").items().get(0);
        assertEquals("nul", item.guid());
        assertEquals("abc", item.title());
    }

    @Test
    void shouldCapOversizedItems() throws Exception {
        String huge = "A".repeat(3_000_000);
        String doc = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"big\",\"title\":\"t\","
                + "\"content_html\":\"" + huge + "\"},{\"id\":\"small\",\"content_text\":\"fine\"}]}";
        ParsedFeed feed = new FeedParser(ParserLimits.defaults()).parse(doc.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(1_000_000, feed.items().get(0).contentHtml().length());
        assertTrue(feed.items().get(0).truncated());
        assertFalse(feed.items().get(1).truncated());
    }

    @Test
    void shouldRefuseNonFeedsWithClearReasons() {
        FeedParseException html = assertThrows(FeedParseException.class, () -> parser.parse(
                "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), "text/html"));
        assertEquals(FeedParseException.Reason.UNKNOWN_FORMAT, html.reason());
        FeedParseException json = assertThrows(FeedParseException.class, () -> parser.parse(
                "{\"hello\":1}".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertEquals(FeedParseException.Reason.UNKNOWN_FORMAT, json.reason());
        FeedParseException empty = assertThrows(FeedParseException.class, () -> parser.parse(new byte[0], null));
        assertEquals(FeedParseException.Reason.EMPTY, empty.reason());
        String deep = "{\"items\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        FeedParseException nested = assertThrows(FeedParseException.class,
                () -> parser.parse(deep.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(FeedParseException.Reason.LIMIT_EXCEEDED, nested.reason());
    }

    private static String fullText(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(c).append('\n');
        }
        return s.toString();
    }
}
