package io.watchfloor.edge.streams;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;

/**
 * A /health entry for a {@link StreamProgress}: DOWN, with the reason, while the stream threads keep failing
 * (computed in place: a few counters, no I/O). Not a bean by itself: a service makes one, with its entry's name,
 * in its own factory.
 */
public class StreamProgressHealth implements HealthIndicator {
    private final StreamProgress progress;
    private final String name;

    public StreamProgressHealth(StreamProgress progress, String name) {
        this.progress = progress;
        this.name = name;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = progress.stalled() ? HealthStatus.DOWN : HealthStatus.UP;
        return Publishers.just(HealthResult.builder(name, status).details(progress.details()).build());
    }
}
