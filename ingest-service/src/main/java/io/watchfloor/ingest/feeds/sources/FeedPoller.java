package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.feeds.fetch.HostPoliteness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
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
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public FeedPoller(SourceRegistry registry, FeedIngestor ingestor, HostPoliteness politeness, int threads,
                      Duration maxBackoff, Consumer<SourceHealth> healthListener) {
        this.registry = registry;
        this.ingestor = ingestor;
        this.politeness = politeness;
        this.maxBackoff = maxBackoff;
        this.healthListener = healthListener;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(threads, r -> {
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

    /** Schedules (or reschedules) a source to poll after {@code delay}. */
    public void schedule(String sourceId, Duration delay) {
        if (stopped) {
            return;
        }
        ScheduledFuture<?> previous = scheduled.put(sourceId,
                scheduler.schedule(() -> run(sourceId, false), delay.toMillis(), TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
        registry.state(sourceId).ifPresent(s -> s.health(s.health().withNextPollAt(Instant.now().plus(delay))));
    }

    /** Polls a source as soon as a worker and its host's politeness slot are free. */
    public void pollNow(String sourceId) {
        schedule(sourceId, Duration.ZERO);
    }

    public void unschedule(String sourceId) {
        ScheduledFuture<?> f = scheduled.remove(sourceId);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void run(String sourceId, boolean slotReserved) {
        FeedSource source = registry.get(sourceId).orElse(null);
        SourceState state = registry.state(sourceId).orElse(null);
        if (source == null || state == null || stopped) {
            scheduled.remove(sourceId);
            return;
        }
        if (!slotReserved) {
            Duration wait = politeness.reserve(source.uri().getHost(), System.nanoTime());
            if (!wait.isZero()) {
                scheduled.put(sourceId, scheduler.schedule(() -> run(sourceId, true), wait.toMillis(),
                        TimeUnit.MILLISECONDS));
                return;
            }
        }
        if (running.putIfAbsent(sourceId, Boolean.TRUE) != null) {
            return; // a poll of this source is still running
        }
        SourceHealth health = null;
        try {
            health = ingestor.poll(source, state);
        } catch (RuntimeException | Error e) {
            // the ingestor records every failure itself; this is the last line for whatever escaped it
            // (an Error it must not handle, or one thrown while recording): the source still gets a
            // health entry with the reason, and is rescheduled below
            LOG.error("poll of source {} ({}) crashed with {}; it is rescheduled", sourceId, source.name(), e, e);
            health = crashed(state, e);
            if (e instanceof VirtualMachineError vm && !FeedIngestor.recoverable(vm)) {
                throw vm;
            }
        } finally {
            running.remove(sourceId);
            if (health == null) {
                health = crashed(state, null);
            }
            finish(source, health);
        }
    }

    private SourceHealth crashed(SourceState state, Throwable e) {
        try {
            SourceHealth failed = state.health().failed(Instant.now(),
                    e == null ? "INTERNAL_ERROR: the poll ended without a result" : FeedIngestor.describe(e));
            state.health(failed);
            return failed;
        } catch (RuntimeException | Error again) {
            return state.health();
        }
    }

    /** Saves the cursor, reschedules and reports health; each step guarded so the next one still runs. */
    private void finish(FeedSource source, SourceHealth health) {
        String sourceId = source.id();
        try {
            registry.saveCursor(sourceId);
        } catch (RuntimeException e) {
            LOG.warn("cannot save the cursor of source {}", sourceId, e);
        }
        if (registry.get(sourceId).isPresent()) {
            schedule(sourceId, nextDelay(source, health));
        }
        try {
            healthListener.accept(registry.state(sourceId).map(SourceState::health).orElse(health));
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
