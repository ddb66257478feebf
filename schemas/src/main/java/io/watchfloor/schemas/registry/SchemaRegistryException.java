package io.watchfloor.schemas.registry;

/** The registry refused a request or could not be reached; the message says which and what to check. */
public class SchemaRegistryException extends RuntimeException {
    private final int status;

    public SchemaRegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public SchemaRegistryException(String message) {
        this(message, -1, null);
    }

    /** The HTTP status, or -1 when no answer came. */
    public int status() {
        return status;
    }
}
