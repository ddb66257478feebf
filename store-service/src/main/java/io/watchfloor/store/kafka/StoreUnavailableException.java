package io.watchfloor.store.kafka;

/**
 * A dependency the store needs is down (database, dead-letter topic or schema registry). The batch is
 * neither committed nor dead-lettered; the consumer rewinds, pauses and retries with backoff.
 */
public class StoreUnavailableException extends Exception {
    /** Which dependency failed. */
    public enum Dependency { DATABASE, DEAD_LETTER_TOPIC, SCHEMA_REGISTRY }

    private final Dependency dependency;

    public StoreUnavailableException(Dependency dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    public Dependency dependency() {
        return dependency;
    }
}
