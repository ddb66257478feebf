package io.watchfloor.alert.domain.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry schedule: bounds, jitter range, Retry-After, and the end of attempts. */
class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** A generator that always returns {@code value} from nextDouble. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static Duration delay(RetryPolicy policy, int attempts, Duration retryAfter) {
        return Duration.between(NOW, policy.nextAttempt(attempts, NOW, retryAfter).orElseThrow());
    }

    @Test
    void shouldFollowTheDefaultScheduleOverAboutADayWithoutJitterAtTheMidpoint() {
        RetryPolicy policy = RetryPolicy.defaults(fixed(0.5));
        assertEquals(11, policy.maxAttempts());
        List<Duration> delays = IntStream.rangeClosed(1, 10)
                .mapToObj(n -> delay(policy, n, null)).toList();
        assertEquals(RetryPolicy.DEFAULT_SCHEDULE, delays);
        Duration total = delays.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(total.compareTo(Duration.ofHours(20)) > 0 && total.compareTo(Duration.ofHours(30)) < 0,
                "about a day: " + total);
        assertEquals(Optional.empty(), policy.nextAttempt(11, NOW, null), "attempts used up");
        assertEquals(Optional.empty(), policy.nextAttempt(50, NOW, Duration.ofSeconds(1)));
    }

    @Test
    void shouldJitterWithinPlusOrMinusTwentyPercent() {
        assertEquals(Duration.ofSeconds(24), delay(RetryPolicy.defaults(fixed(0.0)), 2, null), "30s - 20%");
        assertEquals(Duration.ofMillis(35_999), delay(RetryPolicy.defaults(fixed(0.99995)), 2, null),
                "just under +20%");
        RetryPolicy seeded = RetryPolicy.defaults(RandomGenerator.of("L64X128MixRandom"));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long ms = delay(seeded, 4, null).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(min >= 480_000 && max <= 720_000, "10m +-20%: " + min + ".." + max);
        assertTrue(min < 500_000 && max > 700_000, "the whole range is used: " + min + ".." + max);
    }

    @Test
    void shouldWaitAtLeastRetryAfterButNoMoreThanTheBound() {
        RetryPolicy policy = RetryPolicy.defaults(fixed(0.5));
        assertEquals(Duration.ofSeconds(120), delay(policy, 1, Duration.ofSeconds(120)),
                "longer than 5s: honoured");
        assertEquals(Duration.ofSeconds(5), delay(policy, 1, Duration.ofSeconds(1)),
                "shorter: schedule wins");
        assertEquals(Duration.ofHours(1), delay(policy, 1, Duration.ofDays(3)), "bounded to an hour");
        assertEquals(Duration.ofHours(8), delay(policy, 9, Duration.ofHours(2)),
                "the schedule is already longer");
        RetryPolicy generous = new RetryPolicy(List.of(Duration.ofSeconds(1)), 0.0, Duration.ofHours(6),
                fixed(0.3));
        assertEquals(Duration.ofHours(6), delay(generous, 1, Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void shouldRejectNonsense() {
        RetryPolicy policy = RetryPolicy.defaults(fixed(0.5));
        assertThrows(IllegalArgumentException.class, () -> policy.nextAttempt(0, NOW, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(List.of(Duration.ZERO), 0.2, Duration.ofHours(1), fixed(0.5)));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(List.of(Duration.ofSeconds(1)), 1.0, Duration.ofHours(1), fixed(0.5)));
    }
}
