package io.watchfloor.store.config;

import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary bridge to {@code io.watchfloor.schemas.registry.SchemaRegistryClients.forUrl(url)}: uses it when
 * the schemas module provides it, else serves {@code mock://<scope>} urls with one in-memory client per scope.
 * Replace with a direct call once SchemaRegistryClients is released.
 */
public final class RegistryClients {
    private static final String SHARED_FACTORY = "io.watchfloor.schemas.registry.SchemaRegistryClients";
    private static final Map<String, SchemaRegistryClient> MOCKS = new ConcurrentHashMap<>();

    private RegistryClients() {
    }

    /** A client for the url: the schemas module's factory when present, else an in-memory mock:// client. */
    public static SchemaRegistryClient forUrl(String url) {
        Method shared = sharedFactory();
        if (shared != null) {
            try {
                return (SchemaRegistryClient) shared.invoke(null, url);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("SchemaRegistryClients.forUrl(" + url + ") failed: " + e, e);
            }
        }
        if (url.startsWith("mock://")) {
            return MOCKS.computeIfAbsent(url.substring("mock://".length()), s -> new InMemorySchemaRegistryClient());
        }
        throw new IllegalStateException("No HTTP schema-registry client on the classpath for " + url
                + ": install a schemas module that provides SchemaRegistryClients, or use a mock:// url in tests");
    }

    private static Method sharedFactory() {
        try {
            return Class.forName(SHARED_FACTORY).getMethod("forUrl", String.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }
}
