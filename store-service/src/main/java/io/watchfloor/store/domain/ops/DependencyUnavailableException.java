package io.watchfloor.store.domain.ops;

/** A service or topic a page summarises did not answer (ingest-service, the dead-letter topic). */
public class DependencyUnavailableException extends Exception {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
