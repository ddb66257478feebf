package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Schema registry settings under {@code watchfloor.schema-registry}: a Confluent-compatible URL, or
 * {@code mock://scope} for an in-memory registry; {@code basicAuthUserInfo} is {@code user:password}.
 */
@ConfigurationProperties("watchfloor.schema-registry")
public record RegistryProperties(
        @Bindable(defaultValue = "http://localhost:8081") String url,
        @Bindable(defaultValue = "true") boolean autoRegister,
        @Nullable String basicAuthUserInfo,
        @Bindable(defaultValue = "3") int maxRetries,
        @Bindable(defaultValue = "100ms") Duration retryBackoff,
        @Bindable(defaultValue = "5s") Duration requestTimeout) {
}
