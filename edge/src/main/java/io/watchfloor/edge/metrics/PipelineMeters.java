package io.watchfloor.edge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Meters every pipeline stage shares, named once: dead letters by service, stage and reason, and the latency
 * histograms' buckets. Prometheus names: {@code watchfloor_dead_letters_total{service,stage,reason}}.
 */
public final class PipelineMeters {
    /** Counter of dead letters written, tagged service, stage and reason (the error's simple class name). */
    public static final String DEAD_LETTERS = "watchfloor.dead.letters";
    /** Histogram buckets for per-record and per-request latencies (seconds, 1 ms to 2 min). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final MeterRegistry registry;
    private final String service;

    /** Meters of {@code service} in {@code registry}; a null registry counts nothing (tools, unit tests). */
    public PipelineMeters(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
    }

    /** Counts nothing. */
    public static PipelineMeters none(String service) {
        return new PipelineMeters(null, service);
    }

    /** Counts one dead letter of {@code stage} caused by {@code error}. */
    public void deadLettered(String stage, Throwable error) {
        deadLettered(stage, reason(error));
    }

    /** Counts one dead letter of {@code stage} for {@code reason}. */
    public void deadLettered(String stage, String reason) {
        if (registry != null) {
            Counter.builder(DEAD_LETTERS).description("Records written to a dead-letter topic")
                    .tag("service", service).tag("stage", stage).tag("reason", reason).register(registry)
                    .increment();
        }
    }

    /** A latency histogram with Watchfloor's buckets (Prometheus {@code <name>_seconds_bucket}). */
    public static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0]).maximumExpectedValue(BUCKETS[BUCKETS.length - 1]);
    }

    /** The reason tag of an error: its simple class name (a bounded set, unlike messages). */
    public static String reason(Throwable error) {
        if (error == null) {
            return "unknown";
        }
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName().toLowerCase(Locale.ROOT) : name;
    }

    public String service() {
        return service;
    }

    public MeterRegistry registry() {
        return registry;
    }
}
