package io.watchfloor.alert.delivery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.edge.consumer.ConsumerState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code delivery} entry of /health (DOWN when the intake is paused or stopped, or the scheduler stopped) and the
 * delivery meters: {@code watchfloor.alert.delivery.pending}, {@code .in-flight} and {@code .attempts} by result.
 */
@Context
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
final class DeliveryHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final DeliveryIntake intake;
    private final DeliveryScheduler scheduler;

    DeliveryHealth(DeliveryIntake intake, DeliveryScheduler scheduler, MeterRegistry meters) {
        this.intake = intake;
        this.scheduler = scheduler;
        Gauge.builder("watchfloor.alert.delivery.pending", scheduler, DeliveryScheduler::pending)
                .description("Webhook deliveries waiting on the partitions this instance owns").register(meters);
        Gauge.builder("watchfloor.alert.delivery.in-flight", scheduler, DeliveryScheduler::inFlight)
                .description("Webhook requests running now").register(meters);
        for (DeliveryAttempt.Result r : DeliveryAttempt.Result.values()) {
            FunctionCounter.builder("watchfloor.alert.delivery.attempts", scheduler, s -> s.count(r))
                    .tag("result", r.name().toLowerCase(Locale.ROOT))
                    .description("Webhook delivery attempts by what they ended in").register(meters);
        }
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        ConsumerState s = intake.state();
        details.put("intake", s.status().name());
        if (s.outageDependency() != null) {
            details.put("unavailable", s.outageDependency());
        }
        if (s.lastError() != null) {
            details.put("lastError", s.lastError());
        }
        details.put("pending", scheduler.pending());
        details.put("inFlight", scheduler.inFlight());
        if (scheduler.failure() != null) {
            details.put("scheduler", "STOPPED: " + scheduler.failure());
        }
        healthStatus = s.healthy() && scheduler.failure() == null ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    @Override
    protected String getName() {
        return "delivery";
    }
}
