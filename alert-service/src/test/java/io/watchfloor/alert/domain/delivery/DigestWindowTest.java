package io.watchfloor.alert.domain.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Digest windows aligned to the epoch: the hour, the day, and the edges. */
class DigestWindowTest {

    @Test
    void shouldPutAnAlertInTheHourItWasRaisedIn() {
        DigestWindow w = DigestWindow.containing(Instant.parse("2026-12-01T10:42:17.5Z"),
                Duration.ofHours(1));
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), w.start());
        assertEquals(Instant.parse("2026-12-01T11:00:00Z"), w.closesAt());
        assertEquals("sub-1@2026-12-01T10:00:00Z", w.key("sub-1"));
    }

    @Test
    void shouldStartANewWindowExactlyAtTheBoundary() {
        Instant boundary = Instant.parse("2026-12-01T11:00:00Z");
        DigestWindow w = DigestWindow.containing(boundary, Duration.ofHours(1));
        assertEquals(boundary, w.start());
        assertTrue(w.contains(boundary));
        assertFalse(w.contains(Instant.parse("2026-12-01T12:00:00Z")), "end is exclusive");
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"),
                DigestWindow.containing(boundary.minusMillis(1), Duration.ofHours(1)).start());
    }

    @Test
    void shouldAlignDaysToUtcMidnightAndOddLengthsToTheEpoch() {
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"),
                DigestWindow.containing(Instant.parse("2026-12-01T23:59:59Z"), Duration.ofDays(1)).start());
        DigestWindow sevenMinutes = DigestWindow.containing(Instant.ofEpochSecond(1_000),
                Duration.ofMinutes(7));
        assertEquals(Instant.ofEpochSecond(840), sevenMinutes.start());
        assertEquals(Instant.ofEpochSecond(1_260), sevenMinutes.end());
        assertEquals(Instant.parse("1969-12-31T23:00:00Z"),
                DigestWindow.containing(Instant.parse("1969-12-31T23:30:00Z"), Duration.ofHours(1)).start());
        assertThrows(IllegalArgumentException.class,
                () -> DigestWindow.containing(Instant.EPOCH, Duration.ZERO));
    }
}
