package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idempotency keys read back from raw-topic records: found by key hash, first use wins, TTL, bound. */
class PublishedKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private final PublishedKeys keys = new PublishedKeys(2, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldFindTheReportOfAKeyWithItsRequestHash() {
        keys.apply(report("r-1", PublishedKeys.attributes("key-1", new byte[] {1, 2}), NOW));
        PublishedKeys.Published p = keys.find(PublishedKeys.sha256Hex("key-1")).orElseThrow();
        assertEquals("r-1", p.reportId());
        assertEquals("0102", p.requestSha256());
        assertTrue(keys.find(PublishedKeys.sha256Hex("key-2")).isEmpty());
    }

    @Test
    void shouldKeepTheFirstUseOfAKey() {
        keys.apply(report("r-1", PublishedKeys.attributes("key-1", new byte[] {1}), NOW));
        keys.apply(report("r-2", PublishedKeys.attributes("key-1", new byte[] {2}), NOW));
        assertEquals("r-1", keys.find(PublishedKeys.sha256Hex("key-1")).orElseThrow().reportId());
    }

    @Test
    void shouldForgetKeysOlderThanTheTtlAndBeyondTheBound() {
        keys.apply(report("r-old", PublishedKeys.attributes("old", new byte[] {1}), NOW.minus(Duration.ofHours(25))));
        assertTrue(keys.find(PublishedKeys.sha256Hex("old")).isEmpty());
        keys.apply(report("r-a", PublishedKeys.attributes("a", new byte[] {1}), NOW));
        keys.apply(report("r-b", PublishedKeys.attributes("b", new byte[] {1}), NOW));
        assertTrue(keys.find(PublishedKeys.sha256Hex("old")).isEmpty(), "evicted as the oldest of three");
        assertEquals("r-b", keys.find(PublishedKeys.sha256Hex("b")).orElseThrow().reportId());
    }

    @Test
    void shouldIgnoreReportsWithoutAKey() {
        keys.apply(report("r-1", Map.of(), NOW));
        keys.apply(report("r-2", Map.of(PublishedKeys.KEY_ATTRIBUTE, "abc"), NOW));
        assertTrue(keys.find("abc").isEmpty(), "a key without its request hash cannot be checked");
    }

    private static Report report(String id, Map<String, String> attributes, Instant at) {
        return new Report(id, new ReportSource("http", "api", null, null), null, "t", "text", "text/plain", null,
                null, at, "h", new HashMap<>(attributes), 1, null);
    }
}
