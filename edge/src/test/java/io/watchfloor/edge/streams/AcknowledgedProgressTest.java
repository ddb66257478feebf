package io.watchfloor.edge.streams;

import io.watchfloor.testsupport.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcknowledgedProgressTest {


    private static RecordMetadata written(String topic) {
        return new RecordMetadata(new TopicPartition(topic, 0), 5, 0, 0L, 10, 100);
    }

    /** The producer's view: the Streams configuration's producer-prefixed settings, as Streams hands them on. */
    private static AcknowledgedProgress interceptor(StreamProgress progress, Set<String> topics) {
        Map<Object, Object> streams = new HashMap<>();
        AcknowledgedProgress.configure(streams, progress, topics);
        assertEquals(AcknowledgedProgress.class.getName(),
                streams.get(StreamsConfig.producerPrefix(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG)));
        Map<String, Object> producer = new HashMap<>();
        String prefix = StreamsConfig.producerPrefix("");
        streams.forEach((k, v) -> producer.put(k.toString().substring(prefix.length()), v));
        AcknowledgedProgress interceptor = new AcknowledgedProgress();
        interceptor.configure(producer);
        return interceptor;
    }

    @Test
    void shouldCountOnlyAcknowledgedWritesToTheOutputTopicsAsProgress() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));
        StreamProgress progress = new StreamProgress(2, Duration.ofMinutes(5), clock, "setting", "Check the broker.");
        AcknowledgedProgress interceptor = interceptor(progress, Set.of("out", "dlq"));

        // a write that keeps failing (topic gone): every retry hands the record over again; none is progress
        for (int retry = 0; retry < 3; retry++) {
            clock.advance(Duration.ofSeconds(60));
            interceptor.onAcknowledgement(written("out"), new UnknownTopicOrPartitionException("gone"));
            clock.advance(Duration.ofSeconds(1));
            progress.threadFailed(new IllegalStateException("send failed"));
            // a changelog or repartition write of the same app is not the app's output
            interceptor.onAcknowledgement(written("app-store-changelog"), null);
        }
        assertTrue(progress.stalled(), progress.details().toString());
        assertFalse(progress.details().containsKey("lastProgress"), progress.details().toString());

        // the dead letter is written: progress, the stall is over
        clock.advance(Duration.ofSeconds(5));
        interceptor.onAcknowledgement(written("dlq"), null);
        assertFalse(progress.stalled(), progress.details().toString());
        assertEquals(clock.instant().toString(), progress.details().get("lastProgress"));
    }

    @Test
    void shouldKeepTwoAppsInOneJvmApart() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));
        StreamProgress first = new StreamProgress(1, Duration.ofMinutes(5), clock, "setting", null);
        StreamProgress second = new StreamProgress(1, Duration.ofMinutes(5), clock, "setting", null);
        AcknowledgedProgress a = interceptor(first, Set.of("out"));
        interceptor(second, Set.of("out"));
        first.threadFailed(new IllegalStateException("x"));
        second.threadFailed(new IllegalStateException("x"));
        clock.advance(Duration.ofSeconds(1));

        a.onAcknowledgement(written("out"), null);

        assertFalse(first.stalled());
        assertTrue(second.stalled(), "the other app's write is not this app's progress");
    }

    @Test
    void shouldRefuseAProducerWithoutARegisteredProgress() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AcknowledgedProgress().configure(Map.of(AcknowledgedProgress.PROGRESS_ID, "nope")));
        assertTrue(e.getMessage().contains(AcknowledgedProgress.PROGRESS_ID), e.getMessage());
    }
}
