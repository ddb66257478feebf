package io.watchfloor.edge.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Settings under {@code watchfloor.security}: {@code api-keys} (env {@code WATCHFLOOR_API_KEYS}, comma-separated).
 * When non-empty, every write request needs one of the keys.
 */
@ConfigurationProperties("watchfloor.security")
public record SecuritySettings(@Nullable List<String> apiKeys) {
}
