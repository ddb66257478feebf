package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.ingest.feeds.fetch.HostPoliteness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every registered source on its own interval with a bounded worker pool. Failures back off
 * exponentially (capped) with jitter; requests to one host are spaced by {@link HostPoliteness}; one source's
 * failure or slowness never blocks another beyond the fetch deadline. Each poll's health goes to a listener.
 */
public final class FeedPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);

    private final SourceRegistry registry;
    private final FeedIngestor ingestor;
    private final HostPoliteness politeness;
    private final Duration maxBackoff;
    private final Consumer<SourceHealth> healthListener;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public FeedPoller(SourceRegistry registry, FeedIngestor ingestor, HostPoliteness politeness, int threads,
                      Duration maxBackoff, Consumer<SourceHealth> healthListener) {
        this(registry, ingestor, politeness, pollerThreads(threads), maxBackoff, healthListener);
    }

    /** With the given scheduler (tests drive interleavings with it); it is shut down by {@link #close()}. */
    FeedPoller(SourceRegistry registry, FeedIngestor ingestor, HostPoliteness politeness,
               ScheduledExecutorService scheduler, Duration maxBackoff, Consumer<SourceHealth> healthListener) {
        this.registry = registry;
        this.ingestor = ingestor;
        this.politeness = politeness;
        this.maxBackoff = maxBackoff;
        this.healthListener = healthListener;
        this.scheduler = scheduler;
    }

    private static ScheduledExecutorService pollerThreads(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "feed-poller-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules every registered source, spreading first polls over a few seconds. */
    public void start() {
        for (FeedSource source : registry.list()) {
            schedule(source.id(), Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, 2000)));
        }
    }

    /**
     * Schedules (or reschedules) a source to poll after {@code delay}. The newest call wins: every earlier timer
     * of the source, including one re-queued for its host's politeness slot, is superseded, and the newest one
     * is guaranteed to poll (or, if a poll is running, to make it poll again when it ends).
     */
    public void schedule(String sourceId, Duration delay) {
        if (stopped) {
            return;
        }
        Slot slot = slots.computeIfAbsent(sourceId, id -> new Slot());
        synchronized (slot) {
            long generation = ++slot.generation;
            arm(sourceId, slot, generation, delay, false);
        }
    }

    /** Polls a source as soon as a worker and its host's politeness slot are free. */
    public void pollNow(String sourceId) {
        if (stopped) {
            return;
        }
        Slot slot = slots.computeIfAbsent(sourceId, id -> new Slot());
        synchronized (slot) {
            if (slot.running) {
                slot.pollAgain = true; // the running poll may have fetched before this request: poll once more
                return;
            }
            arm(sourceId, slot, ++slot.generation, Duration.ZERO, false);
        }
    }

    public void unschedule(String sourceId) {
        Slot slot = slots.remove(sourceId);
        if (slot != null) {
            synchronized (slot) {
                slot.generation++;
                if (slot.timer != null) {
                    slot.timer.cancel(false);
                }
            }
        }
    }

    /** Replaces the slot's timer; the caller holds the slot's lock. */
    private void arm(String sourceId, Slot slot, long generation, Duration delay, boolean hostSlotReserved) {
        if (slot.timer != null) {
            slot.timer.cancel(false);
            slot.timer = null;
        }
        // nextPollAt is written before the timer exists, so a poll's own health update always comes after it
        Instant next = Instant.now().plus(delay);
        registry.state(sourceId).ifPresent(s -> s.updateHealth(h -> h.withNextPollAt(next)));
        try {
            slot.timer = scheduler.schedule(() -> fire(sourceId, generation, hostSlotReserved), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    /** A timer went off: poll unless a newer schedule superseded it or a poll is running (then poll again). */
    private void fire(String sourceId, long generation, boolean hostSlotReserved) {
        Slot slot = slots.get(sourceId);
        FeedSource source = registry.get(sourceId).orElse(null);
        SourceState state = registry.state(sourceId).orElse(null);
        if (slot == null || stopped) {
            return;
        }
        synchronized (slot) {
            if (slot.generation != generation) {
                return; // superseded: the newer timer polls
            }
            slot.timer = null;
            if (source == null || state == null) {
                slots.remove(sourceId, slot);
                return;
            }
            if (!hostSlotReserved) {
                Duration wait = politeness.reserve(source.uri().getHost(), System.nanoTime());
                if (!wait.isZero()) {
                    // same generation: only a newer schedule() may cancel this re-queued poll
                    arm(sourceId, slot, generation, wait, true);
                    return;
                }
            }
            if (slot.running) {
                slot.pollAgain = true; // the running poll schedules the next one at once when it ends
                return;
            }
            slot.running = true;
        }
        boolean again = false;
        try {
            poll(source, state);
        } finally {
            synchronized (slot) {
                slot.running = false;
                again = slot.pollAgain;
                slot.pollAgain = false;
            }
            reschedule(source, state, again);
        }
    }

    private void poll(FeedSource source, SourceState state) {
        // the source id on every line of the poll
        try (LogContext.Scope log = LogContext.source(source.id())) {
            pollLogged(source, state);
        }
    }

    private void pollLogged(FeedSource source, SourceState state) {
        String sourceId = source.id();
        SourceHealth health = null;
        try {
            health = ingestor.poll(source, state);
        } catch (RuntimeException | Error e) {
            // the ingestor records every failure itself; this is the last line for whatever escaped it
            // (an Error it must not handle, or one thrown while recording): the source still gets a
            // health entry with the reason, and is rescheduled by the caller
            LOG.error("poll of source {} ({}) crashed with {}; it is rescheduled", sourceId, source.name(), e, e);
            health = crashed(state, e);
            if (e instanceof VirtualMachineError vm && !FeedIngestor.recoverable(vm)) {
                throw vm;
            }
        } finally {
            if (health == null) {
                crashed(state, null);
            }
        }
    }

    private SourceHealth crashed(SourceState state, Throwable e) {
        try {
            String reason = e == null ? "INTERNAL_ERROR: the poll ended without a result" : FeedIngestor.describe(e);
            return state.updateHealth(h -> h.failed(Instant.now(), reason));
        } catch (RuntimeException | Error again) {
            return state.health();
        }
    }

    /** Saves the cursor, reschedules and reports health; each step guarded so the next one still runs. */
    private void reschedule(FeedSource source, SourceState state, boolean pollAgain) {
        String sourceId = source.id();
        try {
            registry.saveCursor(sourceId);
        } catch (RuntimeException e) {
            LOG.warn("cannot save the cursor of source {}", sourceId, e);
        }
        SourceHealth health = state.health();
        if (registry.get(sourceId).isPresent()) {
            schedule(sourceId, pollAgain ? Duration.ZERO : nextDelay(source, health));
        }
        try {
            healthListener.accept(state.health());
        } catch (RuntimeException e) {
            LOG.warn("health listener failed for source {}", sourceId, e);
        }
    }

    /** Interval with +-10% jitter on success; on failure interval*2^(n-1) capped at maxBackoff, then jittered. */
    Duration nextDelay(FeedSource source, SourceHealth health) {
        long base = source.intervalSeconds() * 1000L;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (health.consecutiveFailures() == 0) {
            return Duration.ofMillis(Math.max(1, (long) (base * random.nextDouble(0.9, 1.1))));
        }
        int exponent = Math.min(health.consecutiveFailures() - 1, 20);
        long backoff = Math.min(maxBackoff.toMillis(), base << exponent);
        backoff = Math.max(backoff, base);
        return Duration.ofMillis((long) (backoff * random.nextDouble(0.5, 1.0)));
    }

    /** Waits for the host's politeness slot inside a poll (next pages, article pages); bounded by one minute. */
    public static FeedIngestor.Pacer pacer(HostPoliteness politeness) {
        return uri -> {
            Duration wait = politeness.reserve(uri.getHost(), System.nanoTime());
            if (!wait.isZero()) {
                LockSupport.parkNanos(Math.min(wait.toNanos(), TimeUnit.MINUTES.toNanos(1)));
            }
        };
    }

    /**
     * The scheduling state of one source, guarded by its own lock: the current timer and its generation (a
     * timer whose generation is not the slot's is stale and does nothing), and whether a poll is running.
     */
    private static final class Slot {
        private long generation;
        private ScheduledFuture<?> timer;
        private boolean running;
        private boolean pollAgain;
    }

    @Override
    public void close() {
        stopped = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("feed poller threads did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
