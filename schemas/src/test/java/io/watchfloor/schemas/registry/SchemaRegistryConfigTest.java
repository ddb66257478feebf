package io.watchfloor.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.avro.RawReport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

    @Test
    void shouldApplyDefaults() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of("http://localhost:8081/");

        assertEquals("http://localhost:8081", config.url());
        assertTrue(config.autoRegister());
        assertNull(config.username());
        assertNull(config.password());
        assertEquals(3, config.maxRetries());
        assertEquals(Duration.ofMillis(100), config.initialBackoff());
        assertEquals(Duration.ofSeconds(2), config.requestTimeout());
        assertEquals(Duration.ofSeconds(5), config.callTimeout());
    }

    @Test
    void shouldMoveUrlCredentialsIntoFields() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of("https://bob:s%3Acret@registry.example:8081/sr");

        assertEquals("https://registry.example:8081/sr", config.url());
        assertEquals("bob", config.username());
        assertEquals("s:cret", config.password());
        assertFalse(config.toString().contains("cret"), "toString hides the password");
    }

    @Test
    void shouldPreferExplicitCredentials() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of("http://localhost:8081").withBasicAuth("a", "b");

        assertEquals("a", config.username());
        assertEquals("b", config.password());
    }

    @Test
    void shouldReadConfluentPropertyNames() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://sr:8081",
                "auto.register.schemas", "false",
                "basic.auth.user.info", "key:secret:with:colons",
                "schema.registry.max.retries", "2",
                "schema.registry.retry.backoff.ms", "250"));

        assertEquals("http://sr:8081", config.url());
        assertFalse(config.autoRegister());
        assertEquals("key", config.username());
        assertEquals("secret:with:colons", config.password());
        assertEquals(2, config.maxRetries());
        assertEquals(Duration.ofMillis(250), config.initialBackoff());
    }

    @Test
    void shouldRejectBadUrlsWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchemaRegistryConfig.of("localhost:8081"));
        assertTrue(e.getMessage().contains("http://"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SchemaRegistryConfig.of(" "));
        assertThrows(IllegalArgumentException.class, () -> SchemaRegistryConfig.of("http://user@host:8081"));
    }

    @Test
    void shouldShareMockRegistriesPerScope() {
        SchemaRegistryClient a = SchemaRegistryClients.forUrl("mock://config-test-a");
        SchemaRegistryClient again = SchemaRegistryClients.forUrl("mock://config-test-a");
        SchemaRegistryClient b = SchemaRegistryClients.forUrl("mock://config-test-b");

        int id = a.register("s-value", RawReport.getClassSchema());

        assertInstanceOf(InMemorySchemaRegistryClient.class, a);
        assertSame(a, again);
        assertNotSame(a, b);
        assertEquals(RawReport.getClassSchema(), again.getById(id));
        assertThrows(UnknownSchemaException.class, () -> b.getById(id));
        SchemaRegistryClients.dropMockScope("config-test-a");
        assertNotSame(a, SchemaRegistryClients.forUrl("mock://config-test-a"));
    }

    @Test
    void shouldCreateHttpClientForHttpUrls() {
        assertInstanceOf(HttpSchemaRegistryClient.class, SchemaRegistryClients.forUrl("http://127.0.0.1:1"));
    }
}
