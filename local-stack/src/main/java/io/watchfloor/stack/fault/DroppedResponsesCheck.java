package io.watchfloor.stack.fault;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * RELIABILITY test 18 as a plain method: produce {@code records} distinct keys to a fresh topic through a broker
 * whose Produce responses are partly lost ({@link ResponseDroppingProxy}), then read the topic back and count.
 * With Watchfloor's producer settings (idempotent, acks=all) every key is there once; with idempotence off a
 * retry after a lost response writes the record again.
 *
 * <p>Records are sent one at a time (each send waits for its acknowledgement), so every record travels in a
 * Produce request of its own and a 5% drop rate touches about 5% of the records: batching would hide the fault
 * behind a handful of requests.
 */
public final class DroppedResponsesCheck {

    /** What was sent and what the topic holds: {@code duplicates} = records beyond the first of each key. */
    public record Result(int sent, long inTopic, long distinctKeys, long duplicates, long missing, Duration took) {
        /** Every key exactly once. */
        public boolean exactlyOnce() {
            return inTopic == sent && distinctKeys == sent && duplicates == 0 && missing == 0;
        }
    }

    private DroppedResponsesCheck() {
    }

    /**
     * The project's producer ({@link ClientSettings#producer} with the interactive timeouts, as ingest-service
     * uses it) for {@code bootstrap}; with {@code idempotent} false the same settings but idempotence off,
     * acks=all and retries on: the control that shows the check can see duplicates.
     */
    public static Map<String, Object> producerConfig(String bootstrap, boolean idempotent) {
        Map<String, Object> config = new HashMap<>(ClientSettings.forBootstrap(bootstrap)
                .producer("dropped-responses-check", ProducerTimeouts.INTERACTIVE, Map.of()));
        if (!idempotent) {
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        }
        return config;
    }

    /**
     * Creates {@code topic} (one partition) if missing, produces {@code records} records with keys
     * {@code <topic>-0 .. <topic>-(records-1)} with {@code producerConfig} (its {@code bootstrap.servers} must lead
     * through the proxy), then counts the topic's records and keys.
     */
    public static Result run(Map<String, Object> producerConfig, String topic, int records)
            throws InterruptedException {
        long start = System.nanoTime();
        String bootstrap = String.valueOf(producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        createTopic(bootstrap, topic);
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                String key = topic + "-" + i;
                try {
                    producer.send(new ProducerRecord<>(topic, key, "record " + i)).get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("Record " + key + " was not acknowledged: " + e, e);
                }
            }
        }
        Map<String, Integer> counts = count(bootstrap, topic);
        long inTopic = counts.values().stream().mapToLong(Integer::longValue).sum();
        long missing = 0;
        for (int i = 0; i < records; i++) {
            if (!counts.containsKey(topic + "-" + i)) {
                missing++;
            }
        }
        return new Result(records, inTopic, counts.size(), inTopic - counts.size(), missing,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static void createTopic(String bootstrap, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not create " + topic + " in 30 s", e);
        }
    }

    /** Every record of the topic, start to end offsets as they are now: occurrences by key. */
    static Map<String, Integer> count(String bootstrap, String topic) {
        Map<String, Object> config = new HashMap<>(ClientSettings.forBootstrap(bootstrap)
                .consumer(null, "dropped-responses-count", Map.of(
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())));
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!reached(consumer, end, Set.copyOf(partitions))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(record.key(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end,
                                   Set<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, Duration.ofSeconds(30)) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }
}
