package io.watchfloor.ingest.feeds.sources;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedPollerTest {

    @TempDir
    Path dir;
    private LocalFeedServer server;
    private LocalFeedServer canary;
    private FeedPoller poller;
    private final List<FeedReport> published = new CopyOnWriteArrayList<>();
    private final List<SourceHealth> healthEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LocalFeedServer();
        canary = new LocalFeedServer();
        canary.serve("/", "text/plain", "canary");
    }

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        server.close();
        canary.close();
    }

    private SourceRegistry registry() {
        return new SourceRegistry(dir.resolve("state/sources.json"), 1, 1000, Clock.systemUTC());
    }

    private FeedPoller poller(SourceRegistry registry) {
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS),
                FetchLimits.defaults().withTotalTimeout(Duration.ofSeconds(2)));
        HostPoliteness politeness = new HostPoliteness(Duration.ZERO);
        FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                new DuplicateIndex(1000), published::add, ArticleFetcher.none(), FeedPoller.pacer(politeness),
                Clock.systemUTC(), 3);
        return new FeedPoller(registry, ingestor, politeness, 4, Duration.ofMinutes(10), healthEvents::add);
    }

    @Test
    void shouldKeepPollingHealthyFeedsWhileHostileOnesFailWithReasons() throws Exception {
        server.serve("/good.xml", "application/rss+xml", FeedParserTest.sample("rss2.xml"));
        server.serve("/xxe.xml", "application/rss+xml",
                "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"http://" + canary.hostPort()
                        + "/x\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>");
        server.trickle("/slow.xml", 1000, 30);
        server.handle("/error.xml", exchange -> exchange.sendResponseHeaders(500, -1));
        server.redirect("/escape.xml", "http://" + canary.hostPort() + "/");
        SourceRegistry registry = registry();
        FeedSource good = registry.add("good", server.uri("/good.xml").toString(), 1);
        FeedSource xxe = registry.add("xxe", server.uri("/xxe.xml").toString(), 1);
        FeedSource slow = registry.add("slow", server.uri("/slow.xml").toString(), 1);
        FeedSource error = registry.add("error", server.uri("/error.xml").toString(), 1);
        FeedSource escape = registry.add("escape", server.uri("/escape.xml").toString(), 1);
        poller = poller(registry);
        poller.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(SourceHealth.OK, health(registry, good).status());
            assertTrue(health(registry, good).totalPolls() >= 2);
            assertTrue(health(registry, xxe).lastError() != null && health(registry, xxe).lastError()
                    .contains("DOCTYPE_FORBIDDEN"));
            assertTrue(health(registry, slow).lastError() != null && health(registry, slow).lastError()
                    .contains("TIMEOUT"));
            assertEquals(500, health(registry, error).httpStatus());
            assertTrue(health(registry, escape).lastError() != null && health(registry, escape).lastError()
                    .contains("BLOCKED_ADDRESS"));
            // FAILING only from the third failed poll in a row (1 s interval, backoff 1 s then 2 s)
            assertEquals(SourceHealth.FAILING, health(registry, error).status());
        });
        assertEquals(3, published.size());
        assertTrue(health(registry, xxe).parseErrors() >= 1);
        assertTrue(health(registry, error).consecutiveFailures() >= SourceHealth.DEFAULT_FAILING_AFTER,
                "consecutive failures " + health(registry, error).consecutiveFailures());
        assertTrue(healthEvents.stream().anyMatch(h -> h.sourceId().equals(error.id())
                        && h.consecutiveFailures() == 2 && SourceHealth.NEVER_POLLED.equals(h.status())),
                "the second failure in a row was reported without FAILING: " + healthEvents);
        assertEquals(0, canary.requests());
        assertFalse(healthEvents.isEmpty());
        assertEquals("rss_2.0", health(registry, good).format());
    }

    @Test
    void shouldBackOffExponentiallyWithJitterAndCap() {
        SourceRegistry registry = registry();
        poller = poller(registry);
        FeedSource source = FeedSource.create("s", "http://127.0.0.1:1/", 60, Map.of(), null, null, "api",
                Instant.now());
        SourceHealth ok = SourceHealth.initial(source.id());
        Duration normal = poller.nextDelay(source, ok);
        assertTrue(normal.toMillis() >= 54_000 && normal.toMillis() <= 66_000, normal.toString());
        for (int failures = 1; failures <= 8; failures++) {
            SourceHealth failing = new SourceHealth(source.id(), SourceHealth.FAILING, null, null, 500, null, 0, 0, 0,
                    0, 0, 0, 0, failures, 0, 0, failures, "HTTP 500", null, null);
            long expectedCeiling = Math.min(600_000, 60_000L << (failures - 1));
            long delay = poller.nextDelay(source, failing).toMillis();
            assertTrue(delay >= expectedCeiling / 2 && delay <= expectedCeiling,
                    failures + " failures -> " + delay + " ms, ceiling " + expectedCeiling);
        }
    }

    @Test
    void shouldPersistApiSourcesAcrossRestartsAndValidateInput() throws Exception {
        SourceRegistry first = registry();
        first.load(List.of());
        FeedSource kept = first.add("Kept", "http://127.0.0.1:8089/feed.xml", 120);
        FeedSource dropped = first.add("Dropped", "http://127.0.0.1:8089/other.xml", 120);
        assertEquals(kept, first.add("Kept again", "http://127.0.0.1:8089/feed.xml", 300));
        assertTrue(first.remove(dropped.id()));
        assertTrue(Files.readString(first.file()).contains("http://127.0.0.1:8089/feed.xml"));

        SourceRegistry restarted = registry();
        FeedSource configured = FeedSource.create("cfg", "http://127.0.0.1:8089/cfg.xml", 60, Map.of("X-Token", "t"),
                "user", "secret", SourceRegistry.ORIGIN_CONFIG, Instant.now());
        restarted.load(List.of(configured));
        assertEquals(List.of("Kept", "cfg"), restarted.list().stream().map(FeedSource::name).toList());
        assertEquals(120, restarted.get(kept.id()).orElseThrow().intervalSeconds());
        assertFalse(Files.readString(first.file()).contains("secret"));

        assertThrows(SourceRegistry.InvalidSourceException.class, () -> restarted.add("x", "file:///etc/passwd", 60));
        assertThrows(SourceRegistry.InvalidSourceException.class, () -> restarted.add("", "http://a.test/", 60));
        assertThrows(SourceRegistry.InvalidSourceException.class, () -> restarted.add("x", "http://a.test/", 0));
    }

    @Test
    void shouldKeepTheCursorAcrossRestartsSoSeenItemsAreNotOfferedAgain() throws Exception {
        server.serve("/good.xml", "application/rss+xml", FeedParserTest.sample("rss2.xml"));
        SourceRegistry first = registry();
        first.load(List.of());
        FeedSource source = first.add("good", server.uri("/good.xml").toString(), 1);
        FeedIngestor ingestor = ingestor();
        assertEquals(3, ingestor.poll(source, first.state(source.id()).orElseThrow()).itemsNew());
        first.saveCursor(source.id());

        SourceRegistry restarted = registry();
        restarted.load(List.of());
        SourceState state = restarted.state(source.id()).orElseThrow();
        assertEquals(3, state.cursor().size());
        SourceHealth again = ingestor().poll(source, state);
        assertEquals(0, again.itemsNew());
        assertEquals(3, again.itemsSeen());
        assertTrue(restarted.remove(source.id()));
        assertFalse(Files.exists(dir.resolve("state/cursors/" + source.id() + ".json")));
    }

    private FeedIngestor ingestor() {
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS), FetchLimits.defaults());
        return new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(), new DuplicateIndex(1000),
                published::add, ArticleFetcher.none(), FeedIngestor.Pacer.none(), Clock.systemUTC(), 3);
    }

    @Test
    void shouldSpaceRequestsToTheSameHost() {
        HostPoliteness politeness = new HostPoliteness(Duration.ofSeconds(2));
        long now = 1_000_000_000L;
        assertEquals(Duration.ZERO, politeness.reserve("a.test", now));
        assertEquals(Duration.ofSeconds(2), politeness.reserve("A.test", now));
        assertEquals(Duration.ofSeconds(4), politeness.reserve("a.test", now));
        assertEquals(Duration.ZERO, politeness.reserve("b.test", now));
        assertEquals(Duration.ZERO, politeness.reserve("b.test", now + Duration.ofSeconds(3).toNanos()));
    }

    private static SourceHealth health(SourceRegistry registry, FeedSource source) {
        return registry.state(source.id()).orElseThrow().health();
    }
}
