package io.watchfloor.ingest.kafka;

import io.micronaut.context.annotation.Value;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import io.watchfloor.ingest.feeds.sources.SourceHealthSink;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each poll's health to {@code threat.sources.health.v1} (key: source id) with an idempotent producer,
 * fire-and-forget: records are handed to one sender thread through a bounded queue, so a slow or absent Kafka
 * never blocks polling; failures and drops are logged and counted.
 */
@Singleton
public class SourceHealthProducer implements SourceHealthSink {
    private static final Logger LOG = LoggerFactory.getLogger(SourceHealthProducer.class);
    private static final int QUEUE = 10_000;

    private final ClientSettings kafka;
    private final SchemaRegistryClient registry;
    private final boolean enabled;
    private final String topic;
    private final ThreadPoolExecutor sender;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Producer<String, io.watchfloor.schemas.avro.SourceHealth> producer;

    public SourceHealthProducer(ClientSettings kafka, SchemaRegistryClient registry,
            @Value("${watchfloor.feeds.publish-health:true}") boolean enabled,
            @Value("${watchfloor.feeds.health-topic:" + Topics.SOURCES_HEALTH + "}") String topic) {
        this.kafka = kafka;
        this.registry = registry;
        this.enabled = enabled;
        this.topic = topic;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "source-health-sender");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Queues the health of one poll; returns at once. */
    @Override
    public void send(FeedSource source, SourceHealth health) {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        try {
            sender.execute(() -> doSend(source, health, now));
        } catch (RejectedExecutionException e) {
            long dropped = this.dropped.incrementAndGet();
            failures.incrementAndGet();
            if (dropped % 1000 == 1) { // one line per 1000 drops, not a flood
                LOG.warn("source health of {} dropped: {} records already waiting for Kafka ({} dropped so far)",
                        health.sourceId(), QUEUE, dropped);
            }
        }
    }

    /** Health records that could not be written (for metrics and tests). */
    public long failures() {
        return failures.get();
    }

    private void doSend(FeedSource source, SourceHealth health, Instant now) {
        try {
            io.watchfloor.schemas.avro.SourceHealth record = SourceHealthMapper.toAvro(source, health, now);
            long timestamp = record.getPolledAt().toEpochMilli();
            producer().send(new ProducerRecord<>(topic, null, timestamp, record.getSourceId(), record),
                    (metadata, error) -> {
                        if (error != null) {
                            failures.incrementAndGet();
                            LOG.warn("source health of {} not written to {}: {}", record.getSourceId(), topic,
                                    error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            // Metadata timeouts (max.block.ms) and registry/serialisation failures are thrown by send().
            failures.incrementAndGet();
            LOG.warn("source health of {} not written to {}: {}", health.sourceId(), topic, e.toString());
        }
    }

    private Producer<String, io.watchfloor.schemas.avro.SourceHealth> producer() {
        Producer<String, io.watchfloor.schemas.avro.SourceHealth> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> config = kafka.producer("ingest-service-source-health",
                            ProducerTimeouts.INTERACTIVE, Map.of());
                    producer = new KafkaProducer<>(config, new StringSerializer(),
                            AvroSerde.forValues(io.watchfloor.schemas.avro.SourceHealth.class, registry).serializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
        Producer<String, io.watchfloor.schemas.avro.SourceHealth> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
