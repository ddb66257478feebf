package io.watchfloor.alert.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.alert.topology.AlertTopology;
import io.watchfloor.edge.metrics.PipelineMeters;

/** The matching topology's outcomes as meters: {@code watchfloor_alert_alerts_total{type}} and dead letters. */
final class AlertMeters implements AlertTopology.Observer {
    private final MeterRegistry registry;
    private final PipelineMeters pipeline;

    AlertMeters(MeterRegistry registry, String service) {
        this.registry = registry;
        this.pipeline = new PipelineMeters(registry, service);
        for (String type : new String[] {"alert.created", "alert.updated", "alert.resolved"}) {
            counter(type);
        }
    }

    private Counter counter(String type) {
        return Counter.builder("watchfloor.alert.alerts").tag("type", type)
                .description("Alerts raised by matching enriched reports or source health against subscriptions")
                .register(registry);
    }

    @Override
    public void alerted(String type) {
        counter(type).increment();
    }

    @Override
    public void deadLettered(String stage, Throwable error) {
        pipeline.deadLettered(stage, error);
    }
}
