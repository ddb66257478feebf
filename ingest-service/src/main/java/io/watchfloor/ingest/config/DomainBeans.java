package io.watchfloor.ingest.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.ingest.domain.PublishedKeys;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.intake.ReportIngestor;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.intake.Revisions;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Hands the plain-Java domain objects and the intake use case, built from configuration, to Micronaut. */
@Factory
public class DomainBeans {

    @Singleton
    ReportFactory reportFactory(IngestProperties properties) {
        return new ReportFactory(properties.limits(), Clock.systemUTC());
    }

    /** Idempotency keys read back from the raw topic, bounded like the in-memory answers. */
    @Singleton
    PublishedKeys publishedKeys(IngestProperties properties) {
        return new PublishedKeys(properties.idempotencyMaxKeys(), properties.idempotencyTtl(), Clock.systemUTC());
    }

    @Singleton
    ReportIngestor reportIngestor(ReportFactory factory, ReportPublisher publisher, Revisions revisions,
                                  IngestProperties properties, MeterRegistry meters) {
        return new ReportIngestor(factory, publisher, revisions, properties.publishTimeout(),
                properties.maxBatchItems(), meters);
    }
}
