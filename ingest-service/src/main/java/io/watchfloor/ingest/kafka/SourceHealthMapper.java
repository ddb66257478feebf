package io.watchfloor.ingest.kafka;

import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import java.time.Instant;

/** Maps one poll's {@link SourceHealth} (and its source) to the Avro record on {@code threat.sources.health.v1}. */
final class SourceHealthMapper {
    private static final int MAX_ERROR_CHARS = 2000;

    private SourceHealthMapper() {
    }

    static io.watchfloor.schemas.avro.SourceHealth toAvro(FeedSource source, SourceHealth health, Instant now) {
        String error = health.lastError();
        if (error != null && error.length() > MAX_ERROR_CHARS) {
            error = error.substring(0, MAX_ERROR_CHARS);
        }
        return io.watchfloor.schemas.avro.SourceHealth.newBuilder()
                .setSourceId(health.sourceId())
                .setSourceName(source == null || source.name() == null ? health.sourceId() : source.name())
                .setSourceUrl(source == null || source.url() == null ? "" : source.redactedUrl())
                .setStatus(health.status())
                .setPolledAt(health.lastPollAt() == null ? now : health.lastPollAt())
                .setLastSuccessAt(health.lastSuccessAt())
                .setHttpStatus(health.httpStatus())
                .setFormat(health.format())
                .setItemsSeen(health.itemsSeen())
                .setItemsNew(health.itemsNew())
                .setDuplicates(health.duplicates())
                .setNearDuplicates(health.nearDuplicates())
                .setRevisions(health.revisions())
                .setItemErrors(health.itemErrors())
                .setParseErrors(health.parseErrors())
                .setEmptyPollStreak(health.emptyPollStreak())
                .setConsecutiveFailures(health.consecutiveFailures())
                .setLastError(error)
                .setNewestItemPublished(health.newestItemPublished())
                .setIntervalSeconds(source == null ? 0 : source.intervalSeconds())
                .build();
    }
}
