package io.watchfloor.ingest.feeds.sources;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.watchfloor.edge.logging.LogContext;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives each poll's {@link SourceHealth}: counts polls and items as Micrometer metrics
 * ({@code watchfloor.feeds.*}), keeps a gauge of failing sources, logs failures and publishes the health to
 * {@code threat.sources.health.v1} through a {@link SourceHealthSink} (never blocking the poll).
 */
@Singleton
public class SourceHealthPublisher implements Consumer<SourceHealth> {

    private static final Logger LOG = LoggerFactory.getLogger(SourceHealthPublisher.class);

    private final @Nullable MeterRegistry meters;
    private final SourceRegistry registry;
    private final SourceHealthSink producer;
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stale = new ConcurrentHashMap<>();

    public SourceHealthPublisher(@Nullable MeterRegistry meters, SourceRegistry registry,
            SourceHealthSink producer) {
        this.meters = meters;
        this.registry = registry;
        this.producer = producer;
        if (meters != null) {
            meters.gauge("watchfloor.feeds.sources.failing", failing, Map::size);
            meters.gauge("watchfloor.feeds.sources.stale", stale, Map::size);
            FunctionCounter.builder("watchfloor.feeds.health.publish.failures", producer,
                            SourceHealthSink::failures)
                    .description("Source health records that could not be written to Kafka (or were dropped)")
                    .register(meters);
        }
    }

    @Override
    public void accept(SourceHealth health) {
        try (LogContext.Scope log = LogContext.source(health.sourceId())) {
            publish(health);
        }
    }

    private void publish(SourceHealth health) {
        producer.send(registry.get(health.sourceId()).orElse(null), health);
        if (meters != null) {
            meters.counter("watchfloor.feeds.polls", "status", health.status()).increment();
            meters.counter("watchfloor.feeds.items", "kind", "new").increment(health.itemsNew());
            meters.counter("watchfloor.feeds.items", "kind", "near-duplicate").increment(health.nearDuplicates());
            meters.counter("watchfloor.feeds.items", "kind", "revision").increment(health.revisions());
            meters.counter("watchfloor.feeds.items", "kind", "duplicate").increment(health.duplicates());
        }
        if (SourceHealth.STALE.equals(health.status())) {
            stale.put(health.sourceId(), Boolean.TRUE);
        } else {
            stale.remove(health.sourceId());
        }
        if (SourceHealth.FAILING.equals(health.status())) {
            failing.put(health.sourceId(), Boolean.TRUE);
            LOG.warn("feed source {} failing ({} in a row): {}", health.sourceId(), health.consecutiveFailures(),
                    health.lastError());
            return;
        }
        failing.remove(health.sourceId());
        if (health.emptyPollStreak() > 0 && health.emptyPollStreak() % 24 == 0) {
            LOG.warn("feed source {} produced nothing new for {} polls", health.sourceId(), health.emptyPollStreak());
        } else {
            LOG.debug("feed source {} polled: {} seen, {} new", health.sourceId(), health.itemsSeen(),
                    health.itemsNew());
        }
    }

    /** Forgets a removed source so the failing gauge does not count it. */
    public void forget(String sourceId) {
        failing.remove(sourceId);
        stale.remove(sourceId);
    }
}
