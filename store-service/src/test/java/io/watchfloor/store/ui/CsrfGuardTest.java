package io.watchfloor.store.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {

    @Test
    void shouldSignTheCookieValueSoAnotherKeyOrValueGivesAnotherToken() {
        CsrfGuard a = new CsrfGuard(CsrfGuard.keyFor("key-one"));
        CsrfGuard sameKey = new CsrfGuard(CsrfGuard.keyFor("key-one"));
        CsrfGuard other = new CsrfGuard(CsrfGuard.keyFor("key-two"));
        String cookie = "A".repeat(43);
        assertEquals(a.token(cookie), sameKey.token(cookie), "instances sharing the alerts key accept each other");
        assertNotEquals(a.token(cookie), other.token(cookie));
        assertNotEquals(a.token(cookie), a.token("B".repeat(43)));
        assertTrue(a.token(cookie).matches("[A-Za-z0-9_-]{43}"), a.token(cookie));
    }

    @Test
    void shouldUseARandomKeyWithoutAnApiKeyAndNeverTheApiKeyItself() {
        assertFalse(java.util.Arrays.equals(CsrfGuard.keyFor(null), CsrfGuard.keyFor(null)));
        assertFalse(java.util.Arrays.equals(CsrfGuard.keyFor(""), CsrfGuard.keyFor(" ")));
        assertArrayEquals(CsrfGuard.keyFor("k"), CsrfGuard.keyFor(" k "));
        assertFalse(new String(CsrfGuard.keyFor("secret-key"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("secret-key"));
    }

    @Test
    void shouldCompareTheOriginWithTheHostHeader() {
        assertTrue(CsrfGuard.sameHost("http://127.0.0.1:8082", "127.0.0.1:8082"));
        assertTrue(CsrfGuard.sameHost("http://Localhost", "localhost"));
        assertTrue(CsrfGuard.sameHost("https://ui.example.org", "ui.example.org"));
        assertTrue(CsrfGuard.sameHost("http://[::1]:8082", "[::1]:8082"));
        assertFalse(CsrfGuard.sameHost("http://127.0.0.1:8082", "127.0.0.1:8083"));
        assertFalse(CsrfGuard.sameHost("http://evil.example", "127.0.0.1:8082"));
        assertFalse(CsrfGuard.sameHost("http://127.0.0.1.evil.example:8082", "127.0.0.1:8082"));
        assertFalse(CsrfGuard.sameHost("http://127.0.0.1:8082", null));
        assertFalse(CsrfGuard.sameHost("not a url", "127.0.0.1:8082"));
    }
}
