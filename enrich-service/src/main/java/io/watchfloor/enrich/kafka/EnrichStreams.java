package io.watchfloor.enrich.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.watchfloor.enrich.config.EnrichConfig;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.topology.EnrichTopology;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hosts the enrichment topology: exactly-once, started with the context, closed with it. */
@Context
public final class EnrichStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichStreams.class);
    private final KafkaStreams streams;

    public EnrichStreams(EnrichConfig config,
                         @Value("${watchfloor.kafka.bootstrap-servers:`localhost:9092`}") String bootstrapServers,
                         SchemaRegistryClient registry, Enricher enricher) {
        AvroSerde<RawReport> raw = AvroSerde.forValues(RawReport.class, registry);
        AvroSerde<EnrichedReport> enriched = AvroSerde.forValues(EnrichedReport.class, registry);
        var settings = new EnrichTopology.Settings(config.applicationId(), config.maxRecordBytes(),
                Clock.systemUTC());
        this.streams = new KafkaStreams(EnrichTopology.build(raw, enriched, enricher, settings),
                properties(config, bootstrapServers));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it and retrying from the last committed transaction", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Streams state {} -> {}", before, now));
        streams.start();
        LOG.info("enrich-service consuming {} from {}", io.watchfloor.schemas.Topics.REPORTS_RAW, bootstrapServers);
    }

    static Properties properties(EnrichConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.CLIENT_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Math.max(config.maxRecordBytes() + 64 * 1024, 1_048_576));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        if (config.streams() != null) {
            p.putAll(config.streams());
        }
        return p;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @PreDestroy
    void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
