package io.watchfloor.enrich.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of enrich-service under {@code watchfloor.enrich}: the largest enriched record it writes (larger
 * ones are dead-lettered, never retried), whether it watches the catalog topic, and when /health goes DOWN because
 * stream threads keep failing ({@code stalled-after-failures} within {@code stalled-window} with no record
 * processed since the last failure). The Streams settings
 * themselves live under {@code kafka.streams.default} in application.yml.
 */
@ConfigurationProperties("watchfloor.enrich")
public record EnrichSettings(
        @Bindable(defaultValue = "1000000") int maxRecordBytes,
        @Bindable(defaultValue = "true") boolean catalogTopic,
        @Bindable(defaultValue = "3") int stalledAfterFailures,
        @Bindable(defaultValue = "5m") Duration stalledWindow) {
}
