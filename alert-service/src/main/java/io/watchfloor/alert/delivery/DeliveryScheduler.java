package io.watchfloor.alert.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.config.DeliverySettings;
import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import io.watchfloor.alert.domain.delivery.RetryPolicy;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.alert.subscriptions.SubscriptionService;
import io.watchfloor.edge.deadletter.DeadLetter;
import io.watchfloor.edge.deadletter.DeadLetterPublisher;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.metrics.KafkaClientMeters;
import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertDelivery;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group {@code alert-service-deliveries} member: reads each assigned partition of the compacted deliveries topic
 * from the beginning into the {@link DeliveryEngine}, runs nothing of it before its end, then follows it. Commits
 * no offsets: the log is the state, so any restart (kill -9 too) rebuilds all that was pending.
 */
@Context
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
public final class DeliveryScheduler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);
    static final String GROUP = "alert-service-deliveries";
    private static final String STAGE = "delivery-log";

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaClientMeters consumerMeters;
    private final AvroSerde<AlertDelivery> serde;
    private final DeliveryEngine engine;
    private final ExecutorService workers;
    private final DeadLetterPublisher deadLetters;
    private final KafkaDeliveryWrites writes;
    private final Duration pollTimeout;
    private final Duration revokeWait;
    private final Map<TopicPartition, Long> loading = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    DeliveryScheduler(ClientSettings kafka, SchemaRegistryClient registry, SubscriptionDirectory subscriptions,
                      SubscriptionService service, DeliverySettings settings, KafkaDeliveryWrites writes,
                      WebhookSender sender, MeterRegistry meters) {
        this.consumer = new KafkaConsumer<>(kafka.consumer(GROUP, "alert-service-deliveries", Map.of()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumerMeters = KafkaClientMeters.of(meters, consumer);
        this.serde = AvroSerde.forValues(AlertDelivery.class, registry);
        this.writes = writes;
        this.workers = workers(settings.workers());
        this.engine = new DeliveryEngine(subscriptions, sender, writes, service::disableWebhook,
                AvroSerde.forValues(AlertEvent.class, registry),
                new RetryPolicy(settings.schedule(), settings.jitter(), settings.maxRetryAfter(), new Random()),
                new DeliveryEngine.Limits(settings.workers(), settings.laneConcurrency(),
                        settings.writeRetryDelay()), Clock.systemUTC(), workers);
        this.deadLetters = new DeadLetterPublisher(kafka, Topics.ALERTS_DLQ, KafkaDeliveryWrites.SERVICE,
                Duration.ofSeconds(30), new PipelineMeters(meters, KafkaDeliveryWrites.SERVICE));
        this.pollTimeout = settings.pollTimeout();
        this.revokeWait = settings.requestTimeout().multipliedBy(2).plusSeconds(5);
        this.thread = new Thread(this, "delivery-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    private static ExecutorService workers(int count) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(count, count, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "delivery-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.ALERT_DELIVERIES), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollWait());
                boolean outage = apply(records);
                markLoaded();
                engine.dispatch();
                if (outage) {
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumerMeters.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Until the next job is due, within [50 ms, poll timeout]: due jobs waiting for a lane are retried soon. */
    private Duration pollWait() {
        Instant next = engine.nextDue();
        if (next == null) {
            return pollTimeout;
        }
        Duration until = Duration.between(Instant.now(), next);
        Duration floor = Duration.ofMillis(Math.min(50, pollTimeout.toMillis()));
        return until.compareTo(floor) < 0 ? floor : until.compareTo(pollTimeout) > 0 ? pollTimeout : until;
    }

    /** Applies the records; true when the registry was down (the rest of that partition is read again). */
    private boolean apply(ConsumerRecords<String, byte[]> records) {
        boolean outage = false;
        for (TopicPartition tp : records.partitions()) {
            List<DeadLetter> poison = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                if (r.key() == null) {
                    continue;
                }
                PendingDelivery delivery = null;
                if (r.value() != null) {
                    try {
                        delivery = DeliveryToAvro.toDomain(serde.deserialize(r.topic(), r.value()));
                    } catch (RuntimeException e) {
                        if (RegistryFailures.isOutage(e)) {
                            LOG.warn("Schema registry unavailable while reading {}: {}; retrying", tp, e.toString());
                            consumer.seek(tp, r.offset());
                            outage = true;
                            break;
                        }
                        LOG.error("Pending delivery {}@{} ({}) cannot be read: {}; dead-lettering it", tp, r.offset(),
                                r.key(), e.toString());
                        poison.add(new DeadLetter(r, STAGE, e));
                    }
                }
                engine.apply(tp.partition(), r.offset(), r.key(), delivery);
            }
            bury(tp, poison);
        }
        return outage;
    }

    /** Dead-letters unreadable pending records, then tombstones them so they do not come back. */
    private void bury(TopicPartition tp, List<DeadLetter> poison) {
        if (poison.isEmpty()) {
            return;
        }
        try {
            deadLetters.publishAll(poison);
            writes.update(tp.partition(), List.of(), poison.stream().map(p -> p.record().key()).toList());
        } catch (Exception e) {
            LOG.error("Could not dead-letter {} unreadable pending deliveries: {}; they stay ignored", poison.size(),
                    e.toString());
        }
    }

    private void markLoaded() {
        for (Map.Entry<TopicPartition, Long> e : loading.entrySet()) {
            TopicPartition tp = e.getKey();
            if (consumer.assignment().contains(tp) && consumer.position(tp) >= e.getValue()) {
                loading.remove(tp);
                engine.ready(tp.partition());
                LOG.info("Deliveries of {} loaded; {} pending in all", tp, engine.pending());
            }
        }
    }

    private void fail(RuntimeException e) {
        failure = e.toString();
        LOG.error("Delivery scheduler stopped: {}. Pending deliveries stay in {}; restart alert-service",
                e.toString(), Topics.ALERT_DELIVERIES, e);
    }

    /** Why the scheduler stopped, or null while it runs. */
    public String failure() {
        return failure;
    }

    public int pending() {
        return engine.pending();
    }

    public int inFlight() {
        return engine.inFlight();
    }

    /** Attempts since start that ended with {@code result}. */
    public long count(DeliveryAttempt.Result result) {
        return engine.count(result);
    }

    /** Reads each assigned partition from the beginning; finishes jobs in flight before giving one up. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            loading.putAll(end);
            LOG.info("Deliveries: assigned {}, reading them from the beginning", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(loading::remove);
            engine.revoke(partitions.stream().map(TopicPartition::partition).toList(), revokeWait);
            LOG.info("Deliveries: revoked {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(loading::remove);
            engine.revoke(partitions.stream().map(TopicPartition::partition).toList(), Duration.ZERO);
            LOG.warn("Deliveries: lost {}", partitions);
        }
    }

    @PreDestroy
    void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(revokeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        deadLetters.close();
    }
}
