package io.watchfloor.edge.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterStampTest {

    @Test
    void shouldNameTheOriginStageServiceErrorAndTime() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[] {1});

        DeadLetterStamp.stamp(headers, new DeadLetterOrigin("threat.reports.raw.v1", 3, 42L), "deserialize",
                "enrich-service", new IllegalStateException("bad magic byte"), Instant.parse("2026-12-03T10:00:00Z"));

        assertEquals("threat.reports.raw.v1", DeadLetterStamp.read(headers, DeadLetterHeaders.TOPIC));
        assertEquals("3", DeadLetterStamp.read(headers, DeadLetterHeaders.PARTITION));
        assertEquals("42", DeadLetterStamp.read(headers, DeadLetterHeaders.OFFSET));
        assertEquals("deserialize", DeadLetterStamp.read(headers, DeadLetterHeaders.STAGE));
        assertEquals("enrich-service", DeadLetterStamp.read(headers, DeadLetterHeaders.SERVICE));
        assertEquals("java.lang.IllegalStateException", DeadLetterStamp.read(headers, DeadLetterHeaders.ERROR_CLASS));
        assertEquals("bad magic byte", DeadLetterStamp.read(headers, DeadLetterHeaders.ERROR_MESSAGE));
        assertEquals("2026-12-03T10:00:00Z", DeadLetterStamp.read(headers, DeadLetterHeaders.TIMESTAMP));
        assertEquals(1, headers.lastHeader("trace").value()[0], "the original headers are kept");
    }

    @Test
    void shouldReplaceAnEarlierReasonWhenARecordFailsAgainAndCapTheMessage() {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterStamp.stamp(headers, null, "enrich", "enrich-service", new RuntimeException("first"),
                Instant.EPOCH);

        DeadLetterStamp.stamp(headers, null, "store", "store-service", new RuntimeException("x".repeat(5000)),
                Instant.EPOCH);

        assertEquals("store", DeadLetterStamp.read(headers, DeadLetterHeaders.STAGE));
        int stages = 0;
        for (var ignored : headers.headers(DeadLetterHeaders.STAGE)) {
            stages++;
        }
        assertEquals(1, stages, "one reason, the latest");
        String message = DeadLetterStamp.read(headers, DeadLetterHeaders.ERROR_MESSAGE);
        assertEquals(DeadLetterStamp.MAX_MESSAGE_CHARS + 3, message.length());
        assertTrue(message.endsWith("..."));
        assertNull(DeadLetterStamp.read(headers, DeadLetterHeaders.TOPIC), "no origin: no position headers");
    }
}
