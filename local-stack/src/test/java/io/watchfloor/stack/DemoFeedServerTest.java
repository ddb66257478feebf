package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DemoFeedServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** One feed entry: text, guid/id and link. */
    record Entry(String text, String guid, String link) {
    }

    @Test
    void shouldServeBothFeedsOnLoopbackWithItsOwnAddressAndNothingElse() throws Exception {
        StackOptions options = StackOptions.forTest(Path.of("."), home, new int[] {1, 2, 3, 4, 5, 6, 7, 8}, System.out);
        DemoFeedServer server = new DemoFeedServer(options);
        server.launch();
        try {
            Http.Response rss = Http.get(server.url(DemoFeedServer.FEEDS.get(0)), Duration.ofSeconds(5));
            assertEquals(200, rss.status());
            assertTrue(rss.body().startsWith("<?xml") && rss.body().contains("<rss version=\"2.0\""), rss.body());
            assertTrue(rss.body().contains(options.demoFeedUrl() + "/demo/articles/"), "links use the server address");
            assertFalse(rss.body().contains("{{base}}"));
            Http.Response atom = Http.get(server.url(DemoFeedServer.FEEDS.get(1)), Duration.ofSeconds(5));
            assertEquals(200, atom.status());
            assertTrue(atom.body().contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), atom.body());
            assertEquals(404, Http.get(options.demoFeedUrl() + "/demo/feeds/../README.md", Duration.ofSeconds(5))
                    .status());
            assertEquals(404, Http.get(options.demoFeedUrl() + "/etc/passwd", Duration.ofSeconds(5)).status());
            assertEquals("127.0.0.1:" + options.demoFeedPort(), server.allowlistEntry());
            assertTrue(server.requests() >= 4);
        } finally {
            server.stop(false);
        }
        assertFalse(server.isStarted());
    }

    @Test
    void shouldCarryExactlyOneItemInBothFeedsWithTheSameTextButOwnGuidAndLink() throws Exception {
        List<Entry> rss = entries(DemoFeedServer.FEEDS.get(0), "item", "guid", "link");
        List<Entry> atom = entries(DemoFeedServer.FEEDS.get(1), "entry", "id", "link");
        assertEquals(4, rss.size());
        assertEquals(4, atom.size());
        List<Entry[]> shared = new ArrayList<>();
        for (Entry a : rss) {
            for (Entry b : atom) {
                if (a.text().equals(b.text())) {
                    shared.add(new Entry[] {a, b});
                }
            }
        }
        assertEquals(1, shared.size(), "exactly one item in both feeds");
        Entry[] pair = shared.get(0);
        assertTrue(pair[0].text().contains(DemoFeeds.SHARED_ITEM_WORD), pair[0].text());
        assertNotEquals(pair[0].guid(), pair[1].guid());
        assertNotEquals(pair[0].link(), pair[1].link());
        long mentioning = rss.stream().filter(e -> e.text().contains(DemoFeeds.SHARED_ITEM_WORD)).count()
                + atom.stream().filter(e -> e.text().contains(DemoFeeds.SHARED_ITEM_WORD)).count();
        assertEquals(2, mentioning, "the search word must find only the shared item");
    }

    @Test
    void shouldTakeFeedItemsFromTheDemoSetAndLeaveThemOutOfTheBatch() throws Exception {
        Set<String> demoTexts = new HashSet<>();
        for (JsonNode item : DemoFeeder.items()) {
            demoTexts.add(item.path("text").asText());
        }
        Set<String> feedTexts = new HashSet<>();
        for (DemoFeedServer.Feed feed : DemoFeedServer.FEEDS) {
            String item = feed.file().endsWith("rss.xml") ? "item" : "entry";
            entries(feed, item, "title", "title").forEach(e -> feedTexts.add(e.text()));
        }
        assertEquals(7, feedTexts.size());
        assertTrue(demoTexts.containsAll(feedTexts), "feed items come from the demo set (and its credit)");
        List<JsonNode> batch = DemoFeeder.batchItems();
        assertEquals(DemoFeeder.items().size() - 7, batch.size());
        for (JsonNode item : batch) {
            assertFalse(feedTexts.contains(item.path("text").asText()), JSON.writeValueAsString(item));
        }
    }

    private static List<Entry> entries(DemoFeedServer.Feed feed, String item, String guid, String link)
            throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                DemoFeedServer.render(feed, "http://127.0.0.1:1")));
        NodeList nodes = doc.getElementsByTagName(item);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String text = text(e, "description").isEmpty() ? text(e, "content") : text(e, "description");
            Element linkElement = (Element) e.getElementsByTagName(link).item(0);
            String href = linkElement.hasAttribute("href") ? linkElement.getAttribute("href")
                    : linkElement.getTextContent();
            entries.add(new Entry(text, text(e, guid), href));
        }
        return entries;
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().trim();
    }
}
