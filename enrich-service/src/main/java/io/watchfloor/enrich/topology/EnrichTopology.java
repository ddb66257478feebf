package io.watchfloor.enrich.topology;

import io.watchfloor.edge.deadletter.DeadLetterOrigin;
import io.watchfloor.edge.deadletter.DeadLetterStamp;
import io.watchfloor.edge.deadletter.DeadLetterValue;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.schemas.ReportAttributes;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * raw -> enriched, keyed by report id. Values are read as bytes so that an undecodable record, a
 * report that makes the enricher throw, or an enriched record over the size limit becomes a dead
 * letter (original bytes, reason in headers) inside the same exactly-once transaction, and the rest
 * keep flowing. A raw record too big for the producer to send whole becomes a dead letter with its first bytes
 * only ({@link DeadLetterValue}).
 */
public final class EnrichTopology {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichTopology.class);

    private EnrichTopology() {
    }

    /**
     * Settings the topology needs besides its serdes and enricher. {@code producerMaxRequestBytes} is the
     * {@code max.request.size} of the producer that writes enriched records and dead letters: a dead letter whose
     * original value would not fit it keeps only its first bytes ({@link DeadLetterValue}).
     */
    public record Settings(String serviceName, int maxRecordBytes, int producerMaxRequestBytes, Clock clock,
                           Observer observer) {
        public Settings(String serviceName, int maxRecordBytes, Clock clock, Observer observer) {
            this(serviceName, maxRecordBytes, producerMaxRequestBytes(maxRecordBytes), clock, observer);
        }

        public Settings(String serviceName, int maxRecordBytes, Clock clock) {
            this(serviceName, maxRecordBytes, clock, Observer.NONE);
        }

        /**
         * The producer's {@code max.request.size} for {@code maxRecordBytes}: an enriched record up to the limit
         * plus headers and batch overhead must fit one produce request.
         */
        public static int producerMaxRequestBytes(int maxRecordBytes) {
            return Math.max(maxRecordBytes + 64 * 1024, DeadLetterValue.DEFAULT_MAX_REQUEST_BYTES);
        }
    }

    /** Told about every record's outcome (meters); the topology itself stays free of a metrics library. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        /** A report was enriched and forwarded, {@code nanos} after its bytes arrived. */
        default void enriched(long nanos) {
        }

        /** A record became a dead letter at {@code stage} because of {@code error}. */
        default void deadLettered(String stage, Throwable error) {
        }
    }

    public static Topology build(AvroSerde<RawReport> rawSerde, AvroSerde<EnrichedReport> enrichedSerde,
                                 Enricher enricher, Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        define(builder, rawSerde, enrichedSerde, enricher, settings);
        return builder.build();
    }

    /**
     * The topics the topology reads and writes: the pipeline's, or scratch ones (benchmarks). Values are
     * always serialized under the pipeline's subjects, so the bytes do not depend on where they are written.
     */
    public record Names(String raw, String enriched, String deadLetters) {
        public static final Names PIPELINE = new Names(Topics.REPORTS_RAW, Topics.REPORTS_ENRICHED,
                Topics.REPORTS_DLQ);
    }

    /** Adds the topology to {@code builder}; returns the raw-report source stream. */
    public static KStream<String, byte[]> define(StreamsBuilder builder, AvroSerde<RawReport> rawSerde,
                                                 AvroSerde<EnrichedReport> enrichedSerde, Enricher enricher,
                                                 Settings settings) {
        return define(builder, Names.PIPELINE, rawSerde, enrichedSerde, enricher, settings);
    }

    /** Adds the topology, reading and writing the given topics, to {@code builder}. */
    public static KStream<String, byte[]> define(StreamsBuilder builder, Names topics,
                                                 AvroSerde<RawReport> rawSerde,
                                                 AvroSerde<EnrichedReport> enrichedSerde, Enricher enricher,
                                                 Settings settings) {
        KStream<String, byte[]> raw = builder.stream(topics.raw(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("raw-reports"));

        KStream<String, Routed> routed = raw.processValues(
                () -> new EnrichProcessor(rawSerde, enrichedSerde, enricher, settings),
                Named.as("enrich"));

        routed.split(Named.as("route-"))
                .branch((id, r) -> r.deadLetter(), Branched.withConsumer(dlq -> dlq
                        .mapValues(Routed::bytes, Named.as("dlq-bytes"))
                        .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("dead-letters")), "dlq"))
                .defaultBranch(Branched.withConsumer(ok -> ok
                        .mapValues(Routed::bytes, Named.as("enriched-bytes"))
                        .to(topics.enriched(), Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("enriched-reports")), "enriched"));
        return raw;
    }

    /** The enricher's output already serialized, or a dead letter carrying the original bytes. */
    record Routed(boolean deadLetter, byte[] bytes) {
    }

    /** Decodes, enriches and serializes one report; every failure becomes a dead letter. */
    static final class EnrichProcessor implements FixedKeyProcessor<String, byte[], Routed> {
        private final AvroSerde<RawReport> rawSerde;
        private final AvroSerde<EnrichedReport> enrichedSerde;
        private final Enricher enricher;
        private final Settings settings;
        private FixedKeyProcessorContext<String, Routed> context;

        EnrichProcessor(AvroSerde<RawReport> rawSerde, AvroSerde<EnrichedReport> enrichedSerde, Enricher enricher,
                        Settings settings) {
            this.rawSerde = rawSerde;
            this.enrichedSerde = enrichedSerde;
            this.enricher = enricher;
            this.settings = settings;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Routed> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            // the key is the report id: on every line logged while this record is handled
            try (LogContext.Scope log = LogContext.report(record.key())) {
                handle(record, log);
            }
        }

        private void handle(FixedKeyRecord<String, byte[]> record, LogContext.Scope log) {
            byte[] original = record.value();
            if (original == null) {
                return; // a tombstone on the raw topic carries nothing to enrich
            }
            long start = System.nanoTime();
            RawReport raw;
            try {
                raw = rawSerde.deserialize(Topics.REPORTS_RAW, original);
            } catch (SerializationException e) {
                // bad magic byte, unknown schema id, truncated body: the record itself is bad.
                // A registry outage (SchemaRegistryException) is not caught: the thread is replaced and
                // the record retried, so an outage never turns good records into dead letters.
                context.forward(deadLetter(record, original, "deserialize", e));
                return;
            }
            if (raw.getAttributes() != null) {
                log.and(LogContext.SOURCE_ID, raw.getAttributes().get(ReportAttributes.FEED_SOURCE_ID));
            }
            EnrichedReport enriched;
            try {
                Enrichment enrichment = enricher.enrich(EnrichmentToAvro.reportText(raw));
                enriched = EnrichmentToAvro.toAvro(raw, enrichment, settings.clock().instant());
            } catch (RuntimeException | StackOverflowError e) {
                context.forward(deadLetter(record, original, "enrich", e));
                return;
            }
            // Serialization failures other than size (registry down) propagate: the thread is
            // replaced and the record retried from the last committed transaction.
            byte[] bytes = enrichedSerde.serialize(Topics.REPORTS_ENRICHED, enriched);
            for (int spans = 16; bytes.length > settings.maxRecordBytes() && spans >= 1; spans /= 4) {
                // a long report with many mentions: keep every tag, shed repeated evidence first
                bytes = enrichedSerde.serialize(Topics.REPORTS_ENRICHED,
                        EnrichmentToAvro.withEvidenceCapped(enriched, spans));
            }
            if (bytes.length > settings.maxRecordBytes()) {
                context.forward(deadLetter(record, original, "size", new RecordTooLarge(bytes.length,
                        settings.maxRecordBytes())));
                return;
            }
            context.forward(record.withValue(new Routed(false, bytes)));
            settings.observer().enriched(System.nanoTime() - start);
        }

        /** The original bytes, stamped with where they came from and why they are dead letters. */
        private FixedKeyRecord<String, Routed> deadLetter(FixedKeyRecord<String, byte[]> record, byte[] original,
                                                          String stage, Throwable error) {
            DeadLetterOrigin origin = context.recordMetadata()
                    .map(m -> new DeadLetterOrigin(m.topic(), m.partition(), m.offset())).orElse(null);
            LOG.warn("Dead-lettering record {} from {} at stage {}: {}", record.key(), origin, stage,
                    error.toString());
            DeadLetterStamp.stamp(record.headers(), origin, stage, settings.serviceName(), error,
                    settings.clock().instant());
            // a raw record bigger than this producer may send (a compressing producer put it on the raw topic)
            // cannot be a dead letter whole: sent as is it would fail the transaction on every retry
            byte[] value = DeadLetterValue.fit(record.key() == null ? null
                            : record.key().getBytes(StandardCharsets.UTF_8), original, record.headers(),
                    settings.producerMaxRequestBytes());
            if (value.length < original.length) {
                LOG.warn("Dead letter for record {} from {} keeps the first {} of its {} bytes (over the producer's "
                        + "max.request.size {}); the whole record stays at {}", record.key(), origin, value.length,
                        original.length, settings.producerMaxRequestBytes(), origin);
            }
            settings.observer().deadLettered(stage, error);
            return record.withValue(new Routed(true, value));
        }
    }

    /** The enriched record would exceed the broker's record size limit. */
    static final class RecordTooLarge extends RuntimeException {
        RecordTooLarge(int size, int max) {
            super("Enriched record of " + size + " bytes exceeds the limit of " + max
                    + " bytes (watchfloor.enrich.max-record-bytes / the topic's max.message.bytes)");
        }
    }
}
