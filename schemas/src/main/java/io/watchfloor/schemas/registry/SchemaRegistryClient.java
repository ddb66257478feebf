package io.watchfloor.schemas.registry;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API the serde needs. Implementations cache by id
 * and by schema: once an id is known it is never asked for again.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject, without registering it. */
    int getId(String subject, Schema schema);

    /** The schema with this global id; {@link UnknownSchemaException} when the registry has none. */
    Schema getById(int id);

    @Override
    default void close() {
    }
}
