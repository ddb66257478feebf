package io.watchfloor.alert.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import io.watchfloor.edge.deadletter.DeadLetter;
import io.watchfloor.edge.deadletter.DeadLetterPublisher;
import io.watchfloor.edge.deadletter.DeadLetterUnavailableException;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.edge.metrics.KafkaClientMeters;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertDelivery;
import io.watchfloor.schemas.avro.AlertDeliveryAttempt;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link DeliveryWrites} on Kafka: an idempotent acks=all producer for deliveries and attempts; the shared
 * dead-letter publisher for undeliverable alerts (their bytes, origin, reason, {@code delivery.*} headers).
 */
@Singleton
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
final class KafkaDeliveryWrites implements DeliveryWrites, AutoCloseable {
    static final String STAGE = "delivery";
    static final String SERVICE = "alert-service";
    static final String WEBHOOK_ID_HEADER = "delivery.webhook-id";
    static final String ATTEMPTS_HEADER = "delivery.attempts";
    static final String STATUS_HEADER = "delivery.last-status";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaClientMeters producerMeters;
    private final DeadLetterPublisher deadLetters;
    private final AvroSerde<AlertDelivery> deliverySerde;
    private final AvroSerde<AlertDeliveryAttempt> attemptSerde;
    private volatile int partitions;

    KafkaDeliveryWrites(ClientSettings kafka, SchemaRegistryClient registry, MeterRegistry meters) {
        this.producer = new KafkaProducer<>(kafka.producer("alert-service-delivery", ProducerTimeouts.within(TIMEOUT),
                Map.of()), new StringSerializer(), new ByteArraySerializer());
        this.producerMeters = KafkaClientMeters.of(meters, producer);
        this.deadLetters = new DeadLetterPublisher(kafka, Topics.ALERTS_DLQ, SERVICE, TIMEOUT,
                new PipelineMeters(meters, SERVICE));
        this.deliverySerde = AvroSerde.forValues(AlertDelivery.class, registry);
        this.attemptSerde = AvroSerde.forValues(AlertDeliveryAttempt.class, registry);
    }

    /** The deliveries topic's partition for a subscription: all its deliveries live on one. */
    int partitionOf(String subscriptionId) throws WriteFailedException {
        if (partitions == 0) {
            try {
                partitions = producer.partitionsFor(Topics.ALERT_DELIVERIES).size();
            } catch (RuntimeException e) {
                throw new WriteFailedException("Cannot read the partitions of " + Topics.ALERT_DELIVERIES + ": " + e,
                        e);
            }
        }
        return Partitions.forKey(subscriptionId, partitions);
    }

    @Override
    public void add(List<PendingDelivery> deliveries) throws WriteFailedException {
        Map<String, Future<RecordMetadata>> acks = new LinkedHashMap<>();
        try {
            for (PendingDelivery d : deliveries) {
                acks.put(d.key(), producer.send(new ProducerRecord<>(Topics.ALERT_DELIVERIES,
                        partitionOf(d.subscriptionId()), d.key(), serialize(d))));
            }
        } catch (RuntimeException e) {
            throw new WriteFailedException("Cannot write pending deliveries: " + e, e);
        }
        await(acks, Topics.ALERT_DELIVERIES);
    }

    @Override
    public Map<String, Long> update(int partition, List<PendingDelivery> upserts, List<String> tombstones)
            throws WriteFailedException {
        Map<String, Future<RecordMetadata>> acks = new LinkedHashMap<>();
        try {
            for (PendingDelivery d : upserts) {
                acks.put(d.key(), producer.send(new ProducerRecord<>(Topics.ALERT_DELIVERIES, partition, d.key(),
                        serialize(d))));
            }
            for (String key : tombstones) {
                acks.put(key, producer.send(new ProducerRecord<>(Topics.ALERT_DELIVERIES, partition, key, null)));
            }
        } catch (RuntimeException e) {
            throw new WriteFailedException("Cannot update pending deliveries: " + e, e);
        }
        return await(acks, Topics.ALERT_DELIVERIES);
    }

    @Override
    public void attempt(DeliveryAttempt attempt) throws WriteFailedException {
        try {
            byte[] value = attemptSerde.serialize(Topics.ALERT_ATTEMPTS, DeliveryToAvro.toAvro(attempt));
            await(Map.of(attempt.subscriptionId(), producer.send(new ProducerRecord<>(Topics.ALERT_ATTEMPTS,
                    attempt.subscriptionId(), value))), Topics.ALERT_ATTEMPTS);
        } catch (RuntimeException e) {
            throw new WriteFailedException("Cannot write a delivery attempt: " + e, e);
        }
    }

    @Override
    public void deadLetter(List<PendingDelivery> deliveries, String reason) throws WriteFailedException {
        List<DeadLetter> letters = new ArrayList<>();
        for (PendingDelivery d : deliveries) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(WEBHOOK_ID_HEADER, text(d.webhookId() == null ? d.alertId() : d.webhookId()));
            headers.add(ATTEMPTS_HEADER, text(Integer.toString(d.attempts())));
            if (d.lastStatus() != null) {
                headers.add(STATUS_HEADER, text(Integer.toString(d.lastStatus())));
            }
            ConsumerRecord<String, byte[]> alert = new ConsumerRecord<>(Topics.ALERTS, d.alertPartition(),
                    d.alertOffset(), d.createdAt().toEpochMilli(), TimestampType.CREATE_TIME, -1, d.alert().length,
                    d.subscriptionId(), d.alert(), headers, Optional.empty());
            letters.add(new DeadLetter(alert, STAGE, new UndeliverableAlertException(reason)));
        }
        try {
            deadLetters.publishAll(letters);
        } catch (DeadLetterUnavailableException e) {
            throw new WriteFailedException(e.getMessage(), e);
        }
    }

    private byte[] serialize(PendingDelivery d) {
        return deliverySerde.serialize(Topics.ALERT_DELIVERIES, DeliveryToAvro.toAvro(d));
    }

    private static Map<String, Long> await(Map<String, Future<RecordMetadata>> acks, String topic)
            throws WriteFailedException {
        long deadline = System.nanoTime() + TIMEOUT.plusSeconds(5).toNanos();
        Map<String, Long> offsets = new HashMap<>();
        try {
            for (Map.Entry<String, Future<RecordMetadata>> ack : acks.entrySet()) {
                RecordMetadata written = ack.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                offsets.merge(ack.getKey(), written.offset(), Math::max);
            }
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new WriteFailedException("Kafka did not acknowledge a write to " + topic + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteFailedException("Interrupted while writing to " + topic, e);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    @Override
    public void close() {
        producerMeters.close();
        producer.close(Duration.ofSeconds(5));
        deadLetters.close();
    }
}
