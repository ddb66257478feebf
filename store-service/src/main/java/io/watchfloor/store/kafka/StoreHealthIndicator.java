package io.watchfloor.store.kafka;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.watchfloor.edge.consumer.ConsumerState;
import io.watchfloor.store.config.StoreSettings;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportStore;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code store} entry of /health: DOWN when PostgreSQL does not answer, when the consumer is paused
 * because a dependency is down, or when the consumer thread has stopped or crashed.
 */
@Singleton
public class StoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final ReportStore repository;
    private final StoreConsumer consumer;
    private final StoreSettings config;

    public StoreHealthIndicator(ReportStore repository, StoreConsumer consumer, StoreSettings config) {
        this.repository = repository;
        this.consumer = consumer;
        this.config = config;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        try {
            repository.ping();
            details.put("database", "UP");
        } catch (DatabaseUnavailableException e) {
            up = false;
            details.put("database", "DOWN: " + e.getMessage());
        }
        ConsumerState s = consumer.state();
        details.put("consumer", s.status().name());
        details.put("topic", config.topic());
        details.put("assignment", s.assignment());
        if (s.lastPoll() != null) {
            details.put("lastPoll", s.lastPoll().toString());
        }
        if (s.lastCommit() != null) {
            details.put("lastCommit", s.lastCommit().toString());
        }
        if (s.outageSince() != null) {
            details.put("outageSince", s.outageSince().toString());
        }
        if (s.outageDependency() != null) {
            details.put("unavailable", s.outageDependency());
        }
        if (s.lastError() != null) {
            details.put("lastError", s.lastError());
        }
        boolean consumerOk = switch (s.status()) {
            case RUNNING, STARTING -> true;
            case STOPPED -> !config.consumerEnabled();
            case PAUSED_DEPENDENCY_DOWN, FAILED -> false;
        };
        healthStatus = up && consumerOk ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    @Override
    protected String getName() {
        return "store";
    }
}
