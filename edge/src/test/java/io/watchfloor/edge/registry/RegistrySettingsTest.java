package io.watchfloor.edge.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.registry.UnknownSchemaException;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    @Test
    void shouldCarryBasicAuthAndBoundedRetriesIntoTheClientConfig() {
        SchemaRegistryConfig config = new RegistrySettings("http://registry:8081", false, "svc:pa:ss", 2,
                Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(3)).toConfig();

        assertEquals("svc", config.username());
        assertEquals("pa:ss", config.password());
        assertFalse(config.autoRegister());
        assertEquals(2, config.maxRetries());
        assertEquals(Duration.ofSeconds(3), config.callTimeout());
        assertFalse(config.toString().contains("pa:ss"), "never print the password");
    }

    @Test
    void shouldIgnoreAnEmptyUserInfoAndRefuseOneWithoutPassword() {
        assertFalse(new RegistrySettings("http://r:8081", true, "", 3, Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(5)).toConfig().hasBasicAuth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RegistrySettings(
                "http://r:8081", true, "svc", 3, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(5)).toConfig());
        assertTrue(e.getMessage().contains("user:password"), e.getMessage());
    }

    @Test
    void shouldTellARegistryOutageFromABadRecord() {
        assertTrue(RegistryFailures.isOutage(new SerializationException("x",
                new SchemaRegistryException("connection refused", -1, null))));
        assertFalse(RegistryFailures.isOutage(new SerializationException("x",
                new UnknownSchemaException("Unknown schema id 99"))));
        assertFalse(RegistryFailures.isOutage(new SerializationException("Unknown magic byte 7")));
    }
}
