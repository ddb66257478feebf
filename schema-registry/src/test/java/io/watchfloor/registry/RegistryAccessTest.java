package io.watchfloor.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryAccessTest {
    @Test
    void shouldTreatRegisterConfigChangesAndDeletesAsWrites() {
        assertTrue(RegistryAccess.isWrite("POST", "/subjects/a-value/versions"));
        assertTrue(RegistryAccess.isWrite("POST", "/subjects/a-value/versions/"));
        assertTrue(RegistryAccess.isWrite("PUT", "/config"));
        assertTrue(RegistryAccess.isWrite("PUT", "/config/a-value"));
        assertTrue(RegistryAccess.isWrite("DELETE", "/config/a-value"));
        assertTrue(RegistryAccess.isWrite("DELETE", "/subjects/a-value"));
        assertTrue(RegistryAccess.isWrite("delete", "/subjects/a-value/versions/1"));
        assertTrue(RegistryAccess.isWrite("PUT", "/mode"));
    }

    @Test
    void shouldTreatLookupsChecksAndGetsAsReads() {
        assertFalse(RegistryAccess.isWrite("GET", "/schemas/ids/1"));
        assertFalse(RegistryAccess.isWrite("GET", "/subjects/a-value/versions"));
        assertFalse(RegistryAccess.isWrite("POST", "/subjects/a-value"));
        assertFalse(RegistryAccess.isWrite("POST", "/compatibility/subjects/a-value/versions/latest"));
        assertFalse(RegistryAccess.isWrite("GET", "/config"));
    }

    @Test
    void shouldBeOffOnlyWhenNoUsersAreSet() {
        assertFalse(new RegistryAccess(Map.of(), Map.of()).enabled());
        assertTrue(new RegistryAccess(Map.of(), Map.of("ci", "x")).enabled());
        assertTrue(new RegistryAccess(Map.of("svc", "y"), Map.of()).enabled());
    }
}
