package io.watchfloor.alert.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.GroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.alert.subscriptions.SubscriptionStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.edge.deadletter.DeadLetter;
import io.watchfloor.edge.deadletter.DeadLetterPublisher;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertSubscription;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted {@code threat.subscriptions.v1} read as a table on every instance: a thread reads all partitions
 * from the beginning and keeps the subscriptions and their index current. Writes go through the same topic and
 * return once this instance has read them back. A record that cannot be decoded is dead-lettered with its reason
 * and tombstoned, so it never comes back and the rest keep working.
 */
@Context
@Requires(property = "watchfloor.alert.subscriptions.enabled", notEquals = "false")
public final class SubscriptionLog implements SubscriptionDirectory, SubscriptionStore, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionLog.class);
    static final String STAGE = "subscription";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final AvroSerde<AlertSubscription> serde;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetterPublisher deadLetters;
    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile SubscriptionIndex index;
    private volatile boolean loaded;
    private volatile String failure;

    @jakarta.inject.Inject
    public SubscriptionLog(ClientSettings kafka, SchemaRegistryClient registry, GroupDirectory groups,
                           MeterRegistry meters) {
        this(kafka, registry, groups, Topics.SUBSCRIPTIONS, new PipelineMeters(meters, "alert-service"));
    }

    SubscriptionLog(ClientSettings kafka, SchemaRegistryClient registry, GroupDirectory groups, String topic,
                    PipelineMeters meters) {
        this.topic = topic;
        this.serde = AvroSerde.forValues(AlertSubscription.class, registry);
        this.index = SubscriptionIndex.empty(groups);
        this.consumer = new KafkaConsumer<>(kafka.consumer(null, "alert-service-subscriptions", Map.of()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(kafka.producer("alert-service-subscriptions",
                ProducerTimeouts.INTERACTIVE, Map.of()), new StringSerializer(), new ByteArraySerializer());
        this.deadLetters = new DeadLetterPublisher(kafka, Topics.ALERTS_DLQ, "alert-service", Duration.ofSeconds(30),
                meters);
        this.thread = new Thread(this, "subscription-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running.get()) {
                List<DeadLetter> poison = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record, poison);
                }
                if (!poison.isEmpty()) {
                    bury(poison);
                }
                partitions.forEach(tp -> applied.put(tp.partition(), consumer.position(tp)));
                if (!loaded && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    loaded = true;
                    LOG.info("Subscriptions loaded: {} from {}", byId.size(), topic);
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close();
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (info == null || info.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist; create it (the local stack and "
                    + "docker-compose do) and restart alert-service");
        }
        return info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private void apply(ConsumerRecord<String, byte[]> record, List<DeadLetter> poison) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            if (byId.remove(record.key()) != null) {
                index = index.without(record.key());
            }
            return;
        }
        try {
            Subscription s = SubscriptionToAvro.toDomain(serde.deserialize(record.topic(), record.value()));
            SubscriptionIndex next = index.with(s);
            byId.put(s.id(), s);
            index = next;
        } catch (RuntimeException e) {
            LOG.warn("Subscription record {}-{}@{} ({}) cannot be used: {}; dead-lettering it", record.topic(),
                    record.partition(), record.offset(), record.key(), e.toString());
            poison.add(new DeadLetter(record, STAGE, e));
        }
    }

    /** Dead-letters poison records, then tombstones their keys so compaction removes them. */
    private void bury(List<DeadLetter> poison) {
        try {
            deadLetters.publishAll(poison);
            for (DeadLetter letter : poison) {
                String key = letter.record().key();
                if (!byId.containsKey(key)) {
                    producer.send(new ProducerRecord<>(topic, key, null)).get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            LOG.error("Could not dead-letter {} poison subscription record(s): {}; they stay ignored", poison.size(),
                    e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void fail(RuntimeException e) {
        failure = e.toString();
        LOG.error("Subscription log stopped: {}. Alerts use the subscriptions read so far; restart alert-service",
                e.toString(), e);
    }

    @Override
    public Optional<Subscription> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Subscription> all() {
        List<Subscription> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Subscription::id));
        return all;
    }

    @Override
    public SubscriptionIndex index() {
        return index;
    }

    @Override
    public boolean loaded() {
        return loaded;
    }

    /** Why the log stopped reading, or null while it runs. */
    public String failure() {
        return failure;
    }

    @Override
    public void save(Subscription subscription) throws StoreUnavailableException {
        write(subscription.id(), serde.serialize(topic, SubscriptionToAvro.toAvro(subscription)));
    }

    @Override
    public void delete(String id) throws StoreUnavailableException {
        write(id, null);
    }

    private void write(String key, byte[] value) throws StoreUnavailableException {
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, key, value))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (progress) {
                while (applied.getOrDefault(written.partition(), 0L) <= written.offset()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || failure != null) {
                        throw new StoreUnavailableException("Subscription " + key + " was written to " + topic
                                + " but not read back within " + WRITE_TIMEOUT.toSeconds() + " s"
                                + (failure == null ? "" : " (" + failure + ")") + "; it will apply shortly", null);
                    }
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while saving subscription " + key, e);
        } catch (Exception e) {
            if (e instanceof StoreUnavailableException s) {
                throw s;
            }
            throw new StoreUnavailableException("Kafka did not accept subscription " + key + " (" + e
                    + "); nothing was changed, retry shortly", e);
        }
    }

    @PreDestroy
    void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        deadLetters.close();
    }
}
