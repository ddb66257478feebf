package io.watchfloor.ingest.kafka;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.ingest.config.RegistryProperties;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import jakarta.inject.Singleton;

/** The schema registry client for {@code watchfloor.schema-registry.url} ({@code mock://scope} = in memory). */
@Factory
public class RegistryClientFactory {

    @Singleton
    SchemaRegistryClient schemaRegistryClient(RegistryProperties properties) {
        return SchemaRegistryClients.forUrl(properties.url());
    }
}
