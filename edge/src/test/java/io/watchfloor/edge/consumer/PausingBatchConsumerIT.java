package io.watchfloor.edge.consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchfloor.testsupport.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer loop on a real broker, reading a topic written in transactions (as enrich-service's exactly-once
 * Streams writes the enriched topic): once idle, its group's committed offsets reach the end of every partition,
 * commit markers included, so Kafka's own tooling shows lag 0 rather than 1 per partition.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PausingBatchConsumerIT {

    @Test
    void shouldCommitPastTheTransactionMarkersOnceIdleSoTheGroupShowsNoLag() throws Exception {
        String topic = "pausing-consumer-it-" + System.nanoTime();
        String group = topic + "-group";
        KafkaBrokerExtension.createTopic(topic, 2);
        // two committed transactions, one aborted one between them: 5 records a handler must see, 2 it must not
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx"), new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "a0", "aborted-0"));
            producer.send(new ProducerRecord<>(topic, 1, "a1", "aborted-1"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k3", "committed-3"));
            producer.send(new ProducerRecord<>(topic, 1, "k4", "committed-4"));
            producer.commitTransaction();
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (PausingBatchConsumer consumer = new PausingBatchConsumer(new PausingBatchConsumer.Settings("it",
                config, List.of(topic), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofMinutes(1)), records -> records.forEach(r -> handled.add(new String(r.value(),
                StandardCharsets.UTF_8))), dependency -> {
                });
             Admin admin = KafkaBrokerExtension.admin()) {
            consumer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 5);
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                ends.put(tp, admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                        .get(tp).offset());
            }
            // partition 0: 2 + 1 aborted + 1 committed records and 3 markers; partition 1: 1 + 1 + 1 and 3 markers
            assertEquals(Map.of(new TopicPartition(topic, 0), 7L, new TopicPartition(topic, 1), 6L), ends);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, Long> offsets = new HashMap<>();
                committed.forEach((tp, o) -> offsets.put(tp, o.offset()));
                assertEquals(ends, offsets, "an idle group's committed offsets are the partitions' ends (lag 0)");
            });
            assertEquals(List.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-4"),
                    handled.stream().sorted().toList(), "every committed record once, no aborted one");
        }
    }
}
