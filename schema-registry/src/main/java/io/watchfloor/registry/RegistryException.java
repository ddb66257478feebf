package io.watchfloor.registry;

/** A request the registry refuses, with the HTTP status and Confluent {@code error_code} to answer with. */
public final class RegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    public static final int INCOMPATIBLE = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INVALID_SUBJECT = 42208;
    public static final int STORE_ERROR = 50001;

    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    public RegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, String version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "Version " + version + " not found for subject '"
                + subject + "'.");
    }

    static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema not found: " + what);
    }

    static RegistryException invalidSchema(String why) {
        return new RegistryException(422, INVALID_SCHEMA, "Invalid schema: " + why);
    }
}
