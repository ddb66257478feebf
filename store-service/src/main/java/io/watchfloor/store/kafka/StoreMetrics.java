package io.watchfloor.store.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Micrometer counters of the store consumer, under {@code watchfloor.store.*}. */
@Singleton
public class StoreMetrics {
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter outages;

    public StoreMetrics(MeterRegistry registry) {
        this.stored = Counter.builder("watchfloor.store.reports.stored")
                .description("Reports inserted or replaced by a newer enrichment").register(registry);
        this.duplicates = Counter.builder("watchfloor.store.reports.duplicates.ignored")
                .description("Replays, duplicates and older revisions that changed nothing").register(registry);
        this.deadLettered = Counter.builder("watchfloor.store.reports.dead.lettered")
                .description("Records sent to the dead-letter topic").register(registry);
        this.outages = Counter.builder("watchfloor.store.outages")
                .description("Batches rewound because a dependency was unavailable").register(registry);
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

    public double duplicatesCount() {
        return duplicates.count();
    }

    public double deadLetteredCount() {
        return deadLettered.count();
    }
}
