package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.serde.AvroSerde;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole alert topology on TopologyTestDriver, exactly-once, its clock fixed at {@code now}, with its topics. */
final class AlertTopologyDriver implements AutoCloseable {
    final TestInputTopic<String, byte[]> enriched;
    final TestInputTopic<String, byte[]> health;
    final TestOutputTopic<String, byte[]> alerts;
    final TestOutputTopic<String, byte[]> dlq;
    private final TopologyTestDriver driver;

    AlertTopologyDriver(AvroSerde<EnrichedReport> enrichedSerde, AvroSerde<AlertEvent> alertSerde,
                        AvroSerde<SourceHealth> healthSerde, Supplier<SubscriptionIndex> index, Instant now) {
        var topology = AlertTopology.build(enrichedSerde, alertSerde, healthSerde, index,
                new AlertTopology.Settings("alert-service", "http://127.0.0.1:8082", 1_000_000,
                        Clock.fixed(now, ZoneOffset.UTC)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        enriched = driver.createInputTopic(Topics.REPORTS_ENRICHED, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        health = driver.createInputTopic(Topics.SOURCES_HEALTH, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(Topics.ALERTS_DLQ, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
