package io.watchfloor.store.domain.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedSourceTest {
    private static final Instant NOW = Instant.parse("2025-07-02T12:00:00Z");

    @Test
    void shouldBeStaleAfterThreeIntervalsWithoutASuccessfulPoll() {
        assertFalse(feed(NOW.minusSeconds(899), 0).stale(NOW));
        assertTrue(feed(NOW.minusSeconds(901), 0).stale(NOW));
        assertTrue(feed(null, 0).stale(NOW), "never polled successfully");
    }

    @Test
    void shouldBeHealthyOnlyWhenFreshAndNotFailing() {
        assertTrue(feed(NOW.minusSeconds(60), 0).healthy(NOW));
        assertFalse(feed(NOW.minusSeconds(60), 2).healthy(NOW));
    }

    private static FeedSource feed(Instant lastSuccess, int failures) {
        return new FeedSource("s", "Feed", "https://f.example/rss", 300, "ok", NOW, lastSuccess, 200, 0, 0, 0, 0, 0,
                1, 1, failures, null, null, null);
    }
}
