package io.watchfloor.store;

import io.micronaut.runtime.Micronaut;
import io.watchfloor.schemas.AvroTrust;

/** store-service: persists enriched reports in PostgreSQL and serves the query API. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        AvroTrust.install();
        Micronaut.run(Application.class, args);
    }
}
