package io.watchfloor.store.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.watchfloor.schemas.Topics;
import java.time.Duration;

/**
 * Settings of the store consumer under {@code watchfloor.store}: what it reads and where its dead letters go
 * (the pipeline's topics by default; tests give their own), its group, and how it waits out outages.
 */
@ConfigurationProperties("watchfloor.store")
public record StoreSettings(
        @Bindable(defaultValue = Topics.REPORTS_ENRICHED) String topic,
        @Bindable(defaultValue = Topics.REPORTS_DLQ) String deadLetterTopic,
        @Bindable(defaultValue = "store-service") String groupId,
        @Bindable(defaultValue = "true") boolean consumerEnabled,
        @Bindable(defaultValue = "500") int maxPollRecords,
        @Bindable(defaultValue = "1s") Duration pollTimeout,
        @Bindable(defaultValue = "500ms") Duration backoffInitial,
        @Bindable(defaultValue = "30s") Duration backoffMax,
        @Bindable(defaultValue = "60s") Duration outageWarnInterval,
        @Bindable(defaultValue = "30s") Duration deadLetterTimeout) {
}
