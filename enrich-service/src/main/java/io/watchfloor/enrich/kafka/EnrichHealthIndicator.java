package io.watchfloor.enrich.kafka;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code enrichProgress} entry of /health: DOWN, with the reason, while the stream threads keep failing. */
@Singleton
public class EnrichHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final StreamProgress progress;

    public EnrichHealthIndicator(StreamProgress progress) {
        this.progress = progress;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = progress.stalled() ? HealthStatus.DOWN : HealthStatus.UP;
        return progress.details();
    }

    @Override
    protected String getName() {
        return "enrichProgress";
    }
}
