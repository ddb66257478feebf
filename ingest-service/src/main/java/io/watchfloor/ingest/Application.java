package io.watchfloor.ingest;

import io.micronaut.runtime.Micronaut;
import io.watchfloor.schemas.AvroTrust;

/** ingest-service: accepts reports over HTTP (and from feeds) and publishes them as raw reports. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        AvroTrust.install();
        Micronaut.run(Application.class, args);
    }
}
