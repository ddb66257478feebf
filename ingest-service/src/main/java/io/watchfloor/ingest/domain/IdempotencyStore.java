package io.watchfloor.ingest.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Remembers the answer given for each {@code Idempotency-Key} (per service instance, in memory, bounded by count,
 * total weight and age) so a retried request gets the original answer and concurrent requests with one key run
 * the work once.
 *
 * @param <A> the stored answer
 */
public final class IdempotencyStore<A> {

    /** Thrown when a key is reused for a different request (different endpoint or body). */
    public static final class KeyReusedException extends RuntimeException {
        public KeyReusedException(String message) {
            super(message);
        }
    }

    /** Thrown when another request with the same key is still running after the wait. */
    public static final class StillRunningException extends RuntimeException {
        public StillRunningException(String message) {
            super(message);
        }
    }

    private static final class Entry<A> {
        final byte[] fingerprint;
        final Instant createdAt;
        final CompletableFuture<A> answer;
        long weight;

        Entry(byte[] fingerprint, Instant createdAt, CompletableFuture<A> answer) {
            this.fingerprint = fingerprint;
            this.createdAt = createdAt;
            this.answer = answer;
        }
    }

    private final int maxKeys;
    private final long maxWeight;
    private final ToLongFunction<A> weigher;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Entry<A>> entries = new LinkedHashMap<>();
    private long totalWeight;

    public IdempotencyStore(int maxKeys, Duration ttl, Clock clock) {
        this(maxKeys, Long.MAX_VALUE, a -> 0, ttl, clock);
    }

    /**
     * @param maxWeight most total weight (e.g. estimated bytes) of the stored answers, as measured by
     *                  {@code weigher}; the oldest keys are evicted beyond it
     */
    public IdempotencyStore(int maxKeys, long maxWeight, ToLongFunction<A> weigher, Duration ttl, Clock clock) {
        if (maxKeys < 1 || maxWeight < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("maxKeys and maxWeight must be >= 1 and ttl > 0");
        }
        this.maxKeys = maxKeys;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Returns the answer stored for {@code key}, or runs {@code work} once and stores its answer. Answers for which
     * {@code keep} is false (e.g. "retry later") are handed to requests already waiting but then forgotten, so a
     * later retry with the same key runs the work again.
     *
     * @param fingerprint identifies the request (e.g. a hash of endpoint and body); a different one is refused
     * @param wait        how long to wait for a concurrent request with the same key
     */
    public A execute(String key, byte[] fingerprint, Supplier<A> work, Predicate<A> keep, Duration wait) {
        CompletableFuture<A> mine = new CompletableFuture<>();
        Entry<A> existing;
        synchronized (entries) {
            Instant now = clock.instant();
            evictExpired(now);
            existing = entries.get(key);
            if (existing == null) {
                entries.put(key, new Entry<>(fingerprint.clone(), now, mine));
                while (entries.size() > maxKeys) {
                    removeOldest();
                }
            }
        }
        if (existing != null) {
            if (!Arrays.equals(existing.fingerprint, fingerprint)) {
                throw new KeyReusedException("Idempotency-Key '" + key + "' was already used for a different "
                        + "request (another endpoint or body)");
            }
            return await(key, existing.answer, wait);
        }
        A answer;
        try {
            answer = work.get();
        } catch (RuntimeException | Error e) {
            forget(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        if (keep.test(answer)) {
            weigh(key, mine, answer);
        } else {
            forget(key, mine);
        }
        mine.complete(answer);
        return answer;
    }

    /** Number of keys currently remembered. */
    public int size() {
        synchronized (entries) {
            evictExpired(clock.instant());
            return entries.size();
        }
    }

    /** Total weight of the stored answers. */
    public long weight() {
        synchronized (entries) {
            return totalWeight;
        }
    }

    private void weigh(String key, CompletableFuture<A> future, A answer) {
        long weight = Math.max(0, weigher.applyAsLong(answer));
        synchronized (entries) {
            Entry<A> current = entries.get(key);
            if (current == null || current.answer != future) {
                return;
            }
            current.weight = weight;
            totalWeight += weight;
            while (totalWeight > maxWeight && !entries.isEmpty()) {
                removeOldest();
            }
        }
    }

    private void forget(String key, CompletableFuture<A> future) {
        synchronized (entries) {
            Entry<A> current = entries.get(key);
            if (current != null && current.answer == future) {
                entries.remove(key);
                totalWeight -= current.weight;
            }
        }
    }

    private void removeOldest() {
        Iterator<Entry<A>> oldest = entries.values().iterator();
        totalWeight -= oldest.next().weight;
        oldest.remove();
    }

    private void evictExpired(Instant now) {
        Instant oldestKept = now.minus(ttl);
        Iterator<Entry<A>> it = entries.values().iterator();
        // Insertion order is creation order, so the expired entries are at the head.
        while (it.hasNext()) {
            Entry<A> entry = it.next();
            if (entry.createdAt.isAfter(oldestKept)) {
                return;
            }
            totalWeight -= entry.weight;
            it.remove();
        }
    }

    private static <A> A await(String key, CompletableFuture<A> answer, Duration wait) {
        try {
            return answer.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new StillRunningException("A request with Idempotency-Key '" + key + "' is still being processed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StillRunningException("Interrupted while waiting for the request with Idempotency-Key '"
                    + key + "'");
        }
    }
}
