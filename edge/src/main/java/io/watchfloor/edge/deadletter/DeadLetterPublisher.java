package io.watchfloor.edge.deadletter;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.edge.metrics.PipelineMeters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes dead letters for a plain consumer: the original key and bytes, the original headers, and the reason
 * ({@link DeadLetterStamp}). {@link #publishAll} returns only when the broker acknowledged every one, so the
 * caller may then commit past them; otherwise it throws and nothing may be committed.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    private final String topic;
    private final String service;
    private final Duration timeout;
    private final Clock clock;
    private final Producer<byte[], byte[]> producer;
    /** The producer's {@code max.request.size}: a value that would not fit is truncated ({@link DeadLetterValue}). */
    private final int maxRequestBytes;
    private volatile PipelineMeters meters;

    public DeadLetterPublisher(ClientSettings settings, String topic, String service, Duration timeout) {
        this(settings.producer(service + "-dlq", ProducerTimeouts.within(timeout), Map.of()), topic, service,
                timeout);
    }

    private DeadLetterPublisher(Map<String, Object> producerConfig, String topic, String service, Duration timeout) {
        this(new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()), topic,
                service, timeout, Clock.systemUTC(), DeadLetterValue.maxRequestBytes(producerConfig));
    }

    /** As above, counting every acknowledged dead letter in {@code meters} ({@link PipelineMeters#DEAD_LETTERS}). */
    public DeadLetterPublisher(ClientSettings settings, String topic, String service, Duration timeout,
                               PipelineMeters meters) {
        this(settings, topic, service, timeout);
        this.meters = meters;
    }

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, String service, Duration timeout,
                        Clock clock) {
        this(producer, topic, service, timeout, clock, DeadLetterValue.DEFAULT_MAX_REQUEST_BYTES);
    }

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, String service, Duration timeout,
                        Clock clock, int maxRequestBytes) {
        this.producer = producer;
        this.maxRequestBytes = maxRequestBytes;
        this.topic = topic;
        this.service = service;
        this.timeout = timeout;
        this.clock = clock;
        this.meters = PipelineMeters.none(service);
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends every dead letter and waits for all acknowledgements. A value too large for the producer keeps only its
     * first bytes ({@link DeadLetterValue}); one the dead-letter topic refuses as too large is sent without its value
     * (position and reason kept), never retried as is.
     */
    public void publishAll(List<DeadLetter> letters) throws DeadLetterUnavailableException {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        try {
            for (DeadLetter letter : letters) {
                acks.add(producer.send(toRecord(letter, false)));
            }
            long deadline = System.nanoTime() + timeout.plus(Duration.ofSeconds(5)).toNanos();
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(remaining(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RecordTooLargeException)) {
                        throw e;
                    }
                    producer.send(toRecord(letters.get(i), true)).get(remaining(deadline), TimeUnit.NANOSECONDS);
                }
            }
            for (DeadLetter letter : letters) {
                meters.deadLettered(letter.stage(), letter.error());
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new DeadLetterUnavailableException("Cannot write to dead-letter topic " + topic + ": " + cause,
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterUnavailableException("Interrupted while writing to dead-letter topic " + topic, e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter, boolean withoutValue) {
        ConsumerRecord<String, byte[]> in = letter.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : in.headers()) {
            headers.add(h);
        }
        DeadLetterStamp.stamp(headers, letter.origin(), letter.stage(), service, letter.error(), clock.instant());
        if (withoutValue) {
            DeadLetterStamp.markValueOmitted(headers, in.value() == null ? 0 : in.value().length);
        }
        byte[] key = in.key() == null ? null : in.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = withoutValue ? null : DeadLetterValue.fit(key, in.value(), headers, maxRequestBytes);
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
