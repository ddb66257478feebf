package io.watchfloor.enrich.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamProgressTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void shouldStallOnlyAfterRepeatedFailuresWithoutProgressInTheWindow() {
        StreamProgress progress = new StreamProgress(3, Duration.ofMinutes(5), clock);
        progress.progressed();
        RuntimeException outage = new RuntimeException("lookup failed",
                new java.net.ConnectException("Connection refused"));

        progress.threadFailed(outage);
        advance(Duration.ofSeconds(10));
        progress.threadFailed(outage);
        assertFalse(progress.stalled(), "two failures are a blip");

        advance(Duration.ofSeconds(10));
        progress.threadFailed(outage);
        assertTrue(progress.stalled());
        String reason = (String) progress.details().get("reason");
        assertTrue(reason.contains("failed 3 times") && reason.contains("Connection refused"), reason);
        assertEquals(3, progress.details().get("threadFailuresInWindow"));

        progress.progressed();
        assertFalse(progress.stalled(), "one processed record clears it");
        assertFalse(progress.details().containsKey("reason"));
    }

    @Test
    void shouldForgetFailuresOlderThanTheWindow() {
        StreamProgress progress = new StreamProgress(2, Duration.ofMinutes(1), clock);
        progress.threadFailed(new IllegalStateException("one"));
        advance(Duration.ofMinutes(2));
        progress.threadFailed(new IllegalStateException("two"));
        assertFalse(progress.stalled(), "the first failure left the window");
        advance(Duration.ofSeconds(5));
        progress.threadFailed(new IllegalStateException("three"));
        assertTrue(progress.stalled(), "never progressed, two failures within a minute");
        assertEquals(3L, progress.details().get("threadFailuresTotal"));
    }

    @Test
    void shouldRefuseAThresholdBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamProgress(0, Duration.ofMinutes(1), clock));
        assertTrue(e.getMessage().contains("watchfloor.enrich.stalled-after-failures"));
    }
}
