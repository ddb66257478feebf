package io.watchfloor.alert;

import io.micronaut.runtime.Micronaut;
import io.watchfloor.schemas.AvroTrust;

/** alert-service: subscriptions on the enriched stream, matching, alerts and their delivery. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        AvroTrust.install();
        Micronaut.run(Application.class, args);
    }
}
