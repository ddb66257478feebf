package io.watchfloor.enrich.kafka;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** UP while the topology runs or rebalances; DOWN once it has stopped or failed. */
@Singleton
public class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final EnrichStreams streams;

    public StreamsHealthIndicator(EnrichStreams streams) {
        this.streams = streams;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = streams.state();
        healthStatus = state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED
                ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("state", state.name(), "threads", streams.streams().metadataForLocalThreads().size());
    }

    @Override
    protected String getName() {
        return "kafka-streams";
    }
}
