package io.watchfloor.edge.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a Kafka Streams topology makes progress. A stream thread that dies (registry unreachable, a topic
 * missing, the broker refusing a record) is replaced and retries from its last committed transaction; once in a
 * while that is a blip, but {@code failures} deaths within {@code window} with no record processed since the last
 * one means the service is stuck in a retry loop, and {@link #stalled()} says so, with the last error and what to
 * check, so /health goes DOWN instead of staying green while nothing moves. One record processed clears it.
 * Plain Java: the service counts deaths ({@link StreamThreadFailures}) and processed records ({@link #progressed()}).
 */
public final class StreamProgress {
    private final int failures;
    private final Duration window;
    private final Clock clock;
    private final String check;
    private final Deque<Instant> recentFailures = new ArrayDeque<>();
    private Instant lastFailure;
    private String lastError;
    private Instant lastProgress;
    private long totalFailures;

    /**
     * @param failures        deaths within {@code window} (with nothing processed since the last) that mean stalled
     * @param window          how far back deaths count
     * @param clock           the time source
     * @param failuresSetting the setting that gave {@code failures}, named in the message when it is invalid
     * @param check           what to check when stalled (the service's dependencies), appended to the reason
     */
    public StreamProgress(int failures, Duration window, Clock clock, String failuresSetting, String check) {
        if (failures < 1) {
            throw new IllegalArgumentException(failuresSetting + " must be 1 or more, was " + failures);
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("the window of " + failuresSetting + " must be positive, was "
                    + window);
        }
        this.failures = failures;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.check = check == null || check.isBlank() ? "" : " " + check.strip();
    }

    /** A stream thread died with {@code error} (it is replaced). */
    public synchronized void threadFailed(Throwable error) {
        Instant now = clock.instant();
        lastFailure = now;
        lastError = describe(error);
        totalFailures++;
        recentFailures.addLast(now);
        prune(now);
    }

    /** A record was processed (its output written, or dead-lettered). */
    public synchronized void progressed() {
        lastProgress = clock.instant();
    }

    /** True when the threads keep failing and nothing was processed since the last failure. */
    public synchronized boolean stalled() {
        prune(clock.instant());
        return recentFailures.size() >= failures && (lastProgress == null || lastProgress.isBefore(lastFailure));
    }

    /** What /health shows: counts, times and, when stalled, the reason with what to check. */
    public synchronized Map<String, Object> details() {
        boolean stalled = stalled();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("threadFailuresInWindow", recentFailures.size());
        d.put("window", window.toString());
        d.put("threadFailuresTotal", totalFailures);
        if (lastFailure != null) {
            d.put("lastFailure", lastFailure.toString());
            d.put("lastError", lastError);
        }
        if (lastProgress != null) {
            d.put("lastProgress", lastProgress.toString());
        }
        if (stalled) {
            d.put("reason", "stream threads failed " + recentFailures.size() + " times in the last " + window
                    + " and no record was processed since; last error: " + lastError + "." + check
                    + " The threads keep retrying from the last committed transaction");
        }
        return d;
    }

    private void prune(Instant now) {
        Instant from = now.minus(window);
        while (!recentFailures.isEmpty() && recentFailures.peekFirst().isBefore(from)) {
            recentFailures.removeFirst();
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = error.getClass().getSimpleName() + ": " + error.getMessage();
        return root == error ? top : top + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage()
                + ")";
    }
}
