package io.watchfloor.registry;

import java.util.function.BiConsumer;

/**
 * The registry's durable, ordered log of key/value records (the compacted {@code _schemas} topic in production).
 * A null value is a tombstone.
 */
public interface RegistryLog extends AutoCloseable {

    /** Appends one record and returns only once it is durably stored; throws when it could not be. */
    void append(String key, String value);

    /** Hands every record appended since the last call (all of them on the first call) to the handler, in order. */
    void readNew(BiConsumer<String, String> handler);

    @Override
    void close();
}
