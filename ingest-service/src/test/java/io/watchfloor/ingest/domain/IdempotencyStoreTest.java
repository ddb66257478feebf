package io.watchfloor.ingest.domain;

import io.watchfloor.testsupport.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key store: replay, conflicts, concurrency, TTL and size bounds. */
class IdempotencyStoreTest {
    private static final byte[] BODY_A = {1};
    private static final byte[] BODY_B = {2};
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T19:00:00Z"));
    private final IdempotencyStore<String> store = new IdempotencyStore<>(3, Duration.ofHours(24), clock);
    private final AtomicInteger runs = new AtomicInteger();

    private String run(String key, byte[] fingerprint, String answer) {
        return store.execute(key, fingerprint, () -> answer + "#" + runs.incrementAndGet(), a -> true, WAIT);
    }

    @Test
    void shouldReplayTheFirstAnswerWithoutRunningAgain() {
        assertEquals("ok#1", run("k", BODY_A, "ok"));
        assertEquals("ok#1", run("k", BODY_A, "other"));
        assertEquals(1, runs.get());
    }

    @Test
    void shouldRefuseAKeyReusedForADifferentRequest() {
        run("k", BODY_A, "ok");
        IdempotencyStore.KeyReusedException e = assertThrows(IdempotencyStore.KeyReusedException.class,
                () -> run("k", BODY_B, "ok"));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        assertEquals(1, runs.get());
    }

    @Test
    void shouldForgetAnswersThatAreNotFinalSoARetryRunsAgain() {
        assertEquals("busy#1", store.execute("k", BODY_A, () -> "busy#" + runs.incrementAndGet(), a -> false, WAIT));
        assertEquals("ok#2", run("k", BODY_A, "ok"));
        assertEquals("ok#2", run("k", BODY_A, "ok"));
    }

    @Test
    void shouldForgetAKeyWhenTheWorkThrows() {
        assertThrows(IllegalStateException.class, () -> store.execute("k", BODY_A, () -> {
            throw new IllegalStateException("boom");
        }, a -> true, WAIT));
        assertEquals("ok#1", run("k", BODY_A, "ok"));
    }

    @Test
    void shouldExpireKeysAfterTheTtl() {
        run("k", BODY_A, "ok");
        clock.advance(Duration.ofHours(23));
        assertEquals("ok#1", run("k", BODY_A, "ok"));
        clock.advance(Duration.ofHours(2));
        assertEquals("ok#2", run("k", BODY_A, "ok"));
    }

    @Test
    void shouldEvictTheOldestKeyBeyondTheCapacity() {
        run("a", BODY_A, "x");
        run("b", BODY_A, "x");
        run("c", BODY_A, "x");
        run("d", BODY_A, "x");
        assertEquals(3, store.size());
        assertEquals("x#5", run("a", BODY_A, "x"));
        assertEquals("x#3", run("c", BODY_A, "x"));
    }

    @Test
    void shouldEvictTheOldestAnswersBeyondTheWeightBudget() {
        IdempotencyStore<String> weighed = new IdempotencyStore<>(100, 10, String::length, Duration.ofHours(1), clock);
        weighed.execute("a", BODY_A, () -> "aaaa", a -> true, WAIT);
        weighed.execute("b", BODY_A, () -> "bbbb", a -> true, WAIT);
        assertEquals(8, weighed.weight());
        weighed.execute("c", BODY_A, () -> "cccc", a -> true, WAIT);
        assertEquals(2, weighed.size());
        assertEquals(8, weighed.weight());
        assertEquals("fresh", weighed.execute("a", BODY_A, () -> "fresh", a -> true, WAIT));
        assertEquals("cccc", weighed.execute("c", BODY_A, () -> "other", a -> true, WAIT));
    }

    @Test
    void shouldRunOnceForConcurrentRequestsWithOneKey() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(() -> store.execute("k", BODY_A, () -> {
                    started.countDown();
                    await(release);
                    return "ok#" + runs.incrementAndGet();
                }, a -> true, WAIT)));
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));
            release.countDown();
            for (Future<String> answer : answers) {
                assertEquals("ok#1", answer.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, runs.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldTellAWaiterWhenTheFirstRequestIsStillRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> first = pool.submit(() -> store.execute("k", BODY_A, () -> {
                started.countDown();
                await(release);
                return "ok";
            }, a -> true, WAIT));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertThrows(IdempotencyStore.StillRunningException.class,
                    () -> store.execute("k", BODY_A, () -> "never", a -> true, Duration.ofMillis(50)));
            release.countDown();
            assertEquals("ok", first.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
