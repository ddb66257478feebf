package io.watchfloor.enrich.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.watchfloor.edge.deadletter.DeadLetterTopicHealth;
import io.watchfloor.edge.deadletter.DeadLetterValue;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.streams.AcknowledgedProgress;
import io.watchfloor.edge.streams.StreamProgress;
import io.watchfloor.edge.streams.StreamProgressHealth;
import io.watchfloor.edge.streams.StreamThreadFailures;
import io.watchfloor.enrich.config.EnrichSettings;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReloadableEnricher;
import io.watchfloor.enrich.topology.EnrichTopology;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Hands {@link EnrichTopology} to Micronaut's Streams host ({@code kafka.streams.default} in application.yml),
 * which starts, health-checks and closes it. Refuses to start unless the configuration is exactly-once.
 */
@Factory
public class EnrichStreamsFactory {

    /** Starts with the bundled catalog; {@link CatalogWatcher} swaps in catalogs published to Kafka. */
    @Singleton
    ReloadableEnricher enricher() {
        return new ReloadableEnricher(DefaultEnricher.fromClasspath());
    }

    /** What to check when the stream threads keep failing: the /health reason and the log line say it. */
    static final String CHECK = "Check that the schema registry answers, that the dead-letter topic exists, and the"
            + " broker's message.max.bytes.";

    /** Whether the topology makes progress: /health DOWN while its stream threads keep failing. */
    @Singleton
    StreamProgress streamProgress(EnrichSettings settings) {
        return new StreamProgress(settings.stalledAfterFailures(), settings.stalledWindow(), Clock.systemUTC(),
                "watchfloor.enrich.stalled-after-failures (ENRICH_STALLED_AFTER_FAILURES)", CHECK);
    }

    /** The uncaught-exception handler: a failed stream thread is replaced, and counted. */
    @Singleton
    StreamThreadFailures streamThreadFailures(StreamProgress progress) {
        return new StreamThreadFailures(progress, "check the schema registry, the dead-letter topic and the broker");
    }

    /** The {@code enrichProgress} entry of /health: DOWN, with the reason, while the stream threads keep failing. */
    @Singleton
    StreamProgressHealth enrichProgress(StreamProgress progress) {
        return new StreamProgressHealth(progress, "enrichProgress");
    }

    /**
     * The {@code deadLetterTopic} entry of /health: DOWN while the broker says the dead-letter topic does not exist
     * (asked every 5 s; RELIABILITY test 8).
     */
    @Singleton
    @Bean(preDestroy = "close")
    DeadLetterTopicHealth deadLetterTopic(ClientSettings kafka) {
        return DeadLetterTopicHealth.watching(kafka, "enrich-service-dead-letter-health", Topics.REPORTS_DLQ,
                DeadLetterTopicHealth.STREAMS_CONSEQUENCE);
    }

    @Singleton
    KStream<String, byte[]> enrichTopology(ConfiguredStreamBuilder builder, EnrichSettings settings,
                                          SchemaRegistryClient registry, ReloadableEnricher enricher,
                                          MeterRegistry meters, StreamProgress progress) {
        var config = builder.getConfiguration();
        ClientSettings.requireExactlyOnce(config);
        // an enriched record up to the limit (plus headers and batch overhead) must fit one produce request
        config.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(EnrichTopology.Settings.producerMaxRequestBytes(settings.maxRecordBytes())));
        // progress is a write the broker acknowledged (an enriched record or a dead letter), not a hand-over to
        // the producer: EnrichMeters only counts outcomes
        AcknowledgedProgress.configure(config, progress, Set.of(Topics.REPORTS_ENRICHED, Topics.REPORTS_DLQ));
        String service = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        // the fault suite's hook (test 7): the enricher itself unless WATCHFLOOR_FAULT_TAGGER_THROWS_ON is set
        return EnrichTopology.define(builder, AvroSerde.forValues(RawReport.class, registry),
                AvroSerde.forValues(EnrichedReport.class, registry), TaggerThrowsOn.fromEnvironment(enricher),
                new EnrichTopology.Settings(service, settings.maxRecordBytes(), DeadLetterValue.maxRequestBytes(config),
                        Clock.systemUTC(), new EnrichMeters(meters, service)));
    }
}
