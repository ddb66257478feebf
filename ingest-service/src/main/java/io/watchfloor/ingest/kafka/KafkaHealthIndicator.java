package io.watchfloor.ingest.kafka;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.watchfloor.ingest.config.KafkaProperties;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/** Reports DOWN on {@code /health} when the Kafka cluster cannot be described within the health timeout. */
@Singleton
public class KafkaHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final KafkaProperties properties;
    private volatile Admin admin;

    public KafkaHealthIndicator(KafkaProperties properties) {
        this.properties = properties;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrapServers", properties.bootstrapServers());
        long timeout = properties.healthTimeout().toMillis();
        try {
            DescribeClusterResult cluster = admin().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout));
            details.put("clusterId", cluster.clusterId().get(timeout, TimeUnit.MILLISECONDS));
            details.put("nodes", cluster.nodes().get(timeout, TimeUnit.MILLISECONDS).size());
            healthStatus = HealthStatus.UP;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            healthStatus = HealthStatus.DOWN;
            details.put("error", "Kafka cluster not reachable within " + timeout + " ms: "
                    + (e.getCause() != null ? e.getCause() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            healthStatus = HealthStatus.DOWN;
            details.put("error", "interrupted");
        }
        return details;
    }

    @Override
    protected String getName() {
        return "kafka";
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                            AdminClientConfig.CLIENT_ID_CONFIG, properties.clientId() + "-health",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            (int) properties.healthTimeout().toMillis(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                            (int) properties.healthTimeout().toMillis()));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
