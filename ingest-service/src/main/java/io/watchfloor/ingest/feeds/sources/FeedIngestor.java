package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.ingest.domain.UrlCanonicalizer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.fetch.ArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.FetchException;
import io.watchfloor.ingest.feeds.fetch.FetchRequest;
import io.watchfloor.ingest.feeds.fetch.FetchResult;
import io.watchfloor.ingest.feeds.fetch.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.parse.FeedItem;
import io.watchfloor.ingest.feeds.parse.FeedParseException;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.parse.LanguageDetection;
import io.watchfloor.ingest.feeds.parse.ParsedFeed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one source: conditional fetch, parse, follow "next" pages while they hold only new items, and
 * for each item not yet confirmed by the cursor: normalise (ReportFactory), classify (DuplicateIndex), publish,
 * then confirm. A failure is recorded in the returned {@link SourceHealth}; it never throws.
 */
public final class FeedIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(FeedIngestor.class);
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final SafeHttpFetcher fetcher;
    private final FeedParser parser;
    private final ReportFactory reports;
    private final DuplicateIndex duplicates;
    private final FeedReportSink sink;
    private final ArticleFetcher articles;
    private final Pacer pacer;
    private final Clock clock;
    private final int maxPages;
    private final LanguageDetection languages;
    private final int failingAfter;
    private final ArticlePool articlePool;
    private final Duration pollBudget;

    /** Default total time of one poll (fetch, pages, article pages). */
    public static final Duration DEFAULT_POLL_BUDGET = Duration.ofSeconds(60);

    /** Waits for the per-host politeness slot before a follow-up request inside one poll. */
    @FunctionalInterface
    public interface Pacer {
        void awaitTurn(URI uri);

        static Pacer none() {
            return uri -> { };
        }
    }

    public FeedIngestor(SafeHttpFetcher fetcher, FeedParser parser, ReportFactory reports, DuplicateIndex duplicates,
                        FeedReportSink sink, ArticleFetcher articles, Pacer pacer, Clock clock, int maxPages) {
        this(fetcher, parser, reports, duplicates, sink, articles, pacer, clock, maxPages, LanguageDetection.none());
    }

    public FeedIngestor(SafeHttpFetcher fetcher, FeedParser parser, ReportFactory reports, DuplicateIndex duplicates,
                        FeedReportSink sink, ArticleFetcher articles, Pacer pacer, Clock clock, int maxPages,
                        LanguageDetection languages) {
        this(fetcher, parser, reports, duplicates, sink, articles, pacer, clock, maxPages, languages,
                SourceHealth.DEFAULT_FAILING_AFTER);
    }

    /** {@code failingAfter}: failed polls in a row after which a source's status becomes FAILING (>= 1). */
    public FeedIngestor(SafeHttpFetcher fetcher, FeedParser parser, ReportFactory reports, DuplicateIndex duplicates,
                        FeedReportSink sink, ArticleFetcher articles, Pacer pacer, Clock clock, int maxPages,
                        LanguageDetection languages, int failingAfter) {
        this(fetcher, parser, reports, duplicates, sink, articles, pacer, clock, maxPages, languages, failingAfter,
                ArticlePool.inline(), DEFAULT_POLL_BUDGET);
    }

    /** With the article fetches on {@code articlePool} and one poll bounded by {@code pollBudget}. */
    public FeedIngestor(SafeHttpFetcher fetcher, FeedParser parser, ReportFactory reports, DuplicateIndex duplicates,
                        FeedReportSink sink, ArticleFetcher articles, Pacer pacer, Clock clock, int maxPages,
                        LanguageDetection languages, ArticlePool articlePool, Duration pollBudget) {
        this(fetcher, parser, reports, duplicates, sink, articles, pacer, clock, maxPages, languages,
                SourceHealth.DEFAULT_FAILING_AFTER, articlePool, pollBudget);
    }

    /**
     * {@code failingAfter}: failed polls in a row after which a source's status becomes FAILING (>= 1). Article
     * fetches run on {@code articlePool} and one poll is bounded by {@code pollBudget}: when it runs out, the
     * remaining summary-only items are published with their summary, and the health says so.
     */
    public FeedIngestor(SafeHttpFetcher fetcher, FeedParser parser, ReportFactory reports, DuplicateIndex duplicates,
                        FeedReportSink sink, ArticleFetcher articles, Pacer pacer, Clock clock, int maxPages,
                        LanguageDetection languages, int failingAfter, ArticlePool articlePool,
                        Duration pollBudget) {
        if (failingAfter < 1) {
            throw new IllegalArgumentException("watchfloor.feeds.failing-after must be 1 or more (failed polls in a "
                    + "row before a source is FAILING), was " + failingAfter);
        }
        this.failingAfter = failingAfter;
        this.articlePool = articlePool;
        this.pollBudget = pollBudget;
        this.languages = languages;
        this.fetcher = fetcher;
        this.parser = parser;
        this.reports = reports;
        this.duplicates = duplicates;
        this.sink = sink;
        this.articles = articles;
        this.pacer = pacer;
        this.clock = clock;
        this.maxPages = maxPages;
    }

    /** Counters of one poll. */
    private static final class Tally {
        int seen;
        int fresh;
        int duplicates;
        int near;
        int revisions;
        int itemErrors;
        String format;
        String error;
        String warning;
        int articlesSkipped;
        long deadlineNanos;
    }

    public SourceHealth poll(FeedSource source, SourceState state) {
        Instant started = clock.instant();
        SourceHealth before = state.health();
        Tally tally = new Tally();
        tally.deadlineNanos = System.nanoTime() + pollBudget.toNanos();
        int status = 0;
        boolean notModified = false;
        try {
            FetchResult result = fetcher.fetch(source.request(state.etag(), state.lastModified()));
            status = result.status();
            notModified = result.notModified();
            if (!notModified) {
                URI pageUri = result.finalUri();
                ParsedFeed feed = parser.parse(result.body(), result.contentType());
                boolean allNew = ingestPage(source, state, feed, pageUri, tally);
                int pages = 1;
                while (allNew && tally.error == null && feed.nextPageUrl() != null && pages < maxPages) {
                    if (System.nanoTime() - tally.deadlineNanos >= 0) {
                        tally.warning = "next page " + feed.nextPageUrl() + " skipped: the poll budget of "
                                + pollBudget.toSeconds() + "s ran out; it is fetched next poll";
                        break;
                    }
                    try {
                        URI next = pageUri.resolve(feed.nextPageUrl());
                        pacer.awaitTurn(next);
                        // the source's credentials and headers only where the source itself lives: a next-page
                        // link to another origin is fetched without them
                        FetchResult page = fetcher.fetch(new FetchRequest(next, source.headers(), source.username(),
                                source.password(), null, null, source.uri()));
                        pageUri = page.finalUri();
                        feed = parser.parse(page.body(), page.contentType());
                    } catch (FetchException | FeedParseException | IllegalArgumentException e) {
                        // the first page was handled; an unreachable older page is a warning, retried next poll
                        tally.warning = "next page " + feed.nextPageUrl() + " skipped: " + e.getMessage();
                        break;
                    }
                    allNew = ingestPage(source, state, feed, pageUri, tally);
                    pages++;
                }
            }
            if (tally.articlesSkipped > 0 && tally.warning == null) {
                tally.warning = "poll budget of " + pollBudget.toSeconds() + "s ran out: " + tally.articlesSkipped
                        + " summary-only items were published with their feed summary (article pages not fetched "
                        + "in time); check why the linked pages are slow, or raise watchfloor.feeds.poll-budget";
            }
            if (tally.error == null && tally.warning == null) {
                // validators are kept only when every item was handed on, else the next poll must see them again
                state.validators(result.etag(), result.lastModified());
            }
        } catch (FetchException e) {
            status = e.httpStatus() > 0 ? e.httpStatus() : 0;
            tally.error = e.getMessage();
        } catch (FeedParseException e) {
            tally.error = e.getMessage();
            return failed(source, state, before, started, status, tally, true);
        } catch (RuntimeException e) {
            LOG.warn("poll of source {} failed unexpectedly", source.id(), e);
            tally.error = "internal error: " + e;
        } catch (VirtualMachineError e) {
            if (!recoverable(e)) {
                throw e; // InternalError, UnknownError: the JVM itself is broken; FeedPoller still reschedules
            }
            LOG.error("poll of source {} ({}) failed with {}; the source is rescheduled", source.id(),
                    source.name(), e, e);
            tally.error = describe(e);
        } catch (Error e) {
            LOG.error("poll of source {} ({}) failed with {}; the source is rescheduled", source.id(),
                    source.name(), e, e);
            tally.error = describe(e);
        }
        if (tally.error != null) {
            return failed(source, state, before, started, status, tally, false);
        }
        int published = tally.fresh + tally.near + tally.revisions;
        boolean empty = notModified || published == 0;
        int emptyStreak = empty ? before.emptyPollStreak() + 1 : 0;
        SourceHealth health = new SourceHealth(source.id(), SourceHealth.afterSuccess(notModified, emptyStreak),
                started, started, status, tally.format != null ? tally.format : before.format(), tally.seen,
                tally.fresh, tally.duplicates, tally.near, tally.revisions, tally.itemErrors, before.parseErrors(),
                before.totalPolls() + 1, before.totalPublished() + published,
                emptyStreak, 0, tally.warning, state.cursor().newestPublished(), null);
        state.health(health);
        return health;
    }

    /** StackOverflowError and OutOfMemoryError come from this poll's document or allocation; others do not. */
    static boolean recoverable(VirtualMachineError e) {
        return e instanceof StackOverflowError || e instanceof OutOfMemoryError;
    }

    /** The reason for a poll that ended in an Error, with what to do next. */
    static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "STACK_OVERFLOW: processing this feed recursed too deeply (a deeply nested document or item); "
                    + "lower watchfloor.feeds.max-depth, or ask the feed's owner to flatten it";
        }
        if (e instanceof OutOfMemoryError) {
            return "OUT_OF_MEMORY: the heap ran out during this poll (" + e.getMessage() + "); lower "
                    + "watchfloor.feeds.max-elements / max-decompressed-bytes or give ingest-service more heap";
        }
        return "INTERNAL_ERROR: " + e + "; see the ingest-service log for the stack trace";
    }

    private SourceHealth failed(FeedSource source, SourceState state, SourceHealth before, Instant started,
                                int status, Tally tally, boolean parseError) {
        int published = tally.fresh + tally.near + tally.revisions;
        int failures = before.consecutiveFailures() + 1;
        String statusNow = SourceHealth.afterFailure(before.status(), failures, failingAfter);
        SourceHealth health = new SourceHealth(source.id(), statusNow, started, before.lastSuccessAt(),
                status, tally.format != null ? tally.format : before.format(), tally.seen, tally.fresh,
                tally.duplicates, tally.near, tally.revisions, tally.itemErrors,
                before.parseErrors() + (parseError ? 1 : 0), before.totalPolls() + 1,
                before.totalPublished() + published, before.emptyPollStreak(), failures,
                tally.error, state.cursor().newestPublished(), null);
        state.health(health);
        LOG.info("source {} ({}) poll failed, {} in a row (FAILING from {}): {}", source.id(), source.name(),
                failures, failingAfter, tally.error);
        return health;
    }

    /** Handles one page; returns true when no item on it had been seen before (so older pages may hold more). */
    private boolean ingestPage(FeedSource source, SourceState state, ParsedFeed feed, URI pageUri, Tally tally) {
        tally.format = feed.version();
        tally.seen += feed.items().size();
        FeedCursor cursor = state.cursor();
        cursor.expectItems(feed.items().size());
        List<FeedItem> oldestFirst = new ArrayList<>(feed.items().size());
        for (FeedItem raw : feed.items()) {
            oldestFirst.add(absolutise(raw, pageUri));
        }
        Collections.reverse(oldestFirst);
        // every article of the page is requested up front: they load in parallel on the article pool, each
        // bounded by the fetch deadline, all by the poll's budget
        ArticlePool.Batch batch = articlePool.batch(articles, pacer, tally.deadlineNanos);
        Map<FeedItem, CompletableFuture<Optional<String>>> requested = new IdentityHashMap<>();
        for (FeedItem item : oldestFirst) {
            if (needsArticle(item) && cursor.state(item) != FeedCursor.State.SEEN) {
                requested.put(item, batch.request(item.url()));
            }
        }
        try {
            return ingestItems(source, state, feed, oldestFirst, batch, requested, tally);
        } finally {
            batch.close();
        }
    }

    private boolean ingestItems(FeedSource source, SourceState state, ParsedFeed feed, List<FeedItem> oldestFirst,
                                ArticlePool.Batch batch, Map<FeedItem, CompletableFuture<Optional<String>>> requested,
                                Tally tally) {
        FeedCursor cursor = state.cursor();
        boolean allNew = !feed.items().isEmpty();
        for (FeedItem item : oldestFirst) {
            FeedCursor.State seen = cursor.state(item);
            if (seen == FeedCursor.State.SEEN) {
                allNew = false;
                continue;
            }
            if (seen == FeedCursor.State.CHANGED) {
                allNew = false;
            }
            Report report;
            try {
                report = withLanguage(reports.create(submission(source, feed,
                        withArticle(item, batch, requested.get(item), tally))));
            } catch (InvalidSubmissionException e) {
                tally.itemErrors++;
                LOG.debug("source {} item {} refused: {}", source.id(), item.guid(), e.getMessage());
                cursor.confirm(item); // it will not get better by retrying
                continue;
            }
            DuplicateIndex.Decision decision = duplicates.decide(source.id(), item.guid(), report);
            if (decision.publish()) {
                Report toPublish = decision.reportId().equals(report.id())
                        ? report : report.withId(decision.reportId());
                boolean sent = false;
                try {
                    sink.publish(new FeedReport(source.id(), toPublish
                            .asRevision(decision.revision(), decision.duplicateOf())
                            .withSources(decision.sources())));
                    sent = true;
                } catch (Exception e) {
                    tally.error = "publishing failed, will retry next poll: " + e.getMessage();
                    return false;
                } finally {
                    if (!sent) {
                        // also when an Error escapes: the item was not handed on, so it must be offered again
                        duplicates.forget(decision);
                    }
                }
                switch (decision.kind()) {
                    case NEW -> tally.fresh++;
                    case NEAR_DUPLICATE -> tally.near++;
                    case NEW_REVISION -> tally.revisions++;
                    case LINKED -> tally.duplicates++; // published again only to add this source to its list
                    default -> { }
                }
            } else {
                tally.duplicates++;
            }
            cursor.confirm(item);
        }
        return allNew;
    }

    private static boolean needsArticle(FeedItem item) {
        return (item.contentHtml() == null || item.contentHtml().isBlank()) && item.url() != null;
    }

    private static FeedItem withArticle(FeedItem item, ArticlePool.Batch batch,
                                        CompletableFuture<Optional<String>> requested, Tally tally) {
        if (requested == null) {
            return item;
        }
        boolean[] timedOut = new boolean[1];
        Optional<String> article = batch.await(item.url(), requested, timedOut);
        if (timedOut[0]) {
            tally.articlesSkipped++;
        }
        return article.map(item::withContentHtml).orElse(item);
    }

    private Submission submission(FeedSource source, ParsedFeed feed, FeedItem item) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("feed.format", feed.version());
        attributes.put(Report.FEED_SOURCE_ATTRIBUTE, source.id());
        if (item.updated() != null) {
            attributes.put("feed.updated", item.updated().toString());
        }
        if (!item.authors().isEmpty()) {
            attributes.put("feed.authors", String.join("; ", item.authors()));
        }
        if (!item.categories().isEmpty()) {
            attributes.put("feed.categories", String.join("; ", item.categories()));
        }
        if (item.truncated()) {
            attributes.put("feed.truncated", "true");
        }
        String html = item.bestHtml();
        String text = html == null || html.isBlank() ? item.title() : null;
        Instant published = item.published();
        if (published != null && (published.isBefore(EARLIEST) || published.isAfter(LATEST))) {
            attributes.put("feed.publishedRaw", published.toString());
            published = null;
        }
        String kind = switch (feed.format()) {
            case RSS -> "rss";
            case ATOM -> "atom";
            case JSON_FEED -> "json-feed";
        };
        return Submission.builder()
                .title(item.title())
                .text(text)
                .html(text == null ? html : null)
                .url(usableUrl(item.url()))
                .source(kind, source.name(), source.redactedUrl())
                .itemId(item.guid())
                .publishedAt(published)
                .attributes(attributes)
                .build();
    }

    private static String usableUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            UrlCanonicalizer.canonicalize(url);
            return url;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static FeedItem absolutise(FeedItem item, URI base) {
        if (item.url() == null) {
            return item;
        }
        try {
            URI link = new URI(item.url().trim());
            if (link.isAbsolute()) {
                return item;
            }
            return new FeedItem(item.guid(), base.resolve(link).toString(), item.title(), item.summaryHtml(),
                    item.contentHtml(), item.published(), item.updated(), item.authors(), item.categories(),
                    item.truncated());
        } catch (Exception e) {
            return item;
        }
    }

    private Report withLanguage(Report r) {
        if (r.language() != null) {
            return r;
        }
        return languages.languageOf(r.text())
                .map(language -> new Report(r.id(), r.source(), r.canonicalUrl(), r.title(), r.text(), r.contentType(),
                        language, r.publishedAt(), r.ingestedAt(), r.contentHash(), r.attributes(), r.revision(),
                        r.duplicateOf()))
                .orElse(r);
    }
}
