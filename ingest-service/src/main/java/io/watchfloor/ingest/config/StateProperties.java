package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where ingest's duplicate index and revisions come from at start, under {@code watchfloor.ingest.state}: the
 * compacted raw topic, read to its end before ingest is ready, then tailed.
 */
@ConfigurationProperties("watchfloor.ingest.state")
public record StateProperties(
        @Bindable(defaultValue = "true") boolean restore,
        @Bindable(defaultValue = "ingest-service-state") String clientId,
        @Bindable(defaultValue = "5s") Duration retryBackoff,
        @Bindable(defaultValue = "5s") Duration progressInterval) {
}
