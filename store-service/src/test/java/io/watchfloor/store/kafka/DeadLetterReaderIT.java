package io.watchfloor.store.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.ops.DeadLetterSummary;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dead-letter summary on a real broker: exact total, reasons per stage, service and error, newest first. */
@ExtendWith(KafkaBrokerExtension.class)
class DeadLetterReaderIT {

    @Test
    void shouldCountEveryLetterAndTheReasonsOfTheNewestWithoutConsumingThem() throws Exception {
        String topic = "dlq-view-" + UUID.randomUUID();
        KafkaBrokerExtension.createTopic(topic, 2);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                boolean store = i < 3;
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % 2, bytes("key-" + i),
                        new byte[] {1, 2, 3});
                r.headers().add(DeadLetterHeaders.STAGE, bytes(store ? "store" : "enrich"));
                r.headers().add(DeadLetterHeaders.SERVICE, bytes(store ? "store-service" : "enrich-service"));
                r.headers().add(DeadLetterHeaders.ERROR_CLASS, bytes(store
                        ? "org.apache.kafka.common.errors.SerializationException" : "java.lang.IllegalStateException"));
                r.headers().add(DeadLetterHeaders.ERROR_MESSAGE, bytes("reason " + i));
                r.headers().add(DeadLetterHeaders.TOPIC, bytes("threat.reports.enriched.v1"));
                r.headers().add(DeadLetterHeaders.PARTITION, bytes("0"));
                r.headers().add(DeadLetterHeaders.OFFSET, bytes(Integer.toString(100 + i)));
                r = new ProducerRecord<>(r.topic(), r.partition(), 1_700_000_000_000L + i * 1000L, r.key(), r.value(),
                        r.headers());
                producer.send(r).get();
            }
        }
        DeadLetterReader reader = new DeadLetterReader(ClientSettings.forBootstrap(
                KafkaBrokerExtension.bootstrapServers()), new AnalystViewSettings(null, "http://127.0.0.1:1",
                Duration.ofSeconds(1), topic, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1)));

        DeadLetterSummary all = reader.summary(1000, 2);
        DeadLetterSummary sampled = reader.summary(1, 10);

        assertEquals(5, all.total());
        assertEquals(5, all.sampled());
        assertEquals(Map.of("store", 3L, "enrich", 2L), all.byStage());
        assertEquals(3L, all.byError().get("org.apache.kafka.common.errors.SerializationException"));
        assertEquals(2, all.newest().size());
        assertEquals("key-4", all.newest().get(0).key());
        assertEquals("104", all.newest().get(0).originalOffset());
        assertEquals(5, sampled.total(), "the total comes from the offsets, whatever the sample");
        assertEquals(2, sampled.sampled(), "one newest letter per partition");
        assertEquals(5, reader.summary(1000, 0).total(), "reading consumed nothing");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
