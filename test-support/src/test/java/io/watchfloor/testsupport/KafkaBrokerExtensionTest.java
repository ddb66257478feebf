package io.watchfloor.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    @Test
    void shouldExposeBootstrapServersAsSystemProperties() {
        String bootstrap = KafkaBrokerExtension.bootstrapServers();
        assertTrue(bootstrap.matches("[^,]+:\\d+"), bootstrap);
        assertEquals(bootstrap, System.getProperty("kafka.bootstrap.servers"));
        assertEquals(bootstrap, System.getProperty("watchfloor.kafka.bootstrap-servers"));
    }

    @Test
    void shouldCreateTopicsIdempotentlyAndRoundTripARecord() throws Exception {
        KafkaBrokerExtension.createTopic("smoke.topic", 3);
        KafkaBrokerExtension.createTopic("smoke.topic", 3);
        KafkaBrokerExtension.createTopics(List.of("smoke.other", "smoke.topic"));
        try (Admin admin = KafkaBrokerExtension.admin()) {
            var description = admin.describeTopics(List.of("smoke.topic")).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get("smoke.topic");
            assertEquals(3, description.partitions().size());
            assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("smoke.other"));
        }

        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("smoke.topic", "k1", "hello broker")).get(10, TimeUnit.SECONDS);
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "smoke-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("smoke.topic"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertEquals(1, received.size());
        assertEquals("k1", received.get(0).key());
        assertEquals("hello broker", received.get(0).value());
    }
}
