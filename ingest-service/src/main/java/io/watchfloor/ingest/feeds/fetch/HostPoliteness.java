package io.watchfloor.ingest.feeds.fetch;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Spaces requests to the same host by at least a minimum delay; {@link #reserve} says how long to wait first. */
public final class HostPoliteness {

    private final long minDelayNanos;
    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();

    public HostPoliteness(Duration minDelay) {
        this.minDelayNanos = minDelay.toNanos();
    }

    /**
     * Books the next free slot for {@code host} and returns how long the caller must wait before using it
     * (zero when the host is idle).
     */
    public Duration reserve(String host, long nowNanos) {
        if (minDelayNanos <= 0 || host == null) {
            return Duration.ZERO;
        }
        String key = host.toLowerCase(Locale.ROOT);
        long[] wait = new long[1];
        nextSlot.compute(key, (k, slot) -> {
            long start = slot == null || slot - nowNanos < 0 ? nowNanos : slot;
            wait[0] = start - nowNanos;
            return start + minDelayNanos;
        });
        if (nextSlot.size() > 10_000) {
            prune(nowNanos);
        }
        return Duration.ofNanos(wait[0]);
    }

    private void prune(long nowNanos) {
        for (Iterator<Map.Entry<String, Long>> it = nextSlot.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() - nowNanos < 0) {
                it.remove();
            }
        }
    }
}
