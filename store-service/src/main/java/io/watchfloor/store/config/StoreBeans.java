package io.watchfloor.store.config;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.domain.DocumentFormat;
import io.watchfloor.store.domain.ReportStore;
import io.watchfloor.store.domain.ReportWriter;
import io.watchfloor.store.domain.trace.ReportTracer;
import io.watchfloor.store.domain.trace.TraceSources;
import jakarta.inject.Singleton;

/** Wires the domain use case to its ports, and the serde the consumer decodes with. */
@Factory
public class StoreBeans {

    @Singleton
    ReportWriter reportWriter(ReportStore store, DocumentFormat format) {
        return new ReportWriter(store, format);
    }

    @Singleton
    ReportTracer reportTracer(TraceSources.StoredRows rows, TraceSources.Topics topics) {
        return new ReportTracer(rows, topics);
    }

    @Singleton
    AvroSerde<EnrichedReport> enrichedReportSerde(SchemaRegistryClient client) {
        // the store only reads: it never registers schemas
        return new AvroSerde<>(EnrichedReport.class, client, false, false);
    }
}
