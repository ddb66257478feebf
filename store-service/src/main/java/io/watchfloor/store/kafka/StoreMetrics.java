package io.watchfloor.store.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.watchfloor.edge.metrics.PipelineMeters;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Micrometer meters of the store consumer, under {@code watchfloor.store.*} (Prometheus names in
 * docs/operations.md): reports stored, ignored, dead-lettered, outages, the batch latency and the whole
 * pipeline's latency from the ingest time (the record timestamp) to the database commit.
 */
@Singleton
public class StoreMetrics {
    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter outages;
    private final Timer batch;
    private final Timer ingestToStored;

    public StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stored = Counter.builder("watchfloor.store.reports.stored")
                .description("Reports inserted or replaced by a newer enrichment").register(registry);
        this.duplicates = Counter.builder("watchfloor.store.reports.duplicates.ignored")
                .description("Replays, duplicates and older revisions that changed nothing").register(registry);
        this.deadLettered = Counter.builder("watchfloor.store.reports.dead.lettered")
                .description("Records sent to the dead-letter topic").register(registry);
        this.outages = Counter.builder("watchfloor.store.outages")
                .description("Batches rewound because a dependency was unavailable").register(registry);
        this.batch = PipelineMeters.latency("watchfloor.store.batch.duration",
                "One polled batch: decode, one database transaction, dead letters acknowledged").register(registry);
        this.ingestToStored = PipelineMeters.latency("watchfloor.pipeline.ingest.to.stored",
                "From the ingest time (record timestamp) to the store's commit, per stored report")
                .register(registry);
    }

    /** The registry, for the dead-letter counter the consumer's publisher keeps. */
    MeterRegistry registry() {
        return registry;
    }

    public void stored(int n) {
        stored.increment(n);
    }

    public void duplicates(int n) {
        duplicates.increment(n);
    }

    public void deadLettered(int n) {
        deadLettered.increment(n);
    }

    public void outage() {
        outages.increment();
    }

    void batch(Duration took) {
        batch.record(took);
    }

    /** A stored report that entered the pipeline {@code age} ago. */
    void ingestToStored(Duration age) {
        ingestToStored.record(age.isNegative() ? Duration.ZERO : age);
    }

    public double duplicatesCount() {
        return duplicates.count();
    }

    public double deadLetteredCount() {
        return deadLettered.count();
    }
}
