package io.watchfloor.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** API key parsing and matching. */
class ApiKeysTest {

    @Test
    void shouldBeOffWithoutKeys() {
        assertFalse(new ApiKeys(null).enabled());
        assertFalse(new ApiKeys(List.of("", " , ")).enabled());
    }

    @Test
    void shouldSplitCommaSeparatedEntriesAndMatchOnlyExactKeys() {
        ApiKeys keys = new ApiKeys(List.of(" alpha-key , beta-key", "gamma"));
        assertEquals(3, keys.count());
        assertTrue(keys.matches("alpha-key"));
        assertTrue(keys.matches("beta-key"));
        assertTrue(keys.matches("gamma"));
        assertFalse(keys.matches("alpha"));
        assertFalse(keys.matches("alpha-key "));
        assertFalse(keys.matches("ALPHA-KEY"));
        assertFalse(keys.matches(""));
        assertFalse(keys.matches(null));
    }

    @Test
    void shouldTakeTheKeyFromEitherHeader() {
        assertEquals("k1", ApiKeys.presented("k1", "Bearer other"));
        assertEquals("k2", ApiKeys.presented(null, "Bearer k2"));
        assertEquals("k3", ApiKeys.presented(" ", "bearer  k3 "));
        assertNull(ApiKeys.presented(null, "Basic dXNlcjpwdw=="));
        assertNull(ApiKeys.presented(null, "Bearer "));
        assertNull(ApiKeys.presented(null, null));
    }

    @Test
    void shouldReadTheBasicAuthPasswordAsTheKeyWhateverTheUser() {
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString("anyone:read-key:with-colon"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("read-key:with-colon", ApiKeys.basicPassword(header));
        assertEquals("k", ApiKeys.basicPassword("basic " + java.util.Base64.getEncoder().encodeToString(":k".getBytes())));
        assertNull(ApiKeys.basicPassword("Basic Zmlyc3Qta2V5"), "no colon: no password");
        assertNull(ApiKeys.basicPassword("Basic " + java.util.Base64.getEncoder().encodeToString("u:".getBytes())));
        assertNull(ApiKeys.basicPassword("Basic !!not-base64"));
        assertNull(ApiKeys.basicPassword("Bearer abc"));
        assertNull(ApiKeys.basicPassword(null));
    }

    @Test
    void shouldKeepHealthAndPrometheusOpen() {
        assertTrue(ApiKeyFilter.alwaysOpen("/health"));
        assertTrue(ApiKeyFilter.alwaysOpen("/health/liveness"));
        assertTrue(ApiKeyFilter.alwaysOpen("/prometheus"));
        assertFalse(ApiKeyFilter.alwaysOpen("/healthz"));
        assertFalse(ApiKeyFilter.alwaysOpen("/reports"));
        assertFalse(ApiKeyFilter.alwaysOpen("/ui/"));
    }
}
