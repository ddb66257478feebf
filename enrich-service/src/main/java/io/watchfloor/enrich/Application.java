package io.watchfloor.enrich;

import io.micronaut.runtime.Micronaut;

/** enrich-service: hosts the enrichment Streams topology. */
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
