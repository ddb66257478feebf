package io.watchfloor.alert.delivery;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.config.DeliverySettings;
import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.subscriptions.DeliveryLog;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertDeliveryAttempt;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery log behind {@code GET /subscriptions/{id}/deliveries}: every instance reads all partitions of
 * {@code threat.alerts.attempts.v1} from the beginning and keeps the last {@code log-size} attempts of each
 * subscription in memory.
 */
@Context
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
public final class AttemptLog implements DeliveryLog, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLog.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerde<AlertDeliveryAttempt> serde;
    private final int size;
    private final Map<String, Deque<DeliveryAttempt>> bySubscription = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    AttemptLog(ClientSettings kafka, SchemaRegistryClient registry, DeliverySettings settings) {
        this.consumer = new KafkaConsumer<>(kafka.consumer(null, "alert-service-attempts", Map.of()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.serde = AvroSerde.forValues(AlertDeliveryAttempt.class, registry);
        this.size = settings.logSize();
        this.thread = new Thread(this, "delivery-attempt-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public List<DeliveryAttempt> recent(String subscriptionId, int limit) {
        Deque<DeliveryAttempt> ring = bySubscription.get(subscriptionId);
        if (ring == null) {
            return List.of();
        }
        List<DeliveryAttempt> out = new ArrayList<>();
        synchronized (ring) {
            Iterator<DeliveryAttempt> newestFirst = ring.descendingIterator();
            while (newestFirst.hasNext() && out.size() < limit) {
                out.add(newestFirst.next());
            }
        }
        return out;
    }

    @Override
    public void run() {
        try {
            List<PartitionInfo> info = consumer.partitionsFor(Topics.ALERT_ATTEMPTS, Duration.ofSeconds(30));
            if (info == null || info.isEmpty()) {
                throw new IllegalStateException("Topic " + Topics.ALERT_ATTEMPTS + " does not exist");
            }
            List<TopicPartition> partitions = info.stream()
                    .map(p -> new TopicPartition(Topics.ALERT_ATTEMPTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    add(r);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Delivery attempt log stopped: {}", e.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("Delivery attempt log stopped: {}; GET /subscriptions/<id>/deliveries shows what was read "
                    + "so far. Restart alert-service", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void add(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        DeliveryAttempt attempt;
        while (true) {
            try {
                attempt = DeliveryToAvro.toDomain(serde.deserialize(r.topic(), r.value()));
                break;
            } catch (RuntimeException e) {
                if (!RegistryFailures.isOutage(e) || !running) {
                    LOG.warn("Delivery attempt {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(),
                            e.toString());
                    return;
                }
                LOG.warn("Schema registry unavailable ({}); retrying the attempt log in 1 s", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        Deque<DeliveryAttempt> ring = bySubscription.computeIfAbsent(attempt.subscriptionId(),
                k -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addLast(attempt);
            while (ring.size() > size) {
                ring.removeFirst();
            }
        }
    }

    @PreDestroy
    void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
