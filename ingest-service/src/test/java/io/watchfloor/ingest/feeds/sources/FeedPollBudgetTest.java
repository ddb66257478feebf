package io.watchfloor.ingest.feeds.sources;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.fetch.FeedFetcherSafetyTest;
import io.watchfloor.ingest.feeds.fetch.FetchLimits;
import io.watchfloor.ingest.feeds.fetch.HostPoliteness;
import io.watchfloor.ingest.feeds.fetch.SafeArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.parse.FeedParserTest;
import io.watchfloor.ingest.feeds.parse.LanguageDetection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One feed whose summary-only items link to pages that hang, one healthy feed, a single poller thread: the
 * slow feed's poll ends at its budget (items published with their summaries, the health says so) and the
 * healthy feed is polled on time throughout.
 */
class FeedPollBudgetTest {

    private static final Duration BUDGET = Duration.ofSeconds(2);
    private static final int ITEMS = 6;

    @TempDir
    Path dir;
    private LocalFeedServer server;
    private FeedPoller poller;
    private ArticlePool articlePool;
    private final List<FeedReport> published = new CopyOnWriteArrayList<>();
    private final List<SourceHealth> healthEvents = new CopyOnWriteArrayList<>();
    private final List<Instant> reportedAt = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new LocalFeedServer();
        server.serve("/good.xml", "application/rss+xml", FeedParserTest.sample("rss2.xml"));
        StringBuilder slow = new StringBuilder("<rss version=\"2.0\"><channel><title>slow pages</title>");
        for (int i = 0; i < ITEMS; i++) {
            slow.append("<item><guid>slow-").append(i).append("</guid><title>Slow ").append(i)
                    .append("</title><link>").append(server.uri("/hang/" + i)).append("</link><description>Summary ")
                    .append(i).append(" of an article whose page never answers in time.</description></item>");
        }
        server.serve("/slow.xml", "application/rss+xml", slow.append("</channel></rss>").toString()
                .getBytes(StandardCharsets.UTF_8));
        // the article pages send nothing for longer than the fetch deadline (bounded so the test ends)
        server.handle("/hang/", exchange -> LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(12)));
    }

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        if (articlePool != null) {
            articlePool.close();
        }
        server.close();
    }

    @Test
    void shouldPollTheHealthyFeedOnTimeWhileAnotherFeedsArticlePagesHang() {
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS),
                FetchLimits.defaults().withTotalTimeout(Duration.ofSeconds(10)));
        HostPoliteness politeness = new HostPoliteness(Duration.ZERO);
        articlePool = ArticlePool.of(2);
        FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                new DuplicateIndex(1000), published::add, new SafeArticleFetcher(fetcher),
                FeedPoller.pacer(politeness), Clock.systemUTC(), 3, LanguageDetection.none(), articlePool, BUDGET);
        SourceRegistry registry = new SourceRegistry(dir.resolve("sources.json"), 1, 1000, Clock.systemUTC());
        FeedSource slow = registry.add("slow", server.uri("/slow.xml").toString(), 1);
        FeedSource good = registry.add("good", server.uri("/good.xml").toString(), 1);
        poller = new FeedPoller(registry, ingestor, politeness, 1, Duration.ofSeconds(5), h -> {
            healthEvents.add(h);
            reportedAt.add(Instant.now());
        });
        Instant started = Instant.now();
        poller.start();

        // six pages at a 10 s fetch deadline each would hold the only poller for a minute; the budget is 2 s
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertTrue(health(registry, good).totalPolls() >= 5, "healthy polls: " + health(registry, good));
            assertTrue(health(registry, slow).totalPolls() >= 2, "slow polls: " + health(registry, slow));
        });
        assertTrue(Duration.between(started, Instant.now()).toSeconds() < 20);

        // every gap between two polls of the healthy feed: its interval (+10% jitter) plus one budget at most
        List<Instant> goodPolls = new ArrayList<>();
        for (SourceHealth h : healthEvents) {
            if (h.sourceId().equals(good.id())) {
                goodPolls.add(h.lastPollAt());
            }
        }
        for (int i = 1; i < goodPolls.size(); i++) {
            Duration gap = Duration.between(goodPolls.get(i - 1), goodPolls.get(i));
            assertTrue(gap.compareTo(Duration.ofMillis(1100).plus(BUDGET).plusSeconds(2)) < 0,
                    "healthy feed waited " + gap);
        }

        // the slow feed's items went out with their summaries, and its health says why
        int first = -1;
        for (int i = 0; i < healthEvents.size() && first < 0; i++) {
            if (healthEvents.get(i).sourceId().equals(slow.id()) && healthEvents.get(i).itemsNew() > 0) {
                first = i;
            }
        }
        assertTrue(first >= 0, "no poll of the slow feed published anything: " + healthEvents);
        SourceHealth slowHealth = healthEvents.get(first);
        Duration pollTook = Duration.between(slowHealth.lastPollAt(), reportedAt.get(first));
        assertTrue(pollTook.compareTo(BUDGET.plusSeconds(2)) < 0, "the slow poll took " + pollTook);
        assertEquals(ITEMS, slowHealth.itemsNew());
        assertEquals(0, slowHealth.consecutiveFailures());
        assertTrue(slowHealth.lastError() != null && slowHealth.lastError().startsWith("poll budget of 2s ran out: "),
                slowHealth.lastError());
        assertTrue(slowHealth.lastError().contains("published with their feed summary"), slowHealth.lastError());
        long slowPublished = published.stream()
                .filter(r -> r.sourceId().equals(slow.id()))
                .filter(r -> r.report().text().contains("whose page never answers in time"))
                .count();
        assertEquals(ITEMS, slowPublished);
    }

    private static SourceHealth health(SourceRegistry registry, FeedSource source) {
        return registry.state(source.id()).orElseThrow().health();
    }
}
