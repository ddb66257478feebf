package io.watchfloor.alert.domain.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** sub-slow-* post to slow:443, sub-fast-* to fast:443. */
    private static final Function<String, String> LANES = sub -> sub.startsWith("sub-slow") ? "slow:443"
            : "fast:443";

    private DeliveryQueue queue;
    private long offset;

    @BeforeEach
    void setUp() {
        queue = new DeliveryQueue();
        queue.ready(0);
    }

    private PendingDelivery put(String sub, String alertId, Instant due) {
        PendingDelivery d = PendingDelivery.immediate(sub, alertId, new byte[] {1}, 0, 0, T0).retryAt(0, due, null,
                null);
        queue.apply(0, offset++, d.key(), d);
        return d;
    }

    private static List<String> ids(List<DeliveryQueue.Dispatch> dispatches) {
        return dispatches.stream().map(d -> d.job().webhookId()).toList();
    }

    @Test
    void shouldHandOutDueJobsEarliestFirstAndNothingNotYetDue() {
        put("sub-fast-1", "al-c", T0.plusSeconds(3));
        put("sub-fast-2", "al-a", T0.plusSeconds(1));
        put("sub-fast-3", "al-b", T0.plusSeconds(2));
        put("sub-fast-4", "al-later", T0.plusSeconds(60));

        assertEquals(List.of("al-a", "al-b", "al-c"), ids(queue.take(T0.plusSeconds(5), sub -> null, 2, 10)));
        assertEquals(T0.plusSeconds(1), queue.nextDue());
    }

    @Test
    void shouldKeepASlowEndpointToItsLaneSoOthersAreNotDelayed() {
        for (int i = 0; i < 5; i++) {
            put("sub-slow-" + i, "al-slow-" + i, T0);
        }
        put("sub-fast-1", "al-fast-1", T0.plusMillis(1));
        put("sub-fast-2", "al-fast-2", T0.plusMillis(2));

        List<DeliveryQueue.Dispatch> first = queue.take(T0.plusSeconds(1), LANES, 2, 10);

        assertEquals(List.of("al-slow-0", "al-slow-1", "al-fast-1", "al-fast-2"), ids(first),
                "two slow ones fill their lane; the fast ones behind them still go");
        assertEquals(List.of(), ids(queue.take(T0.plusSeconds(2), LANES, 2, 10)), "lanes full, nothing else");
        String done = first.get(0).job().members().get(0).key();
        queue.apply(0, 100, done, null);
        queue.complete(first.get(0), Map.of(done, 100L));
        assertEquals(List.of("al-slow-2"), ids(queue.take(T0.plusSeconds(3), LANES, 2, 10)),
                "the slow lane has room for one more once a slow delivery is done");
    }

    @Test
    void shouldRespectTheWorkerBound() {
        for (int i = 0; i < 5; i++) {
            put("sub-fast-" + i, "al-" + i, T0);
        }
        assertEquals(3, queue.take(T0, sub -> null, 2, 3).size());
        assertEquals(3, queue.inFlight());
        assertEquals(0, queue.take(T0, sub -> null, 2, 3).size());
    }

    @Test
    void shouldNotHandOutAJobAgainBeforeItsOutcomeIsReadBackFromTheLog() {
        PendingDelivery d = put("sub-fast-1", "al-1", T0);
        DeliveryQueue.Dispatch dispatch = queue.take(T0, LANES, 2, 10).get(0);

        // the attempt failed and its rescheduled record was written at offset 10, not yet read back
        queue.complete(dispatch, Map.of(d.key(), 10L));
        assertTrue(queue.take(T0.plusSeconds(60), LANES, 2, 10).isEmpty(), "the stale record must not run again");

        queue.apply(0, 10, d.key(), d.retryAt(1, T0.plusSeconds(30), 500, "HTTP 500"));
        assertTrue(queue.take(T0.plusSeconds(29), LANES, 2, 10).isEmpty());
        DeliveryQueue.Dispatch again = queue.take(T0.plusSeconds(30), LANES, 2, 10).get(0);
        assertEquals(1, again.job().attempts());
    }

    @Test
    void shouldReleaseAtOnceWhenTheOutcomeWasReadBackBeforeCompletion() {
        PendingDelivery d = put("sub-fast-1", "al-1", T0);
        DeliveryQueue.Dispatch dispatch = queue.take(T0, LANES, 2, 10).get(0);

        queue.apply(0, 10, d.key(), null);
        queue.complete(dispatch, Map.of(d.key(), 10L));

        assertEquals(0, queue.size());
        assertEquals(0, queue.inFlight());
        assertNull(queue.nextDue());
    }

    @Test
    void shouldIgnoreAnOlderRecordReadAfterANewerOne() {
        PendingDelivery d = put("sub-fast-1", "al-1", T0);
        queue.apply(0, 50, d.key(), d.retryAt(3, T0.plusSeconds(100), 500, "x"));
        queue.apply(0, 40, d.key(), d.retryAt(2, T0, 500, "x"));

        assertEquals(3, queue.get(d.key()).attempts());
    }

    @Test
    void shouldHoldAReleasedJobUntilItsDelay() {
        put("sub-fast-1", "al-1", T0);
        DeliveryQueue.Dispatch dispatch = queue.take(T0, LANES, 2, 10).get(0);

        queue.release(dispatch, T0.plusSeconds(5));

        assertTrue(queue.take(T0.plusSeconds(4), LANES, 2, 10).isEmpty());
        assertEquals(1, queue.take(T0.plusSeconds(5), LANES, 2, 10).size());
    }

    @Test
    void shouldWaitForAPartitionToBeReadToItsEnd() {
        PendingDelivery d = PendingDelivery.immediate("sub-fast-1", "al-1", new byte[] {1}, 0, 0, T0);
        queue.apply(1, 0, d.key(), d);

        assertTrue(queue.take(T0, LANES, 2, 10).isEmpty(), "partition 1 is still loading");
        queue.ready(1);
        assertEquals(1, queue.take(T0, LANES, 2, 10).size());
        assertTrue(queue.busy(List.of(1)));
        assertFalse(queue.busy(List.of(0)));
        queue.drop(1);
        assertEquals(0, queue.size());
    }

    @Test
    void shouldGroupADigestWindowIntoOneJobDueWhenTheWindowCloses() {
        DigestWindow window = DigestWindow.containing(T0.plusSeconds(10), Duration.ofMinutes(5));
        for (String id : List.of("al-2", "al-1", "al-3")) {
            PendingDelivery d = PendingDelivery.inDigest("sub-fast-1", id, new byte[] {1}, 0, 0, window, T0);
            queue.apply(0, offset++, d.key(), d);
        }
        PendingDelivery single = PendingDelivery.immediate("sub-fast-2", "al-9", new byte[] {1}, 0, 0, T0);
        queue.apply(0, offset++, single.key(), single);

        assertEquals(List.of("al-9"), queue.take(window.closesAt().minusMillis(1), LANES, 5, 10).stream()
                .flatMap(d -> d.job().alertIds().stream()).toList());
        DeliveryQueue.Dispatch digest = queue.take(window.closesAt(), LANES, 5, 10).get(0);
        assertEquals(DeliveryJob.Kind.DIGEST, digest.job().kind());
        assertEquals(List.of("al-1", "al-2", "al-3"), digest.job().alertIds());
        assertFalse(digest.job().sealed());
    }
}
