package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;

/**
 * Kafka settings under {@code watchfloor.kafka}. Timeouts are bounded so a request never waits on an
 * unreachable broker for long; after a metadata timeout, publishing fails fast for
 * {@code unavailableBackoff}. {@code producer} holds extra producer properties (e.g. security).
 */
@ConfigurationProperties("watchfloor.kafka")
public record KafkaProperties(
        @Bindable(defaultValue = "localhost:9092") String bootstrapServers,
        @Bindable(defaultValue = "ingest-service") String clientId,
        @Bindable(defaultValue = "threat.reports.raw.v1") String rawTopic,
        @Bindable(defaultValue = "30s") Duration deliveryTimeout,
        @Bindable(defaultValue = "15s") Duration requestTimeout,
        @Bindable(defaultValue = "5s") Duration maxBlock,
        @Bindable(defaultValue = "5ms") Duration linger,
        @Bindable(defaultValue = "2s") Duration healthTimeout,
        @Bindable(defaultValue = "1s") Duration unavailableBackoff,
        @Nullable Map<String, String> producer) {

    public KafkaProperties {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }
}
