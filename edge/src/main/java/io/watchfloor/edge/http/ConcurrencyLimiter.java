package io.watchfloor.edge.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code limit} holders at a time, and at most {@code queueSize} more waiting, each for at most
 * {@code wait}; anyone beyond is refused at once. Asynchronous: nobody blocks a thread while waiting (the HTTP
 * server's event loop calls {@link #acquire()}). A freed slot goes straight to the longest waiter, on the
 * limiter's own thread, so a waiter never runs inside the request that freed the slot. Plain Java.
 */
public final class ConcurrencyLimiter implements AutoCloseable {

    /** A held slot; {@link #release()} gives it back, once, however often it is called. */
    public interface Permit {
        void release();
    }

    private final int limit;
    private final int queueSize;
    private final Duration wait;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private int inFlight;

    public ConcurrencyLimiter(int limit, int queueSize, Duration wait) {
        if (limit < 1 || queueSize < 0 || wait.isNegative()) {
            throw new IllegalArgumentException("limit must be >= 1, queue size and wait >= 0: " + limit + ", "
                    + queueSize + ", " + wait);
        }
        this.limit = limit;
        this.queueSize = queueSize;
        this.wait = wait;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "http-concurrency-limiter");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A slot now, a slot once one is freed within the wait, or {@code null} (refused: limit reached and the queue
     * full, or the wait over).
     */
    public CompletableFuture<Permit> acquire() {
        Waiter waiter;
        synchronized (this) {
            if (inFlight < limit) {
                inFlight++;
                return CompletableFuture.completedFuture(new Slot());
            }
            if (queue.size() >= queueSize || wait.isZero()) {
                return CompletableFuture.completedFuture(null);
            }
            waiter = new Waiter();
            queue.addLast(waiter);
        }
        waiter.timeout = timer.schedule(() -> expire(waiter), wait.toNanos(), TimeUnit.NANOSECONDS);
        return waiter.future;
    }

    private void expire(Waiter waiter) {
        boolean removed;
        synchronized (this) {
            removed = queue.remove(waiter);
        }
        if (removed) {
            waiter.future.complete(null);
        }
    }

    private void release() {
        Waiter next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
            // the slot passes to the waiter: inFlight stays as it is
        }
        ScheduledFuture<?> timeout = next.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        Waiter handed = next;
        try {
            timer.execute(() -> handed.future.complete(new Slot()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            handed.future.complete(new Slot());
        }
    }

    /** Slots held now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Requests waiting for a slot now. */
    public synchronized int queued() {
        return queue.size();
    }

    public int limit() {
        return limit;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private final class Slot implements Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                ConcurrencyLimiter.this.release();
            }
        }
    }

    private static final class Waiter {
        final CompletableFuture<Permit> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;
    }
}
