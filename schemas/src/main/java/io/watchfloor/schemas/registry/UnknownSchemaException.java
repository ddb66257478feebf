package io.watchfloor.schemas.registry;

/** The registry has no schema with the given id, or the subject does not hold the given schema. */
public class UnknownSchemaException extends SchemaRegistryException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;

    public UnknownSchemaException(String message) {
        super(message, 404, SCHEMA_NOT_FOUND, null);
    }

    public UnknownSchemaException(String message, int errorCode) {
        super(message, 404, errorCode, null);
    }
}
