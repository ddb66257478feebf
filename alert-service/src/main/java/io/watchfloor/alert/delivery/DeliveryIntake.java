package io.watchfloor.alert.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.config.DeliverySettings;
import io.watchfloor.alert.domain.delivery.DigestWindow;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.edge.consumer.BatchHandler;
import io.watchfloor.edge.consumer.ConsumerState;
import io.watchfloor.edge.consumer.DependencyUnavailableException;
import io.watchfloor.edge.consumer.PausingBatchConsumer;
import io.watchfloor.edge.deadletter.DeadLetter;
import io.watchfloor.edge.deadletter.DeadLetterPublisher;
import io.watchfloor.edge.deadletter.DeadLetterUnavailableException;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group {@code alert-service-delivery}: each alert whose subscription has an enabled webhook becomes a pending
 * delivery (a digest's waits for its window), committed only once written; never waits on a receiver, and stays
 * paused until the subscriptions are loaded.
 */
@Context
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
public final class DeliveryIntake implements BatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryIntake.class);
    static final String GROUP = "alert-service-delivery";
    static final String STAGE = "delivery-intake";

    private final SubscriptionDirectory subscriptions;
    private final DeliveryWrites writes;
    private final AvroSerde<AlertEvent> alerts;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;
    private final PausingBatchConsumer consumer;

    DeliveryIntake(ClientSettings kafka, SchemaRegistryClient registry, SubscriptionDirectory subscriptions,
                   KafkaDeliveryWrites writes, DeliverySettings settings, MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.writes = writes;
        this.alerts = AvroSerde.forValues(AlertEvent.class, registry);
        this.deadLetters = new DeadLetterPublisher(kafka, Topics.ALERTS_DLQ, KafkaDeliveryWrites.SERVICE,
                Duration.ofSeconds(30), new PipelineMeters(meters, KafkaDeliveryWrites.SERVICE));
        this.clock = Clock.systemUTC();
        this.consumer = new PausingBatchConsumer(new PausingBatchConsumer.Settings("delivery-intake",
                kafka.consumer(GROUP, "alert-service-delivery-intake", Map.of()), List.of(Topics.ALERTS),
                settings.pollTimeout(), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(1)),
                this, dependency -> LOG.warn("Delivery intake paused: {} unavailable", dependency), meters);
        consumer.start();
    }

    @Override
    public void handle(ConsumerRecords<String, byte[]> records) throws DependencyUnavailableException {
        if (!subscriptions.loaded()) {
            throw new DependencyUnavailableException("subscriptions", "the subscriptions are not loaded yet", null);
        }
        Instant now = clock.instant();
        List<PendingDelivery> pending = new ArrayList<>();
        List<DeadLetter> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Subscription subscription = r.key() == null || r.value() == null ? null
                    : subscriptions.get(r.key()).orElse(null);
            if (subscription == null || subscription.webhook() == null || subscription.webhook().disabled()) {
                continue;
            }
            AlertEvent alert;
            try {
                alert = alerts.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                if (RegistryFailures.isOutage(e)) {
                    throw new DependencyUnavailableException("schema-registry", e.getMessage(), e);
                }
                LOG.warn("Alert {}-{}@{} cannot be decoded ({}); dead-lettering it", r.topic(), r.partition(),
                        r.offset(), e.toString());
                poison.add(new DeadLetter(r, STAGE, e));
                continue;
            }
            pending.add(subscription.digest() == null
                    ? PendingDelivery.immediate(subscription.id(), alert.getAlertId(), r.value(), r.partition(),
                            r.offset(), now)
                    : PendingDelivery.inDigest(subscription.id(), alert.getAlertId(), r.value(), r.partition(),
                            r.offset(), DigestWindow.containing(now, subscription.digest()), now));
        }
        try {
            deadLetters.publishAll(poison);
            writes.add(pending);
        } catch (DeadLetterUnavailableException e) {
            throw new DependencyUnavailableException("dead-letter-topic", e.getMessage(), e);
        } catch (DeliveryWrites.WriteFailedException e) {
            throw new DependencyUnavailableException("kafka", e.getMessage(), e);
        }
        if (!pending.isEmpty()) {
            LOG.debug("{} alert(s) queued for webhook delivery", pending.size());
        }
    }

    public ConsumerState state() {
        return consumer.state();
    }

    @PreDestroy
    void close() {
        consumer.close();
        deadLetters.close();
    }
}
