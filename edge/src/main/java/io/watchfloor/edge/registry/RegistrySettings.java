package io.watchfloor.edge.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import java.time.Duration;

/**
 * Schema registry settings under {@code watchfloor.schema-registry}, the same for every service: a
 * Confluent-compatible URL ({@code mock://scope} = in memory, tests only), optional basic auth as
 * {@code user:password} (or in the URL), and bounded retries: one call, retries included, never takes longer
 * than {@code callTimeout}.
 */
@ConfigurationProperties("watchfloor.schema-registry")
public record RegistrySettings(
        @Bindable(defaultValue = "http://localhost:8081") String url,
        @Bindable(defaultValue = "true") boolean autoRegister,
        @Nullable String basicAuthUserInfo,
        @Bindable(defaultValue = "3") int maxRetries,
        @Bindable(defaultValue = "100ms") Duration retryBackoff,
        @Bindable(defaultValue = "2s") Duration requestTimeout,
        @Bindable(defaultValue = "5s") Duration callTimeout) {

    /** The client configuration these settings describe. */
    public SchemaRegistryConfig toConfig() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of(url)
                .withAutoRegister(autoRegister)
                .withRetries(maxRetries, retryBackoff)
                .withRequestTimeout(requestTimeout)
                .withCallTimeout(callTimeout.compareTo(requestTimeout) < 0 ? requestTimeout : callTimeout);
        if (basicAuthUserInfo != null && !basicAuthUserInfo.isBlank()) {
            int colon = basicAuthUserInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("watchfloor.schema-registry.basic-auth-user-info "
                        + "(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO) must be user:password");
            }
            config = config.withBasicAuth(basicAuthUserInfo.substring(0, colon),
                    basicAuthUserInfo.substring(colon + 1));
        }
        return config;
    }
}
