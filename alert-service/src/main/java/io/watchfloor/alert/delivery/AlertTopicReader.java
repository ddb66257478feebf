package io.watchfloor.alert.delivery;

import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.config.DeliverySettings;
import io.watchfloor.alert.subscriptions.AlertFeed;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AlertFeed} on {@code threat.alerts.v1}: reads only the subscription's partition (Kafka's default one for
 * the key), filters by key, committed records only; each page and stream has its own consumer, in no group.
 */
@Singleton
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
final class AlertTopicReader implements AlertFeed {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTopicReader.class);

    private final ClientSettings kafka;
    private final AvroSerde<AlertEvent> serde;
    private final int maxScan;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();

    AlertTopicReader(ClientSettings kafka, SchemaRegistryClient registry, DeliverySettings settings) {
        this.kafka = kafka;
        this.serde = AvroSerde.forValues(AlertEvent.class, registry);
        this.maxScan = settings.maxScan();
        this.maxStreams = settings.maxStreams();
    }

    @Override
    public Page page(String subscriptionId, Instant since, String after, int limit) throws UnavailableException {
        try (KafkaConsumer<String, byte[]> consumer = consumer("alert-service-alerts-page")) {
            TopicPartition tp = partitionOf(consumer, subscriptionId);
            consumer.assign(List.of(tp));
            long start = start(consumer, tp, since, after);
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            consumer.seek(tp, start);
            List<Item> items = new ArrayList<>();
            long last = -1;
            int scanned = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (items.size() < limit && scanned < maxScan && consumer.position(tp) < end
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (items.size() >= limit || scanned >= maxScan) {
                        break;
                    }
                    scanned++;
                    last = r.offset();
                    item(r, subscriptionId).ifPresent(items::add);
                }
            }
            String next = last >= 0 ? Partitions.position(tp.partition(), last) : after;
            boolean more = (last >= 0 ? last + 1 : start) < end;
            return new Page(items, next, more);
        } catch (KafkaException e) {
            throw new UnavailableException("Kafka did not answer reading " + Topics.ALERTS + ": " + e, e);
        }
    }

    @Override
    public Cursor follow(String subscriptionId, String lastEventId) throws UnavailableException {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new UnavailableException("Too many alert streams open (watchfloor.alert.delivery.max-streams = "
                    + maxStreams + "); try again later", null);
        }
        KafkaConsumer<String, byte[]> consumer = null;
        try {
            consumer = consumer("alert-service-alerts-stream");
            TopicPartition tp = partitionOf(consumer, subscriptionId);
            consumer.assign(List.of(tp));
            if (lastEventId == null || lastEventId.isBlank()) {
                consumer.seekToEnd(List.of(tp));
                consumer.position(tp);
            } else {
                consumer.seek(tp, afterPosition(tp, lastEventId));
            }
            return new StreamCursor(consumer, subscriptionId);
        } catch (KafkaException | IllegalArgumentException e) {
            open.decrementAndGet();
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new UnavailableException("Kafka did not answer reading " + Topics.ALERTS + ": " + e, e);
        }
    }

    /** Streams open now. */
    int openStreams() {
        return open.get();
    }

    private final class StreamCursor implements Cursor {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String subscriptionId;
        private boolean closed;

        StreamCursor(KafkaConsumer<String, byte[]> consumer, String subscriptionId) {
            this.consumer = consumer;
            this.subscriptionId = subscriptionId;
        }

        @Override
        public List<Item> poll(Duration wait) throws UnavailableException {
            List<Item> items = new ArrayList<>();
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
                    item(r, subscriptionId).ifPresent(items::add);
                }
            } catch (KafkaException e) {
                throw new UnavailableException("Kafka did not answer reading " + Topics.ALERTS + ": " + e, e);
            }
            return items;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
                consumer.close(Duration.ofSeconds(1));
            }
        }
    }

    private Optional<Item> item(ConsumerRecord<String, byte[]> r, String subscriptionId)
            throws UnavailableException {
        if (!subscriptionId.equals(r.key()) || r.value() == null) {
            return Optional.empty();
        }
        try {
            AlertEvent alert = serde.deserialize(r.topic(), r.value());
            return Optional.of(new Item(Partitions.position(r.partition(), r.offset()),
                    AlertJson.message(alert)));
        } catch (RuntimeException e) {
            if (RegistryFailures.isOutage(e)) {
                throw new UnavailableException("The schema registry did not answer: " + e.getMessage(), e);
            }
            LOG.warn("Alert {}-{}@{} cannot be decoded and is left out: {}", r.topic(), r.partition(), r.offset(),
                    e.toString());
            return Optional.empty();
        }
    }

    private long start(KafkaConsumer<String, byte[]> consumer, TopicPartition tp, Instant since, String after) {
        if (after != null && !after.isBlank()) {
            return afterPosition(tp, after);
        }
        if (since == null) {
            return consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
        }
        OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, since.toEpochMilli()), Duration.ofSeconds(10))
                .get(tp);
        return found != null ? found.offset() : consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
    }

    /** The offset after a position; the position must be on the subscription's partition. */
    private static long afterPosition(TopicPartition tp, String position) {
        long[] p = Partitions.parsePosition(position);
        if (p[0] != tp.partition()) {
            throw new IllegalArgumentException("'" + position + "' is not a position of this subscription's alerts "
                    + "(they are on partition " + tp.partition() + ")");
        }
        return p[1] + 1;
    }

    private TopicPartition partitionOf(KafkaConsumer<String, byte[]> consumer, String subscriptionId) {
        List<PartitionInfo> info = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(10));
        if (info == null || info.isEmpty()) {
            throw new KafkaException("topic " + Topics.ALERTS + " does not exist");
        }
        return new TopicPartition(Topics.ALERTS, Partitions.forKey(subscriptionId, info.size()));
    }

    private KafkaConsumer<String, byte[]> consumer(String clientId) {
        return new KafkaConsumer<>(kafka.consumer(null, clientId, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
