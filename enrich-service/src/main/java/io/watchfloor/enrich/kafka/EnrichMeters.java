package io.watchfloor.enrich.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.watchfloor.enrich.topology.EnrichTopology;
import java.util.concurrent.TimeUnit;

/**
 * The topology's outcomes as meters: {@code watchfloor_enrich_records_total{outcome}},
 * {@code watchfloor_enrich_duration_seconds} per enriched record, and the shared dead-letter counter.
 */
final class EnrichMeters implements EnrichTopology.Observer {
    private final Counter enriched;
    private final Counter deadLettered;
    private final Timer duration;
    private final PipelineMeters pipeline;

    EnrichMeters(MeterRegistry registry, String service) {
        this.enriched = records(registry, "enriched");
        this.deadLettered = records(registry, "dead_lettered");
        this.duration = PipelineMeters.latency("watchfloor.enrich.duration",
                "Decode, enrich and encode one raw report").register(registry);
        this.pipeline = new PipelineMeters(registry, service);
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("watchfloor.enrich.records").tag("outcome", outcome)
                .description("Raw reports handled by the enrich topology, by outcome").register(registry);
    }

    @Override
    public void enriched(long nanos) {
        enriched.increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void deadLettered(String stage, Throwable error) {
        deadLettered.increment();
        pipeline.deadLettered(stage, error);
    }
}
