package io.watchfloor.edge.registry;

import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.registry.UnknownSchemaException;

/**
 * Tells a registry outage from a bad record while decoding: an unreachable registry (or a 5xx/429 answer) is an
 * outage to wait out, never a reason to dead-letter; an unknown schema id is the record's own fault.
 */
public final class RegistryFailures {
    private RegistryFailures() {
    }

    /** True when {@code e} (or a cause) says the registry could not be asked, so the record is not to blame. */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownSchemaException) {
                return false;
            }
            if (t instanceof SchemaRegistryException sre) {
                return sre.retriable();
            }
        }
        return false;
    }
}
