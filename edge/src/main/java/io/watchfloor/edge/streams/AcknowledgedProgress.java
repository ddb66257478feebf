package io.watchfloor.edge.streams;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Counts a Streams app's progress when the broker acknowledges one of its output records, not when the topology
 * hands the record to the producer. A record whose write cannot succeed (its topic deleted, the broker refusing it)
 * is handed to the producer again on every retry of a replaced stream thread; counted at the hand-over, each retry
 * looked like progress and {@link StreamProgress#stalled()} flapped back to healthy. A producer interceptor in the
 * Streams producer ({@link #configure(Map, StreamProgress, Set)}) sees the broker's answer: only an acknowledged
 * write to one of the named output topics is progress. Plain Kafka client API; no Micronaut.
 */
public final class AcknowledgedProgress implements ProducerInterceptor<Object, Object> {
    /** Producer setting naming the {@link StreamProgress} registered for this producer. */
    public static final String PROGRESS_ID = "watchfloor.progress.id";
    /** Producer setting: the output topics (comma-separated) whose acknowledged writes count as progress. */
    public static final String PROGRESS_TOPICS = "watchfloor.progress.topics";

    private static final Map<String, StreamProgress> REGISTERED = new ConcurrentHashMap<>();

    private StreamProgress progress;
    private Set<String> topics = Set.of();

    /**
     * Puts the interceptor and its settings into a Streams configuration (producer prefix) and registers
     * {@code progress} under a fresh id, so two apps in one JVM never count each other's writes.
     */
    public static void configure(Map<Object, Object> streamsConfig, StreamProgress progress, Set<String> outputTopics) {
        Objects.requireNonNull(progress, "progress");
        String id = UUID.randomUUID().toString();
        REGISTERED.put(id, progress);
        streamsConfig.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig
                .INTERCEPTOR_CLASSES_CONFIG), AcknowledgedProgress.class.getName());
        streamsConfig.put(StreamsConfig.producerPrefix(PROGRESS_ID), id);
        streamsConfig.put(StreamsConfig.producerPrefix(PROGRESS_TOPICS), String.join(",", outputTopics));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(PROGRESS_ID);
        progress = id == null ? null : REGISTERED.get(id.toString());
        if (progress == null) {
            throw new IllegalStateException(AcknowledgedProgress.class.getSimpleName() + " needs " + PROGRESS_ID
                    + " naming a registered StreamProgress (set by AcknowledgedProgress.configure); was " + id);
        }
        Object names = configs.get(PROGRESS_TOPICS);
        topics = names == null ? Set.of() : Arrays.stream(names.toString().split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata != null && topics.contains(metadata.topic())) {
            progress.progressed();
        }
    }

    @Override
    public void close() {
        // the registration stays: a replaced stream thread's new producer looks the same id up again
    }
}
