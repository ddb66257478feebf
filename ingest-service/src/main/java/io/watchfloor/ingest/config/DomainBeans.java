package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.Factory;
import io.watchfloor.ingest.domain.ReportFactory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Hands the plain-Java domain objects, built from configuration, to Micronaut. */
@Factory
public class DomainBeans {

    @Singleton
    ReportFactory reportFactory(IngestProperties properties) {
        return new ReportFactory(properties.limits(), Clock.systemUTC());
    }
}
