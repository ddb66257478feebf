package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OversizeTest {

    @Test
    void bodiesHaveExactlyTheAskedSizeAndAreJsonWithTheMarker() throws Exception {
        for (int size : new int[] {Oversize.INGEST_LIMIT + 1, 4096}) {
            byte[] body = Oversize.body(size, "MARK-1");
            assertEquals(size, body.length);
            var json = RawRecords.JSON.readTree(body);
            assertTrue(json.path("text").asText().startsWith("MARK-1 "));
            assertTrue(json.path("title").asText().contains("MARK-1"));
            assertTrue(RawRecords.contains(body, "MARK-1".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThrows(IllegalArgumentException.class, () -> Oversize.body(10, "MARK-1"));
    }

    @Test
    void byteSearch() {
        byte[] hay = "abcabd".getBytes(StandardCharsets.US_ASCII);
        assertTrue(RawRecords.contains(hay, "abd".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(RawRecords.contains(hay, "abe".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(RawRecords.contains(null, "a".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void partitionLikeTheDefaultPartitioner() {
        // murmur2 of the key bytes, positive, modulo the partition count (Kafka's BuiltInPartitioner for keyed records)
        for (String key : new String[] {"r-1", "r-t9-abc-after-oversize-0", ""}) {
            int p = Oversize.partitionOf(key, 6);
            assertTrue(p >= 0 && p < 6);
            assertEquals(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                    key.getBytes(StandardCharsets.UTF_8), 6), p);
        }
    }
}
