package io.watchfloor.store.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** Where the schema registry lives ({@code watchfloor.schema-registry.url}); {@code mock://<scope>} for tests. */
@ConfigurationProperties("watchfloor.schema-registry")
public record RegistryConfig(@Bindable(defaultValue = "http://localhost:8081") String url) {
}
