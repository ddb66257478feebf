package io.watchfloor.alert.domain.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed webhook delivery again: a fixed schedule of delays (by default 5s up to 8h, about a
 * day in all) with +-20% jitter so receivers recovering from an outage are not hit by every retry at once, a
 * server's Retry-After honoured up to a bound, and no further attempt once the schedule is used up.
 */
public final class RetryPolicy {

    public static final List<Duration> DEFAULT_SCHEDULE = List.of(
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
            Duration.ofHours(8), Duration.ofHours(8));
    public static final double DEFAULT_JITTER = 0.2;
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    /**
     * @param schedule      delay before retry n (n = 1..size); the total number of attempts is size + 1
     * @param jitter        fraction in [0, 1): each delay is scaled by a uniform factor in
     *                      [1 - jitter, 1 + jitter)
     * @param maxRetryAfter the longest Retry-After honoured
     * @param random        the jitter source; inject a seeded one in tests
     */
    public RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter,
                       RandomGenerator random) {
        this.schedule = List.copyOf(schedule);
        if (this.schedule.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("retry delays must be positive: " + schedule);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        this.jitter = jitter;
        this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The default schedule, 20% jitter, Retry-After honoured up to an hour. */
    public static RetryPolicy defaults(RandomGenerator random) {
        return new RetryPolicy(DEFAULT_SCHEDULE, DEFAULT_JITTER, DEFAULT_MAX_RETRY_AFTER, random);
    }

    /** Attempts in all, the first one included. */
    public int maxAttempts() {
        return schedule.size() + 1;
    }

    public List<Duration> schedule() {
        return schedule;
    }

    /**
     * When to make the next attempt after {@code attemptsSoFar} failed ones (1 after the first failure), or
     * empty when they are used up. The delay is the jittered scheduled one, but never shorter than the
     * server's {@code retryAfter} (null if none) capped at the maximum.
     */
    public Optional<Instant> nextAttempt(int attemptsSoFar, Instant now, Duration retryAfter) {
        if (attemptsSoFar < 1) {
            throw new IllegalArgumentException("attemptsSoFar counts failed attempts and starts at 1, got "
                    + attemptsSoFar);
        }
        if (attemptsSoFar > schedule.size()) {
            return Optional.empty();
        }
        long base = schedule.get(attemptsSoFar - 1).toMillis();
        double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
        long delay = Math.round(base * factor);
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration bounded = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            delay = Math.max(delay, bounded.toMillis());
        }
        return Optional.of(now.plusMillis(delay));
    }
}
