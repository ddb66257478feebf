package io.watchfloor.store.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Kafka settings of the store consumer ({@code watchfloor.kafka.*}). Values not set in
 * application.yml fall back to the defaults below.
 */
@ConfigurationProperties("watchfloor.kafka")
public record StoreKafkaConfig(
        @Bindable(defaultValue = "localhost:9092") String bootstrapServers,
        @Bindable(defaultValue = "threat.reports.enriched.v1") String topic,
        @Bindable(defaultValue = "threat.reports.dlq.v1") String deadLetterTopic,
        @Bindable(defaultValue = "store-service") String groupId,
        @Bindable(defaultValue = "true") boolean consumerEnabled,
        @Bindable(defaultValue = "500") int maxPollRecords,
        @Bindable(defaultValue = "1s") Duration pollTimeout,
        @Bindable(defaultValue = "500ms") Duration backoffInitial,
        @Bindable(defaultValue = "30s") Duration backoffMax,
        @Bindable(defaultValue = "60s") Duration outageWarnInterval,
        @Bindable(defaultValue = "30s") Duration deadLetterTimeout) {
}
