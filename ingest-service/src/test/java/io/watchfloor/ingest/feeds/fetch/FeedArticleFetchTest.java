package io.watchfloor.ingest.feeds.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.sources.FeedCursor;
import io.watchfloor.ingest.feeds.sources.FeedDeduplicationTest;
import io.watchfloor.ingest.feeds.sources.FeedIngestor;
import io.watchfloor.ingest.feeds.sources.FeedReport;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import io.watchfloor.ingest.feeds.sources.SourceState;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedArticleFetchTest {

    static final String PARAGRAPHS = "<p>Investigators said the intrusion began with a phishing message sent to a "
            + "payroll clerk, which installed a remote access tool on her workstation.</p>"
            + "<p>Over the following three weeks the attackers moved laterally, harvested administrator credentials "
            + "and staged about two hundred gigabytes of files for exfiltration.</p>"
            + "<p>The company restored its systems from offline backups and did not pay the ransom.</p>";

    static final String PAGE = "<html><head><title>Breach report</title><script>var tracking = 1;</script></head>"
            + "<body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/tech'>Tech news menu</a></nav>"
            + "<header class='masthead'>Daily Cyber Paper - subscribe now</header>"
            + "<div class='sidebar related'><p>Related: ten other stories you might like, click here for more now"
            + "</p></div>"
            + "<article><h1>How the breach unfolded</h1>" + PARAGRAPHS + "</article>"
            + "<div class='newsletter'><p>Sign up for our newsletter to get the latest stories in your inbox daily"
            + "</p></div>"
            + "<footer>Copyright Daily Cyber Paper. All rights reserved. Privacy policy. Terms.</footer></body></html>";

    private LocalFeedServer server;
    private LocalFeedServer other;

    @BeforeEach
    void start() throws IOException {
        server = new LocalFeedServer();
        other = new LocalFeedServer();
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    @Test
    void shouldExtractTheArticleWithoutNavigationOrBoilerplate() {
        String html = ArticleExtractor.extract(PAGE, "http://x.test/a").orElseThrow();
        assertTrue(html.contains("payroll clerk") && html.contains("offline backups"), html);
        assertFalse(html.contains("subscribe now") || html.contains("newsletter") || html.contains("Tech news menu")
                || html.contains("Copyright") || html.contains("tracking") || html.contains("Related:"), html);
    }

    @Test
    void shouldPickTheDenseParagraphBlockWhenThereIsNoArticleElement() {
        String page = "<html><body><div id='top'><a href='/a'>Link one</a><a href='/b'>Link two</a></div>"
                + "<div class='story-body'>" + PARAGRAPHS + "</div>"
                + "<div><p><a href='/1'>A link-heavy teaser paragraph pointing at another story entirely</a></p></div>"
                + "</body></html>";
        String html = ArticleExtractor.extract(page, "http://x.test/b").orElseThrow();
        assertTrue(html.contains("laterally"));
        assertFalse(html.contains("teaser"));
        assertEquals(Optional.empty(), ArticleExtractor.extract("<html><body><p>Too short.</p></body></html>", "x"));
    }

    @Test
    void shouldFetchFullArticleForSummaryOnlyItemsAndFallBackWhenFetchFails() {
        server.serve("/article/1", "text/html; charset=utf-8", PAGE);
        server.handle("/article/gone", exchange -> exchange.sendResponseHeaders(404, -1));
        other.serve("/internal", "text/html", "<html><body><article>" + PARAGRAPHS + "</article></body></html>");
        String base = "http://" + server.hostPort();
        server.serve("/feed.xml", "application/rss+xml", FeedDeduplicationTest.rss(
                FeedDeduplicationTest.item("s1", base + "/article/1", "Breach", "Short teaser only.", null),
                FeedDeduplicationTest.item("s2", base + "/article/gone", "Gone", "Teaser of a missing page.", null),
                FeedDeduplicationTest.item("s3", "http://" + other.hostPort() + "/internal", "Internal",
                        "Teaser pointing at a host that is not allowlisted.", null)));
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS), FetchLimits.defaults());
        List<FeedReport> published = new CopyOnWriteArrayList<>();
        FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                new DuplicateIndex(100), published::add, new SafeArticleFetcher(fetcher), FeedIngestor.Pacer.none(),
                Clock.systemUTC(), 1);
        FeedSource source = FeedSource.create("articles", base + "/feed.xml", 60, Map.of(), null, null, "test",
                Instant.now());

        SourceHealth health = ingestor.poll(source, new SourceState(source.id(), new FeedCursor()));

        assertEquals(3, health.itemsNew(), String.valueOf(health.lastError()));
        Map<String, Report> byTitle = new java.util.HashMap<>();
        published.forEach(r -> byTitle.put(r.report().title(), r.report()));
        assertTrue(byTitle.get("Breach").text().contains("did not pay the ransom"), byTitle.get("Breach").text());
        assertFalse(byTitle.get("Breach").text().contains("newsletter"));
        assertEquals("Teaser of a missing page.", byTitle.get("Gone").text());
        assertEquals("Teaser pointing at a host that is not allowlisted.", byTitle.get("Internal").text());
        assertEquals(0, other.requests());
    }
}
