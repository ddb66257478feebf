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

    @Test
    void shouldCollectTheItemsOfAMultiItemRequestByIndex() {
        Map<String, String> key = PublishedKeys.attributes("batch-1", new byte[] {7});
        keys.apply(report("r-a", PublishedKeys.itemAttributes(key, 0), NOW));
        keys.apply(report("r-c", PublishedKeys.itemAttributes(key, 2), NOW.plusSeconds(1)));
        keys.apply(report("r-c", PublishedKeys.itemAttributes(key, 2), NOW.plusSeconds(2))); // replayed record
        // the same key with another request: the first use wins, its items are not mixed in
        keys.apply(report("r-x", PublishedKeys.itemAttributes(PublishedKeys.attributes("batch-1", new byte[] {8}),
                1), NOW));

        PublishedKeys.Published p = keys.find(PublishedKeys.sha256Hex("batch-1")).orElseThrow();
        assertTrue(p.multiItem());
        assertEquals("07", p.requestSha256());
        assertEquals(Map.of(0, "r-a", 2, "r-c"), p.items());
        assertEquals(NOW, p.at(), "the key's age counts from its first record");
    }

    @Test
    void shouldNotMixASingleReportKeyWithItems() {
        Map<String, String> key = PublishedKeys.attributes("k", new byte[] {1});
        keys.apply(report("r-1", key, NOW));
        keys.apply(report("r-2", PublishedKeys.itemAttributes(key, 0), NOW));
        PublishedKeys.Published p = keys.find(PublishedKeys.sha256Hex("k")).orElseThrow();
        assertEquals("r-1", p.reportId());
        assertEquals(Map.of(), p.items());
        assertEquals(Map.of(), PublishedKeys.itemAttributes(Map.of(), 3), "no key, no attributes");
    }

    private static Report report(String id, Map<String, String> attributes, Instant at) {
        return new Report(id, new ReportSource("http", "api", null, null), null, "t", "text", "text/plain", null,
                null, at, "h", new HashMap<>(attributes), 1, null);
    }
}
