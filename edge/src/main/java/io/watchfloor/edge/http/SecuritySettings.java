package io.watchfloor.edge.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Settings under {@code watchfloor.security}: {@code api-keys} (env {@code WATCHFLOOR_API_KEYS}, comma-separated):
 * when non-empty, every write request needs one of the keys. {@code operator-keys} (env
 * {@code WATCHFLOOR_OPERATOR_KEYS}): keys that, like the api-keys, make a request authenticated for reading
 * operator details such as {@code /health} components, without allowing writes. {@code read-keys} (env
 * {@code WATCHFLOOR_READ_KEYS}): when non-empty, every read (GET, HEAD) other than {@code /health} and
 * {@code /prometheus} needs one of these keys or one of the api-keys.
 */
@ConfigurationProperties("watchfloor.security")
public record SecuritySettings(@Nullable List<String> apiKeys, @Nullable List<String> operatorKeys,
                               @Nullable List<String> readKeys) {
}
