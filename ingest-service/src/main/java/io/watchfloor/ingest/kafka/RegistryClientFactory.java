package io.watchfloor.ingest.kafka;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.ingest.config.RegistryProperties;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** The schema registry client for {@code watchfloor.schema-registry.*} ({@code mock://scope} = in memory). */
@Factory
public class RegistryClientFactory {

    @Singleton
    SchemaRegistryClient schemaRegistryClient(RegistryProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", properties.url());
        config.put("auto.register.schemas", properties.autoRegister());
        if (properties.basicAuthUserInfo() != null && !properties.basicAuthUserInfo().isBlank()) {
            config.put("basic.auth.user.info", properties.basicAuthUserInfo());
        }
        config.put("schema.registry.max.retries", properties.maxRetries());
        config.put("schema.registry.retry.backoff.ms", properties.retryBackoff().toMillis());
        config.put("schema.registry.request.timeout.ms", properties.requestTimeout().toMillis());
        return SchemaRegistryClients.create(SchemaRegistryConfig.fromProperties(config));
    }
}
