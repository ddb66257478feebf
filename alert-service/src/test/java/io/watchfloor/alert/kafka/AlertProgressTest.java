package io.watchfloor.alert.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.watchfloor.alert.EnrichedReports;
import io.watchfloor.alert.config.AlertSettings;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.topology.AlertTopology;
import io.watchfloor.edge.streams.StreamProgress;
import io.watchfloor.edge.streams.StreamProgressHealth;
import io.watchfloor.edge.streams.StreamThreadFailures;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.Publishers;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/**
 * alert-service's stuck-stream-thread health, as AlertStreamsFactory wires it: its settings, the handler
 * AlertStreamsStarter installs, the {@code alertProgress} /health entry, and the topology counting every handled
 * record as progress. A fake sequence of stream-thread deaths stands in for an outage (an IT would need a thread
 * replacement, a rebalance of ~40 s, per failure).
 */
class AlertProgressTest {
    private final AlertStreamsFactory factory = new AlertStreamsFactory();

    private static AlertSettings settings(int failures, Duration window) {
        return new AlertSettings("http://127.0.0.1:8082", Duration.ofDays(7), 500, 1_000_000, null, failures,
                window);
    }

    @Test
    void shouldGoDownWhileTheStreamThreadsKeepFailingAndUpAgainOnceARecordIsMatched() {
        StreamProgress progress = factory.streamProgress(settings(3, Duration.ofMinutes(5)));
        StreamThreadFailures handler = factory.streamThreadFailures(progress);
        StreamProgressHealth health = factory.alertProgress(progress);
        assertEquals(HealthStatus.UP, result(health).getStatus());

        RuntimeException outage = new RuntimeException("Error registering Avro schema",
                new ConnectException("Connection refused"));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(outage));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(new TimeoutException("produce")));
        assertEquals(HealthStatus.UP, result(health).getStatus(), "two failures are a blip");
        handler.handle(outage);

        HealthResult down = result(health);
        assertEquals(HealthStatus.DOWN, down.getStatus());
        assertEquals("alertProgress", down.getName());
        String reason = String.valueOf(((Map<?, ?>) down.getDetails()).get("reason"));
        assertTrue(reason.contains("failed 3 times") && reason.contains("Connection refused")
                && reason.contains("threat.alerts.dlq.v1"), reason);
        assertEquals(3L, ((Map<?, ?>) down.getDetails()).get("threadFailuresTotal"));

        // the topology, with the factory's observer, handles one report: that is progress, health is UP again
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerde<EnrichedReport> enriched = AvroSerde.forValues(EnrichedReport.class, registry);
        AtomicReference<SubscriptionIndex> index = new AtomicReference<>(
                SubscriptionIndex.empty(CatalogGroupDirectory.fromClasspath()));
        var topology = AlertTopology.build(enriched, AvroSerde.forValues(AlertEvent.class, registry),
                AvroSerde.forValues(SourceHealth.class, registry), index::get,
                new AlertTopology.Settings("alert-service", "http://127.0.0.1:8082", 1_000_000, Clock.systemUTC(),
                        AlertStreamsFactory.observer(new AlertMeters(new SimpleMeterRegistry(), "alert-service"),
                                progress)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-progress-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            EnrichedReport report = EnrichedReports.of("r-progress", "Attack foiled", "ISIS-K was named.");
            driver.createInputTopic(Topics.REPORTS_ENRICHED, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer()).pipeInput("r-progress",
                    enriched.serialize(Topics.REPORTS_ENRICHED, report));
        }
        HealthResult up = result(health);
        assertEquals(HealthStatus.UP, up.getStatus());
        assertFalse(((Map<?, ?>) up.getDetails()).containsKey("reason"), String.valueOf(up.getDetails()));
    }

    @Test
    void shouldRefuseAThresholdBelowOneNamingItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.streamProgress(settings(0, Duration.ofMinutes(5))));
        assertTrue(e.getMessage().contains("ALERT_STALLED_AFTER_FAILURES"), e.getMessage());
    }

    private static HealthResult result(StreamProgressHealth health) {
        return Publishers.first(health.getResult());
    }
}
