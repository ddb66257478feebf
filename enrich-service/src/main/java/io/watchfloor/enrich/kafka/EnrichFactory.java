package io.watchfloor.enrich.kafka;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReloadableEnricher;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import jakarta.inject.Singleton;

/** Hands the domain enricher and the registry client to the Streams host. */
@Factory
public class EnrichFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient schemaRegistryClient(
            @Value("${watchfloor.schema-registry.url:`http://localhost:8081`}") String url) {
        return SchemaRegistryClients.forUrl(url);
    }

    /** Starts with the bundled catalog; {@link CatalogWatcher} swaps in catalogs published to Kafka. */
    @Singleton
    ReloadableEnricher enricher() {
        return new ReloadableEnricher(DefaultEnricher.fromClasspath());
    }
}
