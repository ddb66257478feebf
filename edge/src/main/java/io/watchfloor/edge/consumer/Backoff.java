package io.watchfloor.edge.consumer;

import java.time.Duration;

/** Exponential backoff: the delay doubles on each failure up to a ceiling, and resets on success. */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration current;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.current = initial;
    }

    /** The delay to wait now; the following call returns twice as much, capped at the maximum. */
    public Duration next() {
        Duration delay = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    public void reset() {
        current = initial;
    }
}
