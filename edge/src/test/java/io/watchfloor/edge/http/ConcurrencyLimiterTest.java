package io.watchfloor.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limiter's accounting as plain Java: slots, queue, hand-over, timeout, double release. */
class ConcurrencyLimiterTest {

    @Test
    void shouldHandAFreedSlotToTheWaiterAndRefuseBeyondTheQueue() throws Exception {
        try (ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, Duration.ofSeconds(30))) {
            ConcurrencyLimiter.Permit first = limiter.acquire().getNow(null);
            assertNotNull(first);
            CompletableFuture<ConcurrencyLimiter.Permit> waiting = limiter.acquire();
            assertTrue(!waiting.isDone());
            assertNull(limiter.acquire().getNow(null), "queue full: refused at once");
            assertEquals(1, limiter.inFlight());
            assertEquals(1, limiter.queued());

            first.release();
            first.release();
            ConcurrencyLimiter.Permit second = waiting.get(5, TimeUnit.SECONDS);
            assertNotNull(second);
            assertEquals(1, limiter.inFlight(), "the slot passed on, and a double release freed nothing more");
            assertEquals(0, limiter.queued());
            second.release();
            assertEquals(0, limiter.inFlight());
        }
    }

    @Test
    void shouldRefuseAWaiterWhenItsWaitIsOver() throws Exception {
        try (ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 4, Duration.ofMillis(100))) {
            ConcurrencyLimiter.Permit held = limiter.acquire().getNow(null);
            assertNull(limiter.acquire().get(5, TimeUnit.SECONDS));
            assertEquals(0, limiter.queued());
            held.release();
            assertEquals(0, limiter.inFlight());
        }
    }
}
