package io.watchfloor.schemas.registry;

/** The registry has no schema with the given id, or the subject does not hold the given schema. */
public class UnknownSchemaException extends SchemaRegistryException {
    public UnknownSchemaException(String message) {
        super(message, 404, null);
    }
}
