package io.watchfloor.ingest.feeds.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import java.time.Instant;
import java.util.List;

/** A source as the API shows it: never its credentials or header values, only that they exist. */
@Serdeable
public record SourceView(
        String id,
        String name,
        String url,
        int intervalSeconds,
        String origin,
        @Nullable Instant createdAt,
        boolean hasCredentials,
        List<String> headerNames,
        @Nullable Health health) {

    /** The health part of the view. */
    @Serdeable
    public record Health(
            String status,
            @Nullable Instant lastPollAt,
            @Nullable Instant lastSuccessAt,
            int httpStatus,
            @Nullable String format,
            int itemsSeen,
            int itemsNew,
            int duplicates,
            int nearDuplicates,
            int revisions,
            int itemErrors,
            long parseErrors,
            long totalPolls,
            long totalPublished,
            int emptyPollStreak,
            int consecutiveFailures,
            @Nullable String lastError,
            @Nullable Instant newestItemPublished,
            @Nullable Instant nextPollAt) {
    }

    public static SourceView of(FeedSource source, @Nullable SourceHealth h) {
        Health health = h == null ? null : new Health(h.status(), h.lastPollAt(), h.lastSuccessAt(), h.httpStatus(),
                h.format(), h.itemsSeen(), h.itemsNew(), h.duplicates(), h.nearDuplicates(), h.revisions(),
                h.itemErrors(), h.parseErrors(), h.totalPolls(), h.totalPublished(), h.emptyPollStreak(),
                h.consecutiveFailures(), h.lastError(), h.newestItemPublished(), h.nextPollAt());
        return new SourceView(source.id(), source.name(), source.redactedUrl(), source.intervalSeconds(),
                source.origin(), source.createdAt(), source.hasCredentials(), List.copyOf(source.headers().keySet()), health);
    }
}
