package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import java.time.Duration;
import java.util.Map;

/**
 * How ingest writes to the raw topic, under {@code watchfloor.ingest.publish}: bounded producer waits so a
 * request never hangs on an unreachable broker, and after a metadata timeout publishing fails fast for
 * {@code unavailableBackoff}. {@code producer} holds extra producer properties; it cannot switch off acks=all
 * or idempotence (startup fails instead). Bootstrap servers and security are the shared {@code kafka.*}.
 */
@ConfigurationProperties("watchfloor.ingest.publish")
public record PublishSettings(
        @Bindable(defaultValue = "ingest-service") String clientId,
        @Bindable(defaultValue = "30s") Duration deliveryTimeout,
        @Bindable(defaultValue = "15s") Duration requestTimeout,
        @Bindable(defaultValue = "5s") Duration maxBlock,
        @Bindable(defaultValue = "5ms") Duration linger,
        @Bindable(defaultValue = "1s") Duration unavailableBackoff,
        @Nullable Map<String, String> producer) {

    public PublishSettings {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }

    public ProducerTimeouts timeouts() {
        return new ProducerTimeouts(maxBlock, requestTimeout, deliveryTimeout, linger);
    }
}
