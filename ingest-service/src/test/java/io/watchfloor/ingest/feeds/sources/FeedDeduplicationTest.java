package io.watchfloor.ingest.feeds.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.domain.ReportSource;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.dedup.SimHash;
import io.watchfloor.ingest.feeds.fetch.ArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.FeedFetcherSafetyTest;
import io.watchfloor.ingest.feeds.fetch.FetchLimits;
import io.watchfloor.ingest.feeds.fetch.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.parse.FeedParserTest;
import io.watchfloor.ingest.feeds.parse.LanguageDetection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FeedDeduplicationTest {

    static final String WIRE_STORY = "Authorities in three countries on Tuesday arrested eleven suspects accused of "
            + "running a ransomware affiliate programme that extorted hospitals, schools and municipal governments "
            + "across Europe over the past two years. Investigators seized servers in the Netherlands and Romania, "
            + "froze cryptocurrency wallets holding roughly four million dollars and took down the group's leak site, "
            + "which had listed more than two hundred victims. Officials said the affiliates rented the malware from "
            + "its developers in exchange for a share of every ransom and used stolen remote access credentials to "
            + "break into networks. A spokesperson for the European police agency said decryption keys recovered "
            + "during the operation would be shared with victims free of charge through a public portal, and that "
            + "further arrests were expected as analysts examine the seized infrastructure and payment records.";

    private LocalFeedServer server;
    private final List<FeedReport> published = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> failNext = new AtomicReference<>();
    private FeedIngestor ingestor;
    private final DuplicateIndex index = new DuplicateIndex(10_000);

    @BeforeEach
    void start() throws IOException {
        server = new LocalFeedServer();
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS), FetchLimits.defaults());
        ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(), index, report -> {
            RuntimeException failure = failNext.getAndSet(null);
            if (failure != null) {
                throw failure;
            }
            published.add(report);
        }, ArticleFetcher.none(), FeedIngestor.Pacer.none(), Clock.systemUTC(), 5);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AtomicReference<String> dynamic(String path, String contentType) {
        AtomicReference<String> body = new AtomicReference<>("");
        server.handle(path, exchange -> LocalFeedServer.respond(exchange, 200, contentType,
                body.get().getBytes(StandardCharsets.UTF_8)));
        return body;
    }

    private static FeedSource source(String name, String url) {
        return FeedSource.create(name, url, 60, Map.of(), null, null, "test", Instant.now());
    }

    public static String rss(String... items) {
        return "<rss version=\"2.0\"><channel><title>t</title>" + String.join("", items) + "</channel></rss>";
    }

    public static String item(String guid, String link, String title, String description, String pubDate) {
        return "<item>" + (guid == null ? "" : "<guid isPermaLink=\"false\">" + guid + "</guid>")
                + "<title>" + title + "</title><link>" + link + "</link><description>" + description
                + "</description>" + (pubDate == null ? "" : "<pubDate>" + pubDate + "</pubDate>") + "</item>";
    }

    private List<String> titles() {
        return published.stream().map(r -> r.report().title()).collect(Collectors.toList());
    }

    @Test
    void shouldCallASourceStaleAfterSixPollsWithNothingNewAndOkAgainOnANewItem() throws Exception {
        AtomicReference<String> feed = dynamic("/stale", "application/rss+xml");
        feed.set(new String(FeedParserTest.sample("rss2.xml"), StandardCharsets.UTF_8));
        FeedSource source = source("stale", server.uri("/stale").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());
        assertEquals(SourceHealth.OK, ingestor.poll(source, state).status());
        SourceHealth health = null;
        for (int i = 1; i < SourceHealth.STALE_AFTER_EMPTY_POLLS; i++) {
            health = ingestor.poll(source, state);
            assertEquals(SourceHealth.OK, health.status(), "poll " + i + " with nothing new is not stale yet");
        }
        health = ingestor.poll(source, state);
        assertEquals(SourceHealth.STALE, health.status());
        assertEquals(SourceHealth.STALE_AFTER_EMPTY_POLLS, health.emptyPollStreak());
        feed.set(rss(item("g-new", "https://example.org/new",
                "A new item after a quiet week", "Fresh text about a new report.",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(
                        java.time.ZoneOffset.UTC).minusHours(1)))));
        assertEquals(SourceHealth.OK, ingestor.poll(source, state).status());
    }

    @Test
    void shouldTakeItemsSharingATimestampAndLateItemsAndSkipSeenOnes() throws Exception {
        server.serve("/rss", "application/rss+xml", FeedParserTest.sample("rss2.xml"));
        FeedSource source = source("demo", server.uri("/rss").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());

        SourceHealth first = ingestor.poll(source, state);
        assertEquals(SourceHealth.OK, first.status(), first.lastError());
        assertEquals(3, first.itemsNew());
        assertEquals(3, published.size());
        assertTrue(titles().containsAll(List.of("Ivanti Connect Secure flaw CVE-2024-21887 exploited by UNC5221",
                "Phishing wave abuses QR codes in invoices")));

        SourceHealth second = ingestor.poll(source, state);
        assertEquals(0, second.itemsNew());
        assertEquals(3, second.itemsSeen());
        assertEquals(1, second.emptyPollStreak());
        assertEquals(3, published.size());
    }

    @Test
    void shouldTakeLateItemsWithOlderDates() {
        AtomicReference<String> body = dynamic("/late", "application/rss+xml");
        FeedSource source = source("late", server.uri("/late").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());
        String a = item("a", "http://x.test/a", "Item A", "alpha body", "Wed, 25 Nov 2026 10:00:00 GMT");
        String b = item("b", "http://x.test/b", "Item B", "beta body", "Wed, 25 Nov 2026 11:00:00 GMT");
        body.set(rss(b, a));
        ingestor.poll(source, state);
        String late = item("c", "http://x.test/c", "Item C late", "gamma body", "Mon, 23 Nov 2026 09:00:00 GMT");
        String sameTime = item("d", "http://x.test/d", "Item D same time", "delta", "Wed, 25 Nov 2026 11:00:00 GMT");
        body.set(rss(sameTime, b, a, late));
        SourceHealth health = ingestor.poll(source, state);
        assertEquals(2, health.itemsNew());
        assertEquals(List.of("Item A", "Item B", "Item C late", "Item D same time"), titles());
    }

    @Test
    void shouldTakeEveryItemOfALongFeedAndOnlyTheNewOneNextTime() {
        AtomicReference<String> body = dynamic("/long", "application/rss+xml");
        FeedSource source = source("long", server.uri("/long").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor(100));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            items.append(item("g" + i, "http://x.test/long/" + i, "Long item " + i, "body " + i, null));
        }
        body.set(rss(items.toString()));
        assertEquals(1500, ingestor.poll(source, state).itemsNew());
        body.set(rss(item("g-new", "http://x.test/long/new", "Newest", "fresh", null) + items));
        SourceHealth again = ingestor.poll(source, state);
        assertEquals(1, again.itemsNew());
        assertEquals(1501, published.size());
    }

    @Test
    void shouldFollowNextPagesWhileTheyHoldOnlyNewItems() {
        AtomicReference<String> page1 = dynamic("/paged", "application/feed+json");
        AtomicReference<String> page2 = dynamic("/paged-2", "application/feed+json");
        page1.set("{\"version\":\"https://jsonfeed.org/version/1.1\",\"next_url\":\"/paged-2\",\"items\":["
                + "{\"id\":\"p1\",\"url\":\"http://x.test/p1\",\"title\":\"P1\",\"content_text\":\"one\"}]}");
        page2.set("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":["
                + "{\"id\":\"p2\",\"url\":\"http://x.test/p2\",\"title\":\"P2\",\"content_text\":\"two\"}]}");
        FeedSource source = source("paged", server.uri("/paged").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());
        assertEquals(2, ingestor.poll(source, state).itemsNew());
        int requests = server.requests();
        assertEquals(0, ingestor.poll(source, state).itemsNew());
        assertEquals(requests + 1, server.requests());
    }

    @Test
    void shouldPublishDuplicateGuidOnceAndChangedContentAsNewRevision() {
        AtomicReference<String> body = dynamic("/dup", "application/rss+xml");
        FeedSource source = source("dup", server.uri("/dup").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());
        String once = item("same-guid", "http://x.test/story", "Story", "original text", null);
        body.set(rss(once, once));
        SourceHealth health = ingestor.poll(source, state);
        assertEquals(1, published.size());
        assertEquals(1, health.itemsNew());

        body.set(rss(item("same-guid", "http://x.test/story", "Story", "corrected text", null)));
        SourceHealth changed = ingestor.poll(source, state);
        assertEquals(1, changed.revisions());
        assertEquals(2, published.size());
        assertEquals(published.get(0).report().id(), published.get(1).report().id());
        assertEquals(2, published.get(1).report().revision());
    }

    @Test
    void shouldLinkTheSameArticleFromASecondFeedInsteadOfDroppingIt() {
        String story = item("wire-1", "http://news.test/story?utm_source=feed", "Same story", "identical body", null);
        server.serve("/feed-a", "application/rss+xml", rss(story));
        server.serve("/feed-b", "application/rss+xml",
                       rss(item("other-guid", "http://news.test/story", "Same story", "identical body", null)));
        FeedSource a = source("a", server.uri("/feed-a").toString());
        FeedSource b = source("b", server.uri("/feed-b").toString());
        ingestor.poll(a, new SourceState(a.id(), new FeedCursor()));
        SourceHealth hb = ingestor.poll(b, new SourceState(b.id(), new FeedCursor()));

        assertEquals(2, published.size(), "the copy from b is published again, to link b");
        Report first = published.get(0).report();
        Report link = published.get(1).report();
        assertEquals(first.id(), link.id());
        assertEquals(1, link.revision(), "a link is no new revision");
        assertEquals(first.contentHash(), link.contentHash());
        assertEquals(List.of("a"), first.sources().stream().map(ReportSource::name).toList());
        assertEquals(List.of("a", "b"), link.sources().stream().map(ReportSource::name).toList());
        assertEquals("other-guid", link.sources().get(1).itemId());
        assertEquals(b.id(), published.get(1).sourceId());
        assertEquals(0, hb.itemsNew());
        assertEquals(1, hb.duplicates());

        // both feeds again, from scratch (as after a lost cursor): every source is listed already, nothing more
        ingestor.poll(a, new SourceState(a.id(), new FeedCursor()));
        ingestor.poll(b, new SourceState(b.id(), new FeedCursor()));
        assertEquals(2, published.size());
        assertEquals(List.of("a", "b"), index.sourcesOf(first.id()).stream().map(ReportSource::name).toList());
    }

    @Test
    void shouldLinkTheSameContentUnderAnotherUrlToItsFirstCopy() {
        server.serve("/feed-a", "application/rss+xml",
                rss(item("a-1", "http://one.test/story", "Same story", "identical body", null)));
        server.serve("/feed-b", "application/rss+xml",
                rss(item("b-1", "http://two.test/copy", "Same story", "identical body", null)));
        FeedSource a = source("a", server.uri("/feed-a").toString());
        FeedSource b = source("b", server.uri("/feed-b").toString());
        ingestor.poll(a, new SourceState(a.id(), new FeedCursor()));
        ingestor.poll(b, new SourceState(b.id(), new FeedCursor()));

        assertEquals(2, published.size());
        assertEquals(published.get(0).report().id(), published.get(1).report().id());
        assertEquals(List.of("a", "b"),
                published.get(1).report().sources().stream().map(ReportSource::name).toList());
    }

    @Test
    void shouldNotLinkWhenPublishingTheLinkFailedSoTheNextPollLinksAgain() {
        server.serve("/feed-a", "application/rss+xml",
                rss(item("a-1", "http://one.test/story", "Same story", "identical body", null)));
        server.serve("/feed-b", "application/rss+xml",
                rss(item("b-1", "http://one.test/story", "Same story", "identical body", null)));
        FeedSource a = source("a", server.uri("/feed-a").toString());
        FeedSource b = source("b", server.uri("/feed-b").toString());
        SourceState stateB = new SourceState(b.id(), new FeedCursor());
        ingestor.poll(a, new SourceState(a.id(), new FeedCursor()));
        failNext.set(new IllegalStateException("broker down"));
        ingestor.poll(b, stateB);
        assertEquals(1, published.size());
        assertEquals(List.of("a"), index.sourcesOf(published.get(0).report().id()).stream()
                .map(ReportSource::name).toList());

        ingestor.poll(b, stateB);
        assertEquals(2, published.size());
        assertEquals(List.of("a", "b"),
                published.get(1).report().sources().stream().map(ReportSource::name).toList());
    }

    @Test
    void shouldLinkNearDuplicateToFirstCopyAndStillPublishIt() {
        String copy = "BRUSSELS (Wire) - " + WIRE_STORY + " Copyright 2026 Wire.";
        assertTrue(SimHash.distance(SimHash.of(WIRE_STORY).getAsLong(), SimHash.of(copy).getAsLong()) <= 3);
        server.serve("/outlet-a", "application/rss+xml",
                       rss(item("a-1", "http://outlet-a.test/ransomware-arrests", "Police arrest ransomware affiliates",
                        WIRE_STORY, null)));
        server.serve("/outlet-b", "application/rss+xml",
                       rss(item("b-9", "http://outlet-b.test/2026/11/arrests", "Police arrest ransomware affiliates",
                        copy, null)));
        server.serve("/outlet-c", "application/rss+xml",
                       rss(item("c-1", "http://outlet-c.test/other", "Unrelated",
                        "A completely different article about a phishing kit sold on forums that targets bank "
                                + "customers with fake login pages and one time password interception bots", null)));
        for (String path : List.of("/outlet-a", "/outlet-b", "/outlet-c")) {
            FeedSource s = source(path, server.uri(path).toString());
            ingestor.poll(s, new SourceState(s.id(), new FeedCursor()));
        }
        assertEquals(3, published.size());
        FeedReport first = published.get(0);
        FeedReport second = published.get(1);
        assertNull(first.report().duplicateOf());
        assertNotEquals(first.report().id(), second.report().id());
        assertEquals(first.report().id(), second.report().duplicateOf());
        assertNull(published.get(2).report().duplicateOf());
    }

    @Test
    void shouldRetryItemsWhosePublishFailedWithoutLosingAny() {
        AtomicReference<String> body = dynamic("/retry", "application/rss+xml");
        FeedSource source = source("retry", server.uri("/retry").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());
        body.set(rss(item("r1", "http://x.test/r1", "R1", "one", null),
                       item("r2", "http://x.test/r2", "R2", "two", null)));
        failNext.set(new IllegalStateException("broker unavailable"));
        SourceHealth failed = ingestor.poll(source, state);
        // one failure is below the FAILING threshold: no successful poll yet, so the status stays NEVER_POLLED
        assertEquals(SourceHealth.NEVER_POLLED, failed.status());
        assertEquals(1, failed.consecutiveFailures());
        assertTrue(failed.lastError().contains("broker unavailable"));
        assertEquals(0, published.size());

        SourceHealth healed = ingestor.poll(source, state);
        assertEquals(SourceHealth.OK, healed.status());
        assertEquals(0, healed.consecutiveFailures());
        assertEquals(List.of("R2", "R1"), titles());
    }

    @Test
    void shouldCallASourceFailingOnlyAfterThreeFailedPollsInARowAndOkAfterOneSuccess(@TempDir Path dir) {
        AtomicReference<Integer> httpStatus = new AtomicReference<>(200);
        String feed = rss(item("t1", "http://x.test/t1", "T1", "one", null));
        server.handle("/flaky", exchange -> LocalFeedServer.respond(exchange, httpStatus.get(),
                "application/rss+xml", feed.getBytes(StandardCharsets.UTF_8)));
        FeedSource source = source("flaky", server.uri("/flaky").toString());
        SourceState state = new SourceState(source.id(), new FeedCursor());
        // the metrics and the health topic see what the poll decided: the failing gauge and each record's status
        MeterRegistry meters = new SimpleMeterRegistry();
        List<SourceHealth> sent = new CopyOnWriteArrayList<>();
        SourceHealthPublisher publisher = new SourceHealthPublisher(meters,
                new SourceRegistry(dir.resolve("sources.json"), 60, 100, Clock.systemUTC()), new SourceHealthSink() {
                    @Override
                    public void send(FeedSource s, SourceHealth health) {
                        sent.add(health);
                    }

                    @Override
                    public long failures() {
                        return 0;
                    }
                });
        Gauge failingGauge = meters.get("watchfloor.feeds.sources.failing").gauge();
        publisher.accept(ingestor.poll(source, state));
        assertEquals(SourceHealth.OK, sent.get(0).status());

        httpStatus.set(500);
        for (int failures = 1; failures < SourceHealth.DEFAULT_FAILING_AFTER; failures++) {
            SourceHealth health = ingestor.poll(source, state);
            publisher.accept(health);
            assertEquals(SourceHealth.OK, health.status(), failures + " failure(s) in a row are not FAILING yet");
            assertEquals(failures, health.consecutiveFailures());
            assertEquals(500, health.httpStatus());
            assertTrue(health.lastError().contains("HTTP_STATUS"), health.lastError());
            assertEquals(0.0, failingGauge.value(), "gauge after " + failures + " failure(s)");
        }
        SourceHealth third = ingestor.poll(source, state);
        publisher.accept(third);
        assertEquals(SourceHealth.FAILING, third.status());
        assertEquals(3, third.consecutiveFailures());
        assertTrue(third.lastError().contains("HTTP_STATUS"), third.lastError());
        assertEquals(1.0, failingGauge.value());
        assertEquals(1.0, meters.get("watchfloor.feeds.polls").tag("status", "FAILING").counter().count());
        assertEquals(3.0, meters.get("watchfloor.feeds.polls").tag("status", "OK").counter().count());
        assertEquals(SourceHealth.FAILING, ingestor.poll(source, state).status());

        httpStatus.set(200);
        SourceHealth healed = ingestor.poll(source, state);
        publisher.accept(healed);
        assertEquals(SourceHealth.OK, healed.status());
        assertEquals(0, healed.consecutiveFailures());
        assertNull(healed.lastError());
        assertEquals(0.0, failingGauge.value());
        assertEquals(List.of("OK/0", "OK/1", "OK/2", "FAILING/3", "OK/0"),
                sent.stream().map(h -> h.status() + "/" + h.consecutiveFailures()).toList());
        assertEquals(1, published.size(), "the item was published once, before the failures");
    }

    @Test
    void shouldApplyAConfiguredFailingThreshold() throws Exception {
        server.serve("/gone", "application/rss+xml", "<rss><channel><item>");
        SafeHttpFetcher fetcher = new SafeHttpFetcher(
                new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS), FetchLimits.defaults());
        FeedIngestor strict = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(), index,
                published::add, ArticleFetcher.none(), FeedIngestor.Pacer.none(), Clock.systemUTC(), 5,
                LanguageDetection.none(), 1);
        FeedSource source = source("gone", server.uri("/gone").toString());
        SourceHealth first = strict.poll(source, new SourceState(source.id(), new FeedCursor()));
        assertEquals(SourceHealth.FAILING, first.status());
        assertEquals(1, first.consecutiveFailures());

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> new FeedIngestor(fetcher, new FeedParser(),
                        new ReportFactory(), index, published::add, ArticleFetcher.none(),
                        FeedIngestor.Pacer.none(), Clock.systemUTC(), 5,
                        LanguageDetection.none(), 0));
        assertTrue(refused.getMessage().contains("watchfloor.feeds.failing-after"), refused.getMessage());
    }

    @Test
    void shouldRecordParseErrorsAndKeepTheRecordTimeSeparateFromExtremeDates() throws Exception {
        server.serve("/atom", "application/atom+xml", FeedParserTest.sample("atom.xml"));
        server.serve("/broken", "application/rss+xml", "<rss><channel><item>");
        FeedSource atom = source("atom", server.uri("/atom").toString());
        FeedSource broken = source("broken", server.uri("/broken").toString());
        SourceState brokenState = new SourceState(broken.id(), new FeedCursor());
        SourceHealth bad = ingestor.poll(broken, brokenState);
        assertNotEquals(SourceHealth.FAILING, bad.status());
        assertEquals(1, bad.parseErrors());
        assertEquals(1, bad.consecutiveFailures());
        assertTrue(bad.lastError().contains("MALFORMED"), bad.lastError());
        assertEquals(2, ingestor.poll(broken, brokenState).parseErrors());
        SourceHealth third = ingestor.poll(broken, brokenState);
        assertEquals(SourceHealth.FAILING, third.status());
        assertEquals(3, third.parseErrors());

        Instant before = Instant.now().minusSeconds(1);
        ingestor.poll(atom, new SourceState(atom.id(), new FeedCursor()));
        FeedReport future = published.stream().filter(r -> r.report().title().startsWith("Far-future")).findFirst()
                .orElseThrow();
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), future.report().publishedAt());
        assertTrue(future.report().ingestedAt().isAfter(before));
        assertEquals("atom", future.report().source().kind());
    }
}
