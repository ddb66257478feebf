package io.watchfloor.ingest;

import io.micronaut.runtime.Micronaut;

/** ingest-service: accepts reports over HTTP (and from feeds) and publishes them as raw reports. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                    "io.watchfloor.schemas.avro,java.lang,java.util,org.apache.avro");
        }
        Micronaut.run(Application.class, args);
    }
}
