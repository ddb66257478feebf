package io.watchfloor.store.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.edge.deadletter.DeadLetterTopicHealth;
import io.watchfloor.edge.kafka.ClientSettings;
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

    /**
     * The {@code deadLetterTopic} entry of /health: DOWN, naming the topic, while the broker says the store's
     * dead-letter topic does not exist (asked every 5 s), before any record needs it.
     */
    @Singleton
    @Bean(preDestroy = "close")
    DeadLetterTopicHealth deadLetterTopic(ClientSettings kafka, StoreSettings settings) {
        return DeadLetterTopicHealth.watching(kafka, settings.groupId() + "-dead-letter-health",
                settings.deadLetterTopic(), "a record that must be dead-lettered is not committed: the consumer "
                + "pauses and retries it with backoff (nothing is skipped or lost) while the records behind it wait");
    }

    @Singleton
    AvroSerde<EnrichedReport> enrichedReportSerde(SchemaRegistryClient client) {
        // the store only reads: it never registers schemas
        return new AvroSerde<>(EnrichedReport.class, client, false, false);
    }
}
