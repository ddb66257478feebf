package io.watchfloor.edge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag as Kafka's own tools compute it: per group and partition, the committed offset against the
 * partition's last stable offset (what a read_committed consumer can reach). Used by the lag gauge every
 * service exports and by {@code ./watchfloor status}.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** One partition of one group: committed offset, end offset and the records between them. */
    public record PartitionLag(String group, String topic, int partition, long committed, long end) {
        public long lag() {
            return Math.max(0, end - committed);
        }
    }

    /**
     * Lag of every partition the given groups have committed offsets for; a group that never committed is
     * absent. Throws when the cluster does not answer within {@code timeout}.
     */
    public static List<PartitionLag> of(Admin admin, Collection<String> groups, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(remaining(deadline), TimeUnit.NANOSECONDS);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    present.put(tp, om);
                    wanted.put(tp, OffsetSpec.latest());
                }
            });
            committed.put(group, present);
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                .listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        List<PartitionLag> lags = new ArrayList<>();
        committed.forEach((group, offsets) -> offsets.forEach((tp, om) -> {
            var end = ends.get(tp);
            if (end != null) {
                lags.add(new PartitionLag(group, tp.topic(), tp.partition(), om.offset(), end.offset()));
            }
        }));
        lags.sort(Comparator.comparing(PartitionLag::group).thenComparing(PartitionLag::topic)
                .thenComparingInt(PartitionLag::partition));
        return lags;
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }
}
