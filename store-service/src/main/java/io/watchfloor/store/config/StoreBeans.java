package io.watchfloor.store.config;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.domain.DocumentFormat;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportReader;
import io.watchfloor.store.domain.ReportStore;
import io.watchfloor.store.domain.ReportWriter;
import io.watchfloor.store.domain.export.GroupDirectory;
import io.watchfloor.store.domain.export.MispMapper;
import io.watchfloor.store.domain.export.StixMapper;
import io.watchfloor.store.domain.export.TaxiiFeed;
import io.watchfloor.store.domain.trace.ReportTracer;
import io.watchfloor.store.domain.trace.TraceSources;
import jakarta.inject.Singleton;

/** Wires the domain use cases (writing, reading back, exporting) to their ports, and the consumer's serde. */
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
    ReportReader reportReader(ReportQueries queries, DocumentFormat format) {
        return new ReportReader(queries, format);
    }

    @Singleton
    StixMapper stixMapper(GroupDirectory directory) {
        return new StixMapper(directory);
    }

    @Singleton
    MispMapper mispMapper(GroupDirectory directory) {
        return new MispMapper(directory);
    }

    @Singleton
    TaxiiFeed taxiiFeed(ReportQueries queries, ReportReader reader, StixMapper mapper) {
        return new TaxiiFeed(queries, reader, mapper);
    }

    @Singleton
    AvroSerde<EnrichedReport> enrichedReportSerde(SchemaRegistryClient client) {
        // the store only reads: it never registers schemas
        return new AvroSerde<>(EnrichedReport.class, client, false, false);
    }
}
