package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** Schema registry settings under {@code watchfloor.schema-registry}; {@code mock://name} is in-memory. */
@ConfigurationProperties("watchfloor.schema-registry")
public record RegistryProperties(@Bindable(defaultValue = "http://localhost:8081") String url) {
}
