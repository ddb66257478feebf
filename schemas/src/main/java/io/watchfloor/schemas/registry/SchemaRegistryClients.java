package io.watchfloor.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates registry clients from a URL: {@code http(s)://...} talks to a Confluent-compatible registry,
 * {@code mock://<scope>} gives an in-memory registry shared by everyone using the same scope in this JVM.
 */
public final class SchemaRegistryClients {
    private static final Map<String, InMemorySchemaRegistryClient> MOCKS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(SchemaRegistryConfig config) {
        if (config.isMock()) {
            return MOCKS.computeIfAbsent(config.mockScope(), scope -> new InMemorySchemaRegistryClient());
        }
        return new HttpSchemaRegistryClient(config);
    }

    public static SchemaRegistryClient forUrl(String url) {
        return create(SchemaRegistryConfig.of(url));
    }

    /** Forgets the in-memory registry of a {@code mock://} scope (between tests). */
    public static void dropMockScope(String scope) {
        MOCKS.remove(scope);
    }
}
