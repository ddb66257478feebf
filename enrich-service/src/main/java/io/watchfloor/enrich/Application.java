package io.watchfloor.enrich;

import io.micronaut.runtime.Micronaut;
import io.watchfloor.schemas.AvroTrust;

/** enrich-service: hosts the enrichment Streams topology. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        AvroTrust.install();
        Micronaut.run(Application.class, args);
    }
}
