package io.watchfloor.edge.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    /** The mock producer knows no cluster: every record goes to partition 0. */
    static final class PartitionZero implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return 0;
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void shouldSendTheFirstBytesOfAValueOverTheProducerLimitAndTheWholeOfOneUnderIt() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, new PartitionZero(), new ByteArraySerializer(),
                new ByteArraySerializer());
        DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "threat.reports.dlq.v1", "store-service",
                Duration.ofSeconds(5), Clock.fixed(Instant.parse("2026-12-03T19:00:00Z"), ZoneOffset.UTC),
                1_048_576);
        byte[] huge = new byte[1_200_000];
        Arrays.fill(huge, (byte) 'h');
        byte[] small = "small".getBytes(StandardCharsets.UTF_8);

        publisher.publishAll(List.of(
                new DeadLetter(new ConsumerRecord<>("threat.reports.enriched.v1", 1, 40L, "r-huge", huge), "store",
                        new IllegalArgumentException("refused")),
                new DeadLetter(new ConsumerRecord<>("threat.reports.enriched.v1", 1, 41L, "r-small", small), "store",
                        new IllegalArgumentException("refused"))));

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(2, sent.size());
        ProducerRecord<byte[], byte[]> first = sent.get(0);
        assertArrayEquals(Arrays.copyOf(huge, DeadLetterValue.TRUNCATED_BYTES), first.value());
        assertEquals("true", DeadLetterStamp.read(first.headers(), DeadLetterHeaders.VALUE_TRUNCATED));
        assertEquals("1200000", DeadLetterStamp.read(first.headers(), DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
        assertEquals("40", DeadLetterStamp.read(first.headers(), DeadLetterHeaders.OFFSET));
        assertEquals("refused", DeadLetterStamp.read(first.headers(), DeadLetterHeaders.ERROR_MESSAGE));
        ProducerRecord<byte[], byte[]> second = sent.get(1);
        assertArrayEquals(small, second.value());
        assertNull(second.headers().lastHeader(DeadLetterHeaders.VALUE_TRUNCATED));
        assertNull(second.headers().lastHeader(DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
    }
}
