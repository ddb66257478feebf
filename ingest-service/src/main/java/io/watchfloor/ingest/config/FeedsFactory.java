package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.HostResolver;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.fetch.ArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.FetchLimits;
import io.watchfloor.ingest.feeds.fetch.HostPoliteness;
import io.watchfloor.ingest.feeds.fetch.SafeArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.parse.LanguageDetection;
import io.watchfloor.ingest.feeds.parse.NgramLanguageDetection;
import io.watchfloor.ingest.feeds.parse.ParserLimits;
import io.watchfloor.ingest.feeds.sources.ArticlePool;
import io.watchfloor.ingest.feeds.sources.FeedIngestor;
import io.watchfloor.ingest.feeds.sources.FeedPoller;
import io.watchfloor.ingest.feeds.sources.SourceHealthPublisher;
import io.watchfloor.ingest.feeds.sources.SourceRegistry;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.intake.Revisions;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** Builds the plain-Java feed components from {@link FeedsProperties}. */
@Factory
public class FeedsFactory {

    @Singleton
    AddressPolicy addressPolicy(FeedsProperties properties) {
        return new AddressPolicy(properties.allowlist(), HostResolver.system(),
                "watchfloor.feeds.allowlist (WATCHFLOOR_FEEDS_ALLOWLIST)");
    }

    @Singleton
    @Bean(preDestroy = "close")
    SafeHttpFetcher safeHttpFetcher(AddressPolicy policy, FeedsProperties p) {
        FetchLimits limits = new FetchLimits(p.connectTimeout(), p.totalTimeout(), p.maxBodyBytes(),
                p.maxDecompressedBytes(), p.maxRedirects(), FetchLimits.defaults().userAgent());
        return new SafeHttpFetcher(policy, limits);
    }

    @Singleton
    HostPoliteness hostPoliteness(FeedsProperties properties) {
        return new HostPoliteness(properties.hostMinDelay());
    }

    @Singleton
    SourceRegistry sourceRegistry(FeedsProperties properties) {
        return new SourceRegistry(Path.of(properties.resolvedSourcesFile()), properties.minIntervalSeconds(),
                properties.cursorCapacity(), Clock.systemUTC());
    }

    @Singleton
    @Bean(preDestroy = "close")
    ArticlePool articlePool(FeedsProperties p) {
        return ArticlePool.of(Math.max(1, p.articleThreads()));
    }

    /** One index for feeds, direct submissions and the raw-topic state restored at start. */
    @Singleton
    DuplicateIndex duplicateIndex(FeedsProperties properties) {
        return new DuplicateIndex(properties.dedupCapacity());
    }

    @Singleton
    FeedIngestor feedIngestor(SafeHttpFetcher fetcher, ReportFactory reportFactory, ReportPublisher publisher,
                              HostPoliteness politeness, ArticlePool articlePool, FeedsProperties p,
                              DuplicateIndex duplicates, Revisions state) {
        ArticleFetcher articles = p.fullArticle() ? new SafeArticleFetcher(fetcher) : ArticleFetcher.none();
        LanguageDetection languages = p.detectLanguage() ? new NgramLanguageDetection() : LanguageDetection.none();
        FeedParser parser = new FeedParser(ParserLimits.of(p.maxElements(), p.maxDepth(), p.resolvedMaxTextChars()));
        return new FeedIngestor(fetcher, parser, reportFactory, duplicates,
                report -> {
                    if (!state.ready().isDone()) {
                        // a source added or polled by hand before the restore ended: the item is offered again
                        throw new IllegalStateException("ingest is still restoring its state from the raw topic");
                    }
                    publisher.publishAndWait(report.report(), p.publishTimeout());
                }, articles,
                FeedPoller.pacer(politeness),
                Clock.systemUTC(), p.maxPages(), languages, p.failingAfter(), articlePool, p.pollBudget());
    }

    @Singleton
    FeedPoller feedPoller(SourceRegistry registry, FeedIngestor ingestor, HostPoliteness politeness,
                          FeedsProperties p, SourceHealthPublisher healthPublisher) {
        return new FeedPoller(registry, ingestor, politeness, p.workerThreads(), p.maxBackoff(), healthPublisher);
    }
}
