package io.watchfloor.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.edge.metrics.KafkaClientMeters;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.config.PublishSettings;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.PublishResult;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of {@link ReportPublisher}: one idempotent producer (acks=all) with bounded blocking
 * and delivery timeouts, Avro values in the Confluent wire format, and a cap on reports in flight.
 */
@Singleton
public class KafkaReportPublisher implements ReportPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReportPublisher.class);

    private final Producer<String, RawReport> producer;
    private final String topic;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Semaphore inFlightKib;
    private final int maxInFlightKib;
    private final long unavailableBackoffNanos;
    private volatile long failFastUntilNanos = System.nanoTime();
    private volatile Counter published;
    private volatile KafkaClientMeters clientMeters = KafkaClientMeters.none();

    @Inject
    public KafkaReportPublisher(ClientSettings kafka, PublishSettings publish, IngestProperties ingest,
                                SchemaRegistryClient registry, MeterRegistry meters) {
        this(new KafkaProducer<>(producerConfig(kafka, publish), new StringSerializer(),
                        AvroSerde.forValues(RawReport.class, registry).serializer()),
                Topics.REPORTS_RAW, ingest.maxInFlight(), ingest.maxInFlightBytes(), publish.unavailableBackoff());
        this.published = Counter.builder("watchfloor.ingest.published").tag("topic", Topics.REPORTS_RAW)
                .description("Raw reports acknowledged by Kafka, from every channel (HTTP, drop, feeds)")
                .register(meters);
        this.clientMeters = KafkaClientMeters.of(meters, producer);
    }

    KafkaReportPublisher(Producer<String, RawReport> producer, String topic, int maxInFlight,
            long maxInFlightBytes, Duration unavailableBackoff) {
        this.producer = producer;
        this.topic = topic;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.maxInFlightKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxInFlightBytes / 1024));
        this.inFlightKib = new Semaphore(maxInFlightKib);
        this.unavailableBackoffNanos = unavailableBackoff.toNanos();
    }

    /** The shared reliable producer settings, plus room for a whole report (1 MiB of text and more) per request. */
    public static Map<String, Object> producerConfig(ClientSettings kafka, PublishSettings publish) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        overrides.putAll(publish.producer());
        return kafka.producer(publish.clientId(), publish.timeouts(), overrides);
    }

    @Override
    public CompletableFuture<PublishResult> publish(Report domain) {
        try (LogContext.Scope log = logContext(domain.id(), domain.feedSourceId())) {
            return send(domain);
        }
    }

    /** The report id, and for a feed item its source id: on every log line about this report. */
    private static LogContext.Scope logContext(String reportId, String sourceId) {
        return LogContext.report(reportId).and(LogContext.SOURCE_ID, sourceId);
    }

    private CompletableFuture<PublishResult> send(Report domain) {
        RawReport report = ReportToRawAvro.map(domain);
        String sourceId = domain.feedSourceId();
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        if (System.nanoTime() - failFastUntilNanos < 0) {
            // The broker was unreachable a moment ago: answer at once instead of tying up another
            // thread for max.block.ms.
            result.completeExceptionally(new PublishException(PublishException.Reason.UNAVAILABLE,
                    "Kafka was unreachable moments ago; report " + report.getId() + " was not written", null));
            return result;
        }
        // Bound both the number and the size of reports waiting for acknowledgement (memory under a flood).
        int kib = Math.min(maxInFlightKib, sizeKib(report));
        if (!inFlight.tryAcquire()) {
            result.completeExceptionally(new PublishException(PublishException.Reason.OVERLOADED,
                    "More than " + maxInFlight + " reports are waiting for the broker", null));
            return result;
        }
        if (!inFlightKib.tryAcquire(kib)) {
            inFlight.release();
            result.completeExceptionally(new PublishException(PublishException.Reason.OVERLOADED,
                    "More than " + maxInFlightKib + " KiB of reports are waiting for the broker", null));
            return result;
        }
        long timestamp = report.getIngestedAt().toEpochMilli();
        ProducerRecord<String, RawReport> record =
                new ProducerRecord<>(topic, null, timestamp, report.getId(), report);
        try {
            producer.send(record, (metadata, error) -> {
                inFlight.release();
                inFlightKib.release(kib);
                // the producer's I/O thread calls back: the caller's MDC is not here
                try (LogContext.Scope log = logContext(report.getId(), sourceId)) {
                    completeFrom(result, report.getId(), metadata, error);
                }
            });
        } catch (RuntimeException e) {
            // send() throws synchronously on metadata timeouts (max.block.ms) and serialization errors;
            // the callback is not called then.
            inFlight.release();
            inFlightKib.release(kib);
            if (e instanceof TimeoutException) {
                failFastUntilNanos = System.nanoTime() + unavailableBackoffNanos;
            }
            result.completeExceptionally(classify(report.getId(), e, false));
        }
        return result;
    }

    private void completeFrom(CompletableFuture<PublishResult> result, String id, RecordMetadata metadata,
                              Exception error) {
        if (error == null) {
            if (published != null) {
                published.increment();
            }
            LOG.debug("Report {} written to {}-{}@{}", id, metadata.topic(), metadata.partition(),
                    metadata.offset());
            result.complete(new PublishResult(id, metadata.topic(), metadata.partition(), metadata.offset(),
                    Instant.ofEpochMilli(metadata.timestamp())));
        } else {
            result.completeExceptionally(classify(id, error, true));
        }
    }

    private static int sizeKib(RawReport report) {
        long chars = report.getText().length() + (report.getTitle() == null ? 0 : report.getTitle().length());
        return (int) Math.min(Integer.MAX_VALUE, chars / 1024 + 1);
    }

    /**
     * @param sent whether the record went to the broker: an idempotent producer may then have appended it on an
     *             attempt whose answer was lost (a leader killed, a delivery timeout), so the report is "not
     *             acknowledged" and may still be on the topic; a retry with the same id or Idempotency-Key never
     *             stores it twice
     */
    static PublishException classify(String id, Throwable error, boolean sent) {
        if (error instanceof PublishException publishException) {
            return publishException;
        }
        if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
            return new PublishException(PublishException.Reason.TOO_LARGE,
                    "Report " + id + " is larger than the broker accepts: " + error.getMessage(), error);
        }
        String what = error instanceof SerializationException
                ? "the schema registry is unreachable or refused the schema" : "Kafka is unavailable";
        if (!sent) {
            LOG.warn("Report {} not written: {} ({})", id, what, error.toString());
            return new PublishException(PublishException.Reason.UNAVAILABLE,
                    "Report " + id + " was not written: " + what + ": " + error.getMessage(), error);
        }
        LOG.warn("Report {} not acknowledged by the in-sync replicas: {} ({})", id, what, error.toString());
        return new PublishException(PublishException.Reason.UNAVAILABLE, "Report " + id + " was not acknowledged by "
                + "the in-sync replicas (it may still be on the topic): " + what + ": " + error.getMessage(), error);
    }

    @PreDestroy
    void close() {
        clientMeters.close();
        producer.close(Duration.ofSeconds(10));
    }
}
