package io.watchfloor.bench;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The yardstick: Kafka's own producer, idempotent with acks=all (what ingest uses), lz4, 5 ms linger. */
final class KafkaLoad {

    private KafkaLoad() {
    }

    /** Sends every record and waits for every acknowledgement; returns the seconds it took. */
    static double produce(String bootstrap, String topic, List<String> keys, List<byte[]> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata first: the baseline times sending, not connecting
            long start = System.nanoTime();
            for (int i = 0; i < keys.size(); i++) {
                producer.send(new ProducerRecord<>(topic, keys.get(i), values.get(i)), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("baseline send failed: " + failure.get(), failure.get());
            }
            return seconds;
        }
    }

    /**
     * Waits (60 s at most) until the broker answers a ListOffsets for every partition of {@code topics}, i.e. each
     * partition exists on its leader. Producing with idempotence into a partition its leader has not created yet can
     * get the first batch refused while a later one is written, after which the first batch's retry is refused as
     * out of order until the delivery timeout (KAFKA-14359): scratch topics are awaited before the first send.
     */
    static void awaitServed(org.apache.kafka.clients.admin.Admin admin, java.util.Collection<String> topics)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs =
                        new java.util.HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions().forEach(
                        p -> specs.put(new org.apache.kafka.common.TopicPartition(name, p.partition()),
                                org.apache.kafka.clients.admin.OffsetSpec.latest())));
                admin.listOffsets(specs).all().get(10, java.util.concurrent.TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + topics + " not served after 60 s: " + e, e);
                }
                Thread.sleep(200);
            }
        }
    }
}
