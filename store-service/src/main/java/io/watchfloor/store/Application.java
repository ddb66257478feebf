package io.watchfloor.store;

import io.micronaut.runtime.Micronaut;

/** store-service: persists enriched reports in PostgreSQL and serves the query API. */
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
