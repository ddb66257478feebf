package io.watchfloor.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    @Test
    void shouldPickThePartitionKafkasDefaultPartitionerPicksForTheSubscriptionId() {
        for (String key : new String[] {"sub-0a1b2c3d4e5f6a7b", "sub-1", "x", "sub-ffffffffffffffff"}) {
            for (int partitions : new int[] {1, 3, 6, 7}) {
                assertEquals(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions),
                        Partitions.forKey(key, partitions), key + " over " + partitions);
            }
        }
    }

    @Test
    void shouldParsePositionsAndRefuseOthers() {
        assertArrayEquals(new long[] {2, 41}, Partitions.parsePosition("2-41"));
        assertEquals("2-41", Partitions.position(2, 41));
        assertThrows(IllegalArgumentException.class, () -> Partitions.parsePosition("41"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.parsePosition("a-1"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.parsePosition("-1-2"));
    }
}
