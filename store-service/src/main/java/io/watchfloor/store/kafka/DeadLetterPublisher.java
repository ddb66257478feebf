package io.watchfloor.store.kafka;

import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.store.config.StoreKafkaConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends records the store cannot use to the dead-letter topic, with the original bytes and the reason. */
@Singleton
public class DeadLetterPublisher {
    static final String STAGE = "store";
    /** Set when the original value was too large for the dead-letter topic and was left out. */
    static final String VALUE_OMITTED = "dlq.value.omitted";
    private static final int MAX_MESSAGE_CHARS = 1000;

    private final StoreKafkaConfig config;
    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetterPublisher(StoreKafkaConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-dlq");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        int deliveryMs = (int) Math.max(config.deadLetterTimeout().toMillis(), 1_000);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryMs / 2, 30_000));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.deadLetterTimeout().toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A record to dead-letter and why. */
    public record DeadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
    }

    /**
     * Sends all dead letters and waits until the broker acknowledged every one. Throws when any was
     * not written, so the caller does not commit past it.
     */
    public void publishAll(List<DeadLetter> letters) throws StoreUnavailableException {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        try {
            for (DeadLetter letter : letters) {
                acks.add(producer.send(toRecord(letter, false)));
            }
            long deadline = System.nanoTime() + config.deadLetterTimeout().plus(Duration.ofSeconds(5)).toNanos();
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(remaining(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RecordTooLargeException)) {
                        throw e;
                    }
                    // retrying the same bytes would loop forever: keep the reason and position, drop the value
                    producer.send(toRecord(letters.get(i), true)).get(remaining(deadline), TimeUnit.NANOSECONDS);
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new StoreUnavailableException(StoreUnavailableException.Dependency.DEAD_LETTER_TOPIC,
                    "Cannot write to dead-letter topic " + config.deadLetterTopic() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(StoreUnavailableException.Dependency.DEAD_LETTER_TOPIC,
                    "Interrupted while writing to dead-letter topic " + config.deadLetterTopic(), e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter, boolean withoutValue) {
        ConsumerRecord<String, byte[]> in = letter.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : in.headers()) {
            headers.add(h);
        }
        add(headers, DeadLetterHeaders.TOPIC, in.topic());
        add(headers, DeadLetterHeaders.PARTITION, Integer.toString(in.partition()));
        add(headers, DeadLetterHeaders.OFFSET, Long.toString(in.offset()));
        add(headers, DeadLetterHeaders.STAGE, STAGE);
        add(headers, DeadLetterHeaders.SERVICE, config.groupId());
        add(headers, DeadLetterHeaders.ERROR_CLASS, letter.error().getClass().getName());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, truncate(String.valueOf(letter.error().getMessage())));
        add(headers, DeadLetterHeaders.TIMESTAMP, Instant.now().toString());
        if (withoutValue) {
            add(headers, VALUE_OMITTED, "original value of " + in.value().length
                    + " bytes exceeds the dead-letter topic's limit; read it at the original topic/partition/offset");
        }
        byte[] key = in.key() == null ? null : in.key().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(config.deadLetterTopic(), null, key, withoutValue ? null : in.value(), headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
