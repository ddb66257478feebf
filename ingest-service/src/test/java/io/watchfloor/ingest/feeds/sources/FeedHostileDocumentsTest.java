package io.watchfloor.ingest.feeds.sources;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.fetch.ArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.FeedFetcherSafetyTest;
import io.watchfloor.ingest.feeds.fetch.FetchLimits;
import io.watchfloor.ingest.feeds.fetch.HostPoliteness;
import io.watchfloor.ingest.feeds.fetch.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.parse.FeedParserTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile documents served from loopback next to a healthy feed: each fails its own poll with the reason in
 * its health, keeps being rescheduled, and the healthy feed keeps publishing.
 */
class FeedHostileDocumentsTest {

    @TempDir
    Path dir;
    private LocalFeedServer server;
    private FeedPoller poller;
    private final List<FeedReport> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LocalFeedServer();
        server.serve("/good.xml", "application/rss+xml", FeedParserTest.sample("rss2.xml"));
    }

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        server.close();
    }

    @Test
    void shouldFailOnlyTheGzipBombOfSmallElementsWithTheBoundInItsHealth() throws Exception {
        byte[] bomb = gzip(repeat("<rss version=\"2.0\"><channel><title>b</title>", "<x/>", 1_000_000,
                "</channel></rss>"));
        byte[] itemBomb = gzip(repeat("<rss version=\"2.0\"><channel><title>b</title><item><title>i</title>",
                "<category/>", 1_000_000, "</item></channel></rss>"));
        byte[] jsonBomb = gzip(repeat("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{}", ",{}",
                1_000_000, "]}"));
        assertTrue(bomb.length < 100_000 && itemBomb.length < 100_000 && jsonBomb.length < 100_000,
                "tens of KB on the wire");
        serveGzip("/bomb.xml", "application/rss+xml", bomb);
        serveGzip("/item-bomb.xml", "application/rss+xml", itemBomb);
        serveGzip("/bomb.json", "application/feed+json", jsonBomb);
        SourceRegistry registry = registry();
        FeedSource good = registry.add("good", server.uri("/good.xml").toString(), 1);
        List<FeedSource> bombs = List.of(registry.add("bomb", server.uri("/bomb.xml").toString(), 1),
                registry.add("item bomb", server.uri("/item-bomb.xml").toString(), 1),
                registry.add("json bomb", server.uri("/bomb.json").toString(), 1));
        poller = poller(registry);
        poller.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (FeedSource bomb1 : bombs) {
                SourceHealth h = health(registry, bomb1);
                assertEquals(SourceHealth.FAILING, h.status(), bomb1.name());
                assertTrue(h.consecutiveFailures() >= 2, bomb1.name() + " is rescheduled after failing");
                assertNotNull(h.lastError(), bomb1.name());
                assertTrue(h.lastError().contains("LIMIT_EXCEEDED: feed has more than 200000 elements; raise "
                        + "watchfloor.feeds.max-elements if this feed is legitimate"), h.lastError());
            }
            // the good feed polls fine all along: OK, or STALE once it has had nothing new for 6 of its 1 s
            // intervals while a loaded machine is still parsing the bombs; never failing
            SourceHealth g = health(registry, good);
            assertTrue(g.lastSuccessAt() != null && g.totalPublished() == 3, "good feed published: " + g);
            assertEquals(0, g.consecutiveFailures(), "good feed never fails: " + g);
            assertTrue(List.of(SourceHealth.OK, SourceHealth.NOT_MODIFIED, SourceHealth.STALE).contains(g.status()),
                    g.status());
        });
        assertEquals(3, published.size());
    }

    @Test
    void shouldRecordErrorsOfOnePollInItsHealthAndKeepPollingEverySource() throws Exception {
        for (String name : List.of("soe", "oom", "linkage", "healthy")) {
            server.serve("/" + name + ".xml", "application/rss+xml", summaryOnlyFeed(name));
        }
        ArticleFetcher articles = url -> java.util.Optional.empty();
        FeedReportSink sink = report -> {
            String url = report.report().canonicalUrl();
            if (url.contains("/soe/")) {
                published.add(new FeedReport(String.valueOf(recurse(0)), null)); // a real StackOverflowError
            }
            if (url.contains("/oom/")) {
                throw new OutOfMemoryError("Java heap space (simulated)");
            }
            if (url.contains("/linkage/")) {
                throw new LinkageError("simulated");
            }
            published.add(report);
        };
        SourceRegistry registry = registry();
        FeedSource soe = registry.add("soe", server.uri("/soe.xml").toString(), 1);
        FeedSource oom = registry.add("oom", server.uri("/oom.xml").toString(), 1);
        FeedSource linkage = registry.add("linkage", server.uri("/linkage.xml").toString(), 1);
        FeedSource healthy = registry.add("healthy", server.uri("/healthy.xml").toString(), 1);
        poller = poller(registry, articles, sink);
        poller.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertFailingWith(registry, soe, "STACK_OVERFLOW: processing this feed recursed too deeply");
            assertFailingWith(registry, oom, "OUT_OF_MEMORY: the heap ran out during this poll");
            assertFailingWith(registry, linkage, "INTERNAL_ERROR: java.lang.LinkageError: simulated");
            assertTrue(health(registry, healthy).totalPolls() >= 2);
            assertEquals(0, health(registry, healthy).consecutiveFailures());
        });
        assertEquals(2, published.size());
        for (FeedSource s : List.of(soe, oom, linkage, healthy)) {
            assertNotNull(health(registry, s).nextPollAt(), s.name() + " is scheduled again");
        }
    }

    private static void assertFailingWith(SourceRegistry registry, FeedSource source, String reason) {
        SourceHealth h = health(registry, source);
        assertEquals(SourceHealth.FAILING, h.status(), source.name());
        // >= 3: an item whose publish threw an Error is offered again (not taken as a duplicate next time)
        assertTrue(h.consecutiveFailures() >= 3, source.name() + " polled again after the Error: " + h);
        assertTrue(h.lastError() != null && h.lastError().contains(reason), h.lastError());
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private byte[] summaryOnlyFeed(String name) {
        StringBuilder s = new StringBuilder("<rss version=\"2.0\"><channel><title>" + name + "</title>");
        for (int i = 0; i < 2; i++) {
            s.append("<item><guid>").append(name).append('-').append(i).append("</guid><title>")
                    .append(name).append(" item ").append(i).append("</title><link>")
                    .append(server.uri("/" + name + "/" + i)).append("</link><description>Summary ").append(i)
                    .append(" of the ").append(name).append(" feed, with words of its own.</description></item>");
        }
        return s.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void serveGzip(String path, String type, byte[] gz) {
        server.handle(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            LocalFeedServer.respond(exchange, 200, type, gz);
        });
    }

    SourceRegistry registry() {
        return new SourceRegistry(dir.resolve("state/sources.json"), 1, 1000, Clock.systemUTC());
    }

    FeedPoller poller(SourceRegistry registry) {
        return poller(registry, ArticleFetcher.none(), published::add);
    }

    FeedPoller poller(SourceRegistry registry, ArticleFetcher articles, FeedReportSink sink) {
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS),
                FetchLimits.defaults().withTotalTimeout(Duration.ofSeconds(5)));
        HostPoliteness politeness = new HostPoliteness(Duration.ZERO);
        FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                new DuplicateIndex(1000), sink, articles, FeedPoller.pacer(politeness), Clock.systemUTC(), 3);
        return new FeedPoller(registry, ingestor, politeness, 2, Duration.ofSeconds(2), h -> { });
    }

    static SourceHealth health(SourceRegistry registry, FeedSource source) {
        return registry.state(source.id()).orElseThrow().health();
    }

    static byte[] repeat(String open, String unit, int times, String close) {
        StringBuilder s = new StringBuilder(open.length() + unit.length() * times + close.length());
        s.append(open);
        for (int i = 0; i < times; i++) {
            s.append(unit);
        }
        return s.append(close).toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
