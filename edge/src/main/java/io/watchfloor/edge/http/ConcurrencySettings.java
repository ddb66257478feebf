package io.watchfloor.edge.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings under {@code watchfloor.http} (env {@code WATCHFLOOR_HTTP_*}), read by {@link ConcurrencyLimitFilter}:
 * {@code max-concurrent-requests} requests are handled at once; up to {@code max-queued-requests} more wait at most
 * {@code queue-timeout} for a slot; every other request is answered 429 with {@code Retry-After:
 * retry-after} (whole seconds). The defaults suit a small (2-core) machine, where the services' requests mostly
 * wait on Kafka or PostgreSQL rather than compute.
 */
@ConfigurationProperties("watchfloor.http")
public record ConcurrencySettings(
        @Bindable(defaultValue = "32") int maxConcurrentRequests,
        @Bindable(defaultValue = "32") int maxQueuedRequests,
        @Bindable(defaultValue = "1s") Duration queueTimeout,
        @Bindable(defaultValue = "1s") Duration retryAfter) {

    public ConcurrencySettings {
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("watchfloor.http.max-concurrent-requests must be at least 1, was "
                    + maxConcurrentRequests);
        }
        if (maxQueuedRequests < 0 || queueTimeout.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("watchfloor.http.max-queued-requests, queue-timeout and retry-after "
                    + "must not be negative");
        }
    }

    /** The {@code Retry-After} value: whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
