package io.watchfloor.edge.registry;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one schema registry client of a service, from {@link RegistrySettings}. */
@Factory
public class RegistryClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClientFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient schemaRegistryClient(RegistrySettings settings) {
        var config = settings.toConfig();
        LOG.info("Schema registry {}", config);
        return SchemaRegistryClients.create(config);
    }
}
