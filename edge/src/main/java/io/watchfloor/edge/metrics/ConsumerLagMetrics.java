package io.watchfloor.edge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ConsumerLag;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code watchfloor.consumer.lag} (Prometheus {@code watchfloor_consumer_lag}): records each of this service's
 * consumer groups still has to read, per group, topic and partition, from the committed offsets (an AdminClient
 * query every {@code watchfloor.metrics.lag.interval}, so a stuck consumer still shows its growing lag).
 */
@Context
@Requires(property = "watchfloor.metrics.lag.groups")
public final class ConsumerLagMetrics {
    /** The gauge's name; Prometheus sees {@code watchfloor_consumer_lag}. */
    public static final String NAME = "watchfloor.consumer.lag";
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final List<String> groups;
    private final Admin admin;
    private final MultiGauge gauge;
    private final ScheduledExecutorService timer;
    private final AtomicReference<List<ConsumerLag.PartitionLag>> last = new AtomicReference<>(List.of());
    private volatile String lastFailure;

    public ConsumerLagMetrics(ClientSettings kafka, MeterRegistry meters,
                              @Value("${watchfloor.metrics.lag.groups}") List<String> groups,
                              @Value("${watchfloor.metrics.lag.interval:15s}") Duration interval) {
        this.groups = List.copyOf(groups);
        this.admin = Admin.create(kafka.admin(String.join("+", groups) + "-lag"));
        this.gauge = MultiGauge.builder(NAME)
                .description("Records a consumer group has not yet committed, per topic and partition")
                .register(meters);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lag-metrics");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, Math.max(1000, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Asks the cluster once and replaces the gauge's rows; an unreachable cluster keeps the last rows. */
    void refresh() {
        try {
            List<ConsumerLag.PartitionLag> lags = ConsumerLag.of(admin, groups, Duration.ofSeconds(10));
            last.set(lags);
            gauge.register(lags.stream().map(l -> MultiGauge.Row.of(Tags.of("group", l.group(), "topic", l.topic(),
                    "partition", Integer.toString(l.partition())), l.lag())).toList(), true);
            lastFailure = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String failure = e.toString();
            if (!failure.equals(lastFailure)) {
                LOG.warn("Consumer lag of {} not available: {}", groups, failure);
            }
            lastFailure = failure;
        }
    }

    /** The rows of the last successful refresh. */
    public List<ConsumerLag.PartitionLag> last() {
        return last.get();
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
