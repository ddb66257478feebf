package io.watchfloor.ingest.feeds.sources;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources added together from many threads, most of them on one host (so polls are re-queued for the host's
 * politeness slot), with on-demand polls racing the schedule: every source is polled within its interval and
 * none is left NEVER_POLLED or with a nextPollAt in the past.
 */
class FeedSchedulerRaceTest {

    private static final int SOURCES = 50;
    private static final int THREADS = 8;
    private static final int INTERVAL_SECONDS = 3;

    @TempDir
    Path dir;
    private LocalFeedServer server;
    private FeedPoller poller;
    private ExecutorService adders;

    @BeforeEach
    void start() throws Exception {
        server = new LocalFeedServer();
        server.handle("/", exchange -> LocalFeedServer.respond(exchange, 200, "application/rss+xml",
                ("<rss version=\"2.0\"><channel><title>" + exchange.getRequestURI().getPath()
                        + "</title></channel></rss>").getBytes(StandardCharsets.UTF_8)));
        adders = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() {
        adders.shutdownNow();
        if (poller != null) {
            poller.close();
        }
        server.close();
    }

    @RepeatedTest(3)
    void shouldPollEverySourceAddedConcurrentlyWithinItsInterval() throws Exception {
        SourceRegistry registry = new SourceRegistry(dir.resolve("sources.json"), 1, 100, Clock.systemUTC());
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort(), "localhost"), FeedFetcherSafetyTest.FAKE_DNS),
                FetchLimits.defaults().withTotalTimeout(Duration.ofSeconds(5)));
        // a real gap per host: most polls of the 40 sources on 127.0.0.1 are re-queued for their slot
        HostPoliteness politeness = new HostPoliteness(Duration.ofMillis(15));
        FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                new DuplicateIndex(100), report -> { }, ArticleFetcher.none(), FeedPoller.pacer(politeness),
                Clock.systemUTC(), 1);
        poller = new FeedPoller(registry, ingestor, politeness, 4, Duration.ofSeconds(10), h -> { });
        poller.start();

        // 50 sources from 8 threads, each added and scheduled at once (as POST /sources does), on two hosts;
        // every thread also asks for on-demand polls of sources already added while the schedule runs
        List<String> ids = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            work.add(adders.submit(() -> {
                go.await();
                for (int i = thread; i < SOURCES; i += THREADS) {
                    String host = i % 5 == 0 ? "localhost" : "127.0.0.1";
                    FeedSource source = registry.add("s" + i, "http://" + host + ":" + server.port() + "/feed/" + i,
                            INTERVAL_SECONDS);
                    ids.add(source.id());
                    poller.schedule(source.id(), Duration.ZERO);
                    poller.pollNow(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
                }
                return null;
            }));
        }
        Instant added = Instant.now();
        go.countDown();
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(SOURCES, ids.size());

        // on-demand polls keep racing the regular schedule for a while
        Future<?> demand = adders.submit(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
            while (System.nanoTime() < end) {
                poller.pollNow(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
                TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(1, 20));
            }
            return null;
        });

        // every source polled within its interval (plus the time 50 polls on one host take at 15 ms apart)
        await().atMost(Duration.ofSeconds(INTERVAL_SECONDS + 3)).untilAsserted(() -> {
            for (String id : ids) {
                assertNotEquals(SourceHealth.NEVER_POLLED, health(registry, id).status(), id);
            }
        });
        assertTrue(Duration.between(added, Instant.now()).toSeconds() <= INTERVAL_SECONDS + 3);
        demand.get(30, TimeUnit.SECONDS);

        // and each keeps being polled: a second round within the next interval, nothing stuck in the past
        Instant roundStart = Instant.now();
        long[] before = ids.stream().mapToLong(id -> health(registry, id).totalPolls()).toArray();
        await().atMost(Duration.ofSeconds(INTERVAL_SECONDS * 11 / 10 + 3)).untilAsserted(() -> {
            for (int i = 0; i < ids.size(); i++) {
                assertTrue(health(registry, ids.get(i)).totalPolls() > before[i], ids.get(i) + " polled again");
            }
        });
        for (String id : ids) {
            SourceHealth h = health(registry, id);
            assertNotEquals(SourceHealth.NEVER_POLLED, h.status(), id);
            assertEquals(0, h.consecutiveFailures(), id + ": " + h);
            assertNotNull(h.nextPollAt(), id);
            assertTrue(h.nextPollAt().isAfter(roundStart), id + " nextPollAt " + h.nextPollAt() + " in the past");
        }
    }

    /**
     * The interleaving that lost polls, made deterministic: the timer fires before {@code schedule} returns
     * (here: inline), finds the host busy and re-queues itself; the scheduling thread must not cancel that.
     */
    @Test
    void shouldNotLoseAPollReQueuedForItsHostBeforeTheSchedulerReturned() throws Exception {
        SourceRegistry registry = new SourceRegistry(dir.resolve("sources.json"), 1, 100, Clock.systemUTC());
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS),
                FetchLimits.defaults().withTotalTimeout(Duration.ofSeconds(5)));
        HostPoliteness politeness = new HostPoliteness(Duration.ofMillis(300));
        FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                new DuplicateIndex(100), report -> { }, ArticleFetcher.none(), FeedPoller.pacer(politeness),
                Clock.systemUTC(), 1);
        poller = new FeedPoller(registry, ingestor, politeness, new InlineWhenDue(), Duration.ofSeconds(10),
                h -> { });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(registry.add("s" + i, server.uri("/inline/" + i).toString(), 60).id());
        }
        politeness.reserve("127.0.0.1", System.nanoTime()); // the host is busy: every first fire re-queues
        for (String id : ids) {
            poller.schedule(id, Duration.ZERO);
        }
        poller.pollNow(ids.get(0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String id : ids) {
                assertEquals(1, health(registry, id).totalPolls(), id);
            }
        });
        for (String id : ids) {
            assertTrue(health(registry, id).nextPollAt().isAfter(Instant.now().plusSeconds(30)), id);
        }
    }

    /** Runs a task that is due now in the calling thread, before {@code schedule} returns. */
    private static final class InlineWhenDue extends ScheduledThreadPoolExecutor {
        InlineWhenDue() {
            super(2);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (delay <= 0) {
                command.run();
                return super.schedule(() -> { }, 0, unit);
            }
            return super.schedule(command, delay, unit);
        }
    }

    private static SourceHealth health(SourceRegistry registry, String id) {
        return registry.state(id).orElseThrow().health();
    }
}
