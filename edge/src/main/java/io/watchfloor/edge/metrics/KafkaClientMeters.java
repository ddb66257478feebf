package io.watchfloor.edge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A hand-made Kafka client's own metrics (fetch and send rates, request latency, records lag, buffer use, ...) on
 * the service's meter registry as {@code kafka_consumer_*} and {@code kafka_producer_*}, tagged with the client's
 * {@code client_id}, like the clients micronaut-kafka creates. Close it with the client: the meters go with it.
 */
public final class KafkaClientMeters implements AutoCloseable {
    private static final KafkaClientMeters NONE = new KafkaClientMeters(null);

    private final KafkaClientMetrics binder;

    private KafkaClientMeters(KafkaClientMetrics binder) {
        this.binder = binder;
    }

    /** Nothing bound (until a client is). */
    public static KafkaClientMeters none() {
        return NONE;
    }

    /** Binds {@code producer}'s metrics to {@code registry}; a no-op when {@code registry} is null. */
    public static KafkaClientMeters of(MeterRegistry registry, Producer<?, ?> producer) {
        return registry == null ? NONE : bind(registry, new KafkaClientMetrics(producer));
    }

    /** Binds {@code consumer}'s metrics to {@code registry}; a no-op when {@code registry} is null. */
    public static KafkaClientMeters of(MeterRegistry registry, Consumer<?, ?> consumer) {
        return registry == null ? NONE : bind(registry, new KafkaClientMetrics(consumer));
    }

    private static KafkaClientMeters bind(MeterRegistry registry, KafkaClientMetrics binder) {
        binder.bindTo(registry);
        return new KafkaClientMeters(binder);
    }

    /** Stops refreshing and removes the client's meters. */
    @Override
    public void close() {
        if (binder != null) {
            binder.close();
        }
    }
}
