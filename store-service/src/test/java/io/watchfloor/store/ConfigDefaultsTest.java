package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** application.yml resolves to the local-stack defaults when no environment variable overrides them. */
class ConfigDefaultsTest {

    @Test
    void shouldPointAtTheLocalStackByDefault() {
        for (String name : List.of("DB_URL", "DB_USER", "DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
                "STORE_PORT")) {
            assumeTrue(System.getenv(name) == null, name + " is set in this environment");
        }
        try (ApplicationContext ctx = ApplicationContext.builder().deduceEnvironment(false).build()) {
            Environment env = ctx.getEnvironment().start();

            assertEquals("store-service", prop(env, "micronaut.application.name"));
            assertEquals("8082", prop(env, "micronaut.server.port"));
            assertEquals("jdbc:postgresql://localhost:5433/watchfloor", prop(env, "datasources.default.url"));
            assertEquals("watchfloor", prop(env, "datasources.default.username"));
            assertEquals("watchfloor", prop(env, "datasources.default.password"));
            assertEquals("localhost:9092", prop(env, "kafka.bootstrap.servers"));
            assertEquals("http://localhost:8081", prop(env, "watchfloor.schema-registry.url"));
            assertEquals("store-service", prop(env, "watchfloor.store.group-id"));
            assertEquals("true", prop(env, "flyway.datasources.default.enabled"));
        }
    }

    private static String prop(Environment env, String name) {
        return env.getProperty(name, String.class).orElse(null);
    }
}
