package io.watchfloor.store.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.inject.Singleton;

/** Wires the schema-registry client and the Avro serde the consumer decodes with. */
@Factory
public class StoreFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient schemaRegistryClient(RegistryConfig config) {
        return SchemaRegistryClients.forUrl(config.url());
    }

    @Singleton
    AvroSerde<EnrichedReport> enrichedReportSerde(SchemaRegistryClient client) {
        // the store only reads: it never registers schemas
        return new AvroSerde<>(EnrichedReport.class, client, false, false);
    }
}
