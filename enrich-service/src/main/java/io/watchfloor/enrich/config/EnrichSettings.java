package io.watchfloor.enrich.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Settings of enrich-service under {@code watchfloor.enrich}: the largest enriched record it writes (larger
 * ones are dead-lettered, never retried) and whether it watches the catalog topic. The Streams settings
 * themselves live under {@code kafka.streams.default} in application.yml.
 */
@ConfigurationProperties("watchfloor.enrich")
public record EnrichSettings(
        @Bindable(defaultValue = "1000000") int maxRecordBytes,
        @Bindable(defaultValue = "true") boolean catalogTopic) {
}
