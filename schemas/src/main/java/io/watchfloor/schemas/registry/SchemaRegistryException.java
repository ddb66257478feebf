package io.watchfloor.schemas.registry;

/** The registry refused a request or could not be reached; the message says which and what to check. */
public class SchemaRegistryException extends RuntimeException {
    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int status, Throwable cause) {
        this(message, status, -1, cause);
    }

    public SchemaRegistryException(String message) {
        this(message, -1, -1, null);
    }

    /** The HTTP status, or -1 when no answer came. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 40403 schema not found), or -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when retrying later may succeed: no answer, a 5xx or a 429. */
    public boolean retriable() {
        return status == -1 || status == 429 || status >= 500;
    }
}
