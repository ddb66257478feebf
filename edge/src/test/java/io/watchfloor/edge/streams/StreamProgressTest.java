package io.watchfloor.edge.streams;

import io.watchfloor.testsupport.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.testsupport.Publishers;
import java.time.Duration;
import java.time.Instant;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;

/** The stalled-stream decision, the handler that counts thread deaths and the /health entry built on them. */
class StreamProgressTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T10:00:00Z"));

    private void advance(Duration d) {
        clock.advance(d);
    }

    @Test
    void shouldStallOnlyAfterRepeatedFailuresWithoutProgressInTheWindow() {
        StreamProgress progress = progress(3, Duration.ofMinutes(5));
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
        StreamProgress progress = progress(2, Duration.ofMinutes(1));
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
                () -> new StreamProgress(0, Duration.ofMinutes(1), clock, "watchfloor.x.stalled-after-failures", ""));
        assertTrue(e.getMessage().contains("watchfloor.x.stalled-after-failures"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new StreamProgress(1, Duration.ZERO, clock, "watchfloor.x.stalled-after-failures", ""));
    }

    @Test
    void shouldNameWhatToCheckInTheReason() {
        StreamProgress progress = progress(1, Duration.ofMinutes(1));
        progress.threadFailed(new IllegalStateException("registry down"));
        String reason = (String) progress.details().get("reason");
        assertTrue(reason.contains("registry down") && reason.contains("Check the registry."), reason);
    }

    @Test
    void shouldReplaceAFailedThreadAndTurnHealthDownUntilARecordIsProcessed() {
        StreamProgress progress = progress(2, Duration.ofMinutes(5));
        StreamThreadFailures handler = new StreamThreadFailures(progress, "check the registry");
        StreamProgressHealth health = new StreamProgressHealth(progress, "testProgress");
        assertEquals(HealthStatus.UP, status(health));

        assertEquals(StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD,
                handler.handle(new IllegalStateException("first")));
        assertEquals(HealthStatus.UP, status(health), "one failure is a blip");
        advance(Duration.ofSeconds(3));
        handler.handle(new IllegalStateException("second"));
        HealthResult down = result(health);
        assertEquals(HealthStatus.DOWN, down.getStatus());
        assertEquals("testProgress", down.getName());
        assertTrue(String.valueOf(((java.util.Map<?, ?>) down.getDetails()).get("reason")).contains("second"),
                String.valueOf(down.getDetails()));

        progress.progressed();
        assertEquals(HealthStatus.UP, status(health));
    }

    private static HealthStatus status(StreamProgressHealth health) {
        return result(health).getStatus();
    }

    /** The indicator's one result (its publisher answers at once). */
    private static HealthResult result(StreamProgressHealth health) {
        return Publishers.first(health.getResult());
    }

    private StreamProgress progress(int failures, Duration window) {
        return new StreamProgress(failures, window, clock, "watchfloor.x.stalled-after-failures",
                "Check the registry.");
    }
}
