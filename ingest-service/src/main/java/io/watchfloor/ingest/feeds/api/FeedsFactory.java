package io.watchfloor.ingest.feeds.api;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.feeds.AddressPolicy;
import io.watchfloor.ingest.feeds.ArticleFetcher;
import io.watchfloor.ingest.feeds.DuplicateIndex;
import io.watchfloor.ingest.feeds.FeedIngestor;
import io.watchfloor.ingest.feeds.FeedParser;
import io.watchfloor.ingest.feeds.FeedPoller;
import io.watchfloor.ingest.feeds.FetchLimits;
import io.watchfloor.ingest.feeds.HostPoliteness;
import io.watchfloor.ingest.feeds.HostResolver;
import io.watchfloor.ingest.feeds.LanguageDetection;
import io.watchfloor.ingest.feeds.NgramLanguageDetection;
import io.watchfloor.ingest.feeds.SafeArticleFetcher;
import io.watchfloor.ingest.feeds.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.SourceRegistry;
import io.watchfloor.ingest.kafka.ReportPublisher;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** Builds the plain-Java feed components from {@link FeedsProperties}. */
@Factory
public class FeedsFactory {

    @Singleton
    AddressPolicy addressPolicy(FeedsProperties properties) {
        return new AddressPolicy(properties.allowlist(), HostResolver.system());
    }

    @Singleton
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
    FeedIngestor feedIngestor(SafeHttpFetcher fetcher, ReportFactory reportFactory, ReportPublisher publisher,
                              HostPoliteness politeness, FeedsProperties p) {
        ArticleFetcher articles = p.fullArticle() ? new SafeArticleFetcher(fetcher) : ArticleFetcher.none();
        LanguageDetection languages = p.detectLanguage() ? new NgramLanguageDetection() : LanguageDetection.none();
        return new FeedIngestor(fetcher, new FeedParser(), reportFactory, new DuplicateIndex(p.dedupCapacity()),
                new KafkaFeedReportSink(publisher, p.publishTimeout()), articles, FeedPoller.pacer(politeness),
                Clock.systemUTC(), p.maxPages(), languages);
    }

    @Singleton
    FeedPoller feedPoller(SourceRegistry registry, FeedIngestor ingestor, HostPoliteness politeness,
                          FeedsProperties p, SourceHealthPublisher healthPublisher) {
        return new FeedPoller(registry, ingestor, politeness, p.workerThreads(), p.maxBackoff(), healthPublisher);
    }
}
