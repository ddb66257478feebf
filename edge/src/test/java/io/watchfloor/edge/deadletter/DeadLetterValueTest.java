package io.watchfloor.edge.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterValueTest {
    /** enrich-service's producer limit: max-record-bytes 1,000,000 + 64 KiB. */
    private static final int ENRICH_LIMIT = 1_065_536;
    private static final byte[] KEY = "r-1".getBytes(StandardCharsets.UTF_8);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static RecordHeaders stamped() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[] {9});
        DeadLetterStamp.stamp(headers, new DeadLetterOrigin("threat.reports.raw.v1", 2, 145L), "size",
                "enrich-service", new IllegalStateException("too big"), Instant.parse("2026-12-03T19:00:00Z"));
        return headers;
    }

    @Test
    void shouldKeepTheFirstBytesOfAValueOverTheProducerLimitAndSaySo() {
        byte[] original = bytes(1_500_225);
        RecordHeaders headers = stamped();

        byte[] value = DeadLetterValue.fit(KEY, original, headers, ENRICH_LIMIT);

        assertEquals(DeadLetterValue.TRUNCATED_BYTES, value.length);
        assertArrayEquals(Arrays.copyOf(original, DeadLetterValue.TRUNCATED_BYTES), value);
        assertEquals("true", DeadLetterStamp.read(headers, DeadLetterHeaders.VALUE_TRUNCATED));
        assertEquals("1500225", DeadLetterStamp.read(headers, DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
        assertTrue(DeadLetterValue.truncated(headers));
        // the reason and the way back to the whole record are kept
        assertEquals("threat.reports.raw.v1", DeadLetterStamp.read(headers, DeadLetterHeaders.TOPIC));
        assertEquals("2", DeadLetterStamp.read(headers, DeadLetterHeaders.PARTITION));
        assertEquals("145", DeadLetterStamp.read(headers, DeadLetterHeaders.OFFSET));
        assertEquals("java.lang.IllegalStateException", DeadLetterStamp.read(headers, DeadLetterHeaders.ERROR_CLASS));
        assertEquals("too big", DeadLetterStamp.read(headers, DeadLetterHeaders.ERROR_MESSAGE));
        assertEquals(9, headers.lastHeader("trace").value()[0]);
    }

    @Test
    void shouldLeaveAValueThatFitsUntouched() {
        byte[] original = bytes(1_060_215); // test 9's first oversize raw record: it fits enrich's producer
        RecordHeaders headers = stamped();
        int headerCount = headers.toArray().length;

        assertSame(original, DeadLetterValue.fit(KEY, original, headers, ENRICH_LIMIT));
        assertNull(headers.lastHeader(DeadLetterHeaders.VALUE_TRUNCATED));
        assertNull(headers.lastHeader(DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
        assertEquals(headerCount, headers.toArray().length);
        assertFalse(DeadLetterValue.truncated(headers));
        assertNull(DeadLetterValue.fit(KEY, null, headers, ENRICH_LIMIT), "a tombstone stays a tombstone");
    }

    @Test
    void shouldCountKeyAndHeadersAgainstTheLimit() {
        int limit = 10_000;
        RecordHeaders small = new RecordHeaders();
        byte[] original = bytes(limit - DeadLetterValue.OVERHEAD_BYTES - KEY.length);
        assertSame(original, DeadLetterValue.fit(KEY, original, small, limit), "exactly at the limit");

        RecordHeaders big = new RecordHeaders();
        big.add("big", bytes(5_000));
        byte[] value = DeadLetterValue.fit(KEY, original, big, limit);
        long framing = KEY.length + DeadLetterValue.OVERHEAD_BYTES
                + Arrays.stream(big.toArray()).mapToLong(h -> h.key().length() + h.value().length + 2).sum();
        assertTrue(value.length + framing <= limit + 64, value.length + " bytes kept with " + framing + " of framing");
        assertTrue(value.length > 0 && value.length < DeadLetterValue.TRUNCATED_BYTES);
        assertArrayEquals(Arrays.copyOf(original, value.length), value);
        assertEquals(Integer.toString(original.length), DeadLetterStamp.read(big, DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
    }

    @Test
    void shouldReadTheProducersMaxRequestSizeFromTheSameConfiguration() {
        Properties streams = new Properties();
        assertEquals(1_048_576, DeadLetterValue.maxRequestBytes(streams), "Kafka's default");
        streams.put("max.request.size", "2000000");
        assertEquals(2_000_000, DeadLetterValue.maxRequestBytes(streams));
        streams.put("producer.max.request.size", "1065536");
        assertEquals(1_065_536, DeadLetterValue.maxRequestBytes(streams), "the producer's own setting wins");
        assertEquals(3_000_000, DeadLetterValue.maxRequestBytes(Map.of("max.request.size", 3_000_000)));
        assertEquals(1_048_576, DeadLetterValue.maxRequestBytes(Map.<String, Object>of()));
    }
}
