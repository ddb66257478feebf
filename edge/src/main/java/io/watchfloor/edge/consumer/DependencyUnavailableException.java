package io.watchfloor.edge.consumer;

/**
 * Something a batch needs is down (a database, the dead-letter topic, the schema registry). The batch is
 * neither committed nor dead-lettered: {@link PausingBatchConsumer} rewinds, pauses and retries with backoff.
 */
public class DependencyUnavailableException extends Exception {
    private final String dependency;

    public DependencyUnavailableException(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    /** A short name for logs and health: {@code database}, {@code dead-letter-topic}, {@code schema-registry}. */
    public String dependency() {
        return dependency;
    }
}
