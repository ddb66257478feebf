package io.watchfloor.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** A registry held in memory, for unit and topology tests. Ids are global and start at 1. */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, Map<Schema, Integer>> subjects = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = idBySchema.computeIfAbsent(schema, s -> {
            int next = byId.size() + 1;
            byId.put(next, s);
            return next;
        });
        subjects.computeIfAbsent(subject, k -> new HashMap<>()).put(schema, id);
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        Integer id = subjects.getOrDefault(subject, Map.of()).get(schema);
        if (id == null) {
            throw new UnknownSchemaException("Schema not registered under subject " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new UnknownSchemaException("Unknown schema id " + id);
        }
        return schema;
    }
}
