package io.watchfloor.alert.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.alert.config.AlertSettings;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.alert.topology.AlertTopology;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Hands {@link AlertTopology} to Micronaut's Streams host ({@code kafka.streams.default} in application.yml) with
 * the live subscription index; refuses to start unless exactly-once. {@link AlertStreamsStarter} starts it.
 */
@Factory
public class AlertStreamsFactory {

    @Singleton
    KStream<String, byte[]> alertTopology(ConfiguredStreamBuilder builder, AlertSettings settings,
                                          SchemaRegistryClient registry, SubscriptionDirectory subscriptions,
                                          MeterRegistry meters) {
        var config = builder.getConfiguration();
        ClientSettings.requireExactlyOnce(config);
        String service = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        return AlertTopology.define(builder, AvroSerde.forValues(EnrichedReport.class, registry),
                AvroSerde.forValues(AlertEvent.class, registry), AvroSerde.forValues(SourceHealth.class, registry),
                subscriptions::index,
                new AlertTopology.Settings(service, settings.storeUrl(), settings.maxAlertBytes(), Clock.systemUTC(),
                        new AlertMeters(meters, service)));
    }
}
