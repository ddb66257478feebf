package io.watchfloor.edge.kafka;

import java.time.Duration;

/**
 * How long a producer may wait, everywhere bounded: {@code maxBlock} for metadata and buffer space in
 * {@code send()}, {@code request} per broker request, {@code delivery} in all (retries included), {@code linger}
 * to fill a batch. Kafka refuses to start a producer whose delivery timeout is below linger + request timeout,
 * so {@link #delivery()} is raised to that floor here, once, for every service.
 */
public record ProducerTimeouts(Duration maxBlock, Duration request, Duration delivery, Duration linger) {

    /** For a request path: a client waits at most a few seconds for the broker. */
    public static final ProducerTimeouts INTERACTIVE = new ProducerTimeouts(Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMillis(5));

    public ProducerTimeouts {
        if (maxBlock.isNegative() || request.isNegative() || request.isZero() || linger.isNegative()) {
            throw new IllegalArgumentException("producer timeouts must be positive: " + maxBlock + ", " + request
                    + ", " + linger);
        }
        Duration floor = linger.plus(request);
        if (delivery.compareTo(floor) < 0) {
            delivery = floor;
        }
    }

    /** Timeouts that all derive from one bound, for background writers such as dead-letter publishers. */
    public static ProducerTimeouts within(Duration total) {
        Duration bound = total.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : total;
        Duration request = bound.dividedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : bound.dividedBy(2);
        return new ProducerTimeouts(bound, request, bound, Duration.ofMillis(5));
    }
}
