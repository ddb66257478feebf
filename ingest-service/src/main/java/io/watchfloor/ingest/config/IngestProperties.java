package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.watchfloor.ingest.domain.ReportLimits;
import java.time.Duration;

/** Settings of the ingest API under {@code watchfloor.ingest}. */
@ConfigurationProperties("watchfloor.ingest")
public record IngestProperties(
        @Bindable(defaultValue = "1048576") int maxTextChars,
        @Bindable(defaultValue = "600000") int maxTextBytes,
        @Bindable(defaultValue = "8388608") int maxHtmlChars,
        @Bindable(defaultValue = "1000") int maxTitleChars,
        @Bindable(defaultValue = "64") int maxAttributes,
        @Bindable(defaultValue = "500") int maxBatchItems,
        @Bindable(defaultValue = "2000") int maxInFlight,
        @Bindable(defaultValue = "67108864") long maxInFlightBytes,
        @Bindable(defaultValue = "40s") Duration publishTimeout,
        @Bindable(defaultValue = "5") int retryAfterSeconds,
        @Bindable(defaultValue = "24h") Duration idempotencyTtl,
        @Bindable(defaultValue = "100000") int idempotencyMaxKeys,
        @Bindable(defaultValue = "67108864") long idempotencyMaxBytes) {

    public ReportLimits limits() {
        return new ReportLimits(maxTextChars, maxTextBytes, maxHtmlChars, maxTitleChars, maxAttributes);
    }
}
