package io.watchfloor.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.watchfloor.alert.domain.delivery.RetryPolicy;
import java.time.Duration;
import java.util.List;

/**
 * {@code watchfloor.alert.delivery}: retry schedule (delay before retry n; attempts = size + 1), timeouts, workers
 * and per-endpoint lanes, the webhook SSRF allowlist, the delivery log's size and the SSE limits.
 */
@ConfigurationProperties("watchfloor.alert.delivery")
public record DeliverySettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable List<Duration> schedule,
        @Bindable(defaultValue = "0.2") double jitter,
        @Bindable(defaultValue = "1h") Duration maxRetryAfter,
        @Bindable(defaultValue = "10s") Duration requestTimeout,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "16") int workers,
        @Bindable(defaultValue = "2") int laneConcurrency,
        @Nullable List<String> allowlist,
        @Bindable(defaultValue = "200") int logSize,
        @Bindable(defaultValue = "100") int maxStreams,
        @Bindable(defaultValue = "15s") Duration heartbeat,
        @Bindable(defaultValue = "200ms") Duration pollTimeout,
        @Bindable(defaultValue = "20000") int maxScan,
        @Bindable(defaultValue = "5s") Duration writeRetryDelay) {

    public DeliverySettings {
        schedule = schedule == null || schedule.isEmpty() ? RetryPolicy.DEFAULT_SCHEDULE : List.copyOf(schedule);
        allowlist = allowlist == null ? List.of()
                : allowlist.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (workers < 1 || laneConcurrency < 1) {
            throw new IllegalArgumentException("watchfloor.alert.delivery.workers and lane-concurrency must be "
                    + "at least 1, got " + workers + " and " + laneConcurrency);
        }
    }
}
