package io.watchfloor.alert.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.alert.config.AlertSettings;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.alert.topology.AlertTopology;
import io.watchfloor.edge.deadletter.DeadLetterTopicHealth;
import io.watchfloor.edge.deadletter.DeadLetterValue;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.streams.StreamProgress;
import io.watchfloor.edge.streams.StreamProgressHealth;
import io.watchfloor.edge.streams.StreamThreadFailures;
import io.watchfloor.schemas.Topics;
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

    /** What to check when the matching's stream threads keep failing: the /health reason and the log say it. */
    static final String CHECK = "Check that the schema registry answers, that the alert topics (threat.alerts.v1,"
            + " threat.alerts.dlq.v1) exist, and the broker's message.max.bytes.";

    /** Whether matching makes progress: /health ({@code alertProgress}) DOWN while its stream threads keep failing. */
    @Singleton
    StreamProgress streamProgress(AlertSettings settings) {
        return new StreamProgress(settings.stalledAfterFailures(), settings.stalledWindow(), Clock.systemUTC(),
                "watchfloor.alert.stalled-after-failures (ALERT_STALLED_AFTER_FAILURES)", CHECK);
    }

    /**
     * The uncaught-exception handler: a failed stream thread is replaced, and counted. {@link AlertStreamsStarter}
     * installs it (the streams are started by hand, so micronaut-kafka-streams' start event never comes).
     */
    @Singleton
    StreamThreadFailures streamThreadFailures(StreamProgress progress) {
        return new StreamThreadFailures(progress, "check the schema registry, the alert topics and the broker");
    }

    /** The {@code alertProgress} entry of /health: DOWN, with the reason, while the stream threads keep failing. */
    @Singleton
    StreamProgressHealth alertProgress(StreamProgress progress) {
        return new StreamProgressHealth(progress, "alertProgress");
    }

    /**
     * The {@code deadLetterTopic} entry of /health: DOWN, with the reason and what to do, while the broker says
     * {@code threat.alerts.dlq.v1} does not exist (matching's stream thread and the delivery intake would otherwise
     * stand still behind a record that must be dead-lettered, saying nothing).
     */
    @Singleton
    @Bean(preDestroy = "close")
    DeadLetterTopicHealth deadLetterTopic(ClientSettings kafka) {
        return DeadLetterTopicHealth.watching(kafka, "alert-service-dead-letter-health", Topics.ALERTS_DLQ,
                DeadLetterTopicHealth.STREAMS_CONSEQUENCE + "; the delivery intake holds its offsets and pending "
                + "deliveries that must be dead-lettered stay pending");
    }

    @Singleton
    KStream<String, byte[]> alertTopology(ConfiguredStreamBuilder builder, AlertSettings settings,
                                          SchemaRegistryClient registry, SubscriptionDirectory subscriptions,
                                          MeterRegistry meters, StreamProgress progress) {
        var config = builder.getConfiguration();
        ClientSettings.requireExactlyOnce(config);
        String service = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        return AlertTopology.define(builder, AvroSerde.forValues(EnrichedReport.class, registry),
                AvroSerde.forValues(AlertEvent.class, registry), AvroSerde.forValues(SourceHealth.class, registry),
                subscriptions::index,
                new AlertTopology.Settings(service, settings.storeUrl(), settings.maxAlertBytes(),
                        DeadLetterValue.maxRequestBytes(config), Clock.systemUTC(),
                        observer(new AlertMeters(meters, service), progress)));
    }

    /** Meters for alerts and dead letters, and each handled record counted as progress. */
    static AlertTopology.Observer observer(AlertTopology.Observer meters, StreamProgress progress) {
        return new AlertTopology.Observer() {
            @Override
            public void alerted(String type) {
                meters.alerted(type);
            }

            @Override
            public void deadLettered(String stage, Throwable error) {
                meters.deadLettered(stage, error);
            }

            @Override
            public void processed() {
                meters.processed();
                progress.progressed();
            }
        };
    }
}
