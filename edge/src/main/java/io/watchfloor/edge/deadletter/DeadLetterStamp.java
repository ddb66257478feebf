package io.watchfloor.edge.deadletter;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * The one implementation of the dead-letter headers ({@link DeadLetterHeaders}): where the record came from,
 * which stage refused it, the error and when. Used by Streams processors and plain consumers alike, so every
 * dead letter in {@code threat.reports.dlq.v1} reads the same whoever wrote it.
 */
public final class DeadLetterStamp {
    /** Error messages are cut here: headers are for a reason, not a stack trace. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetterStamp() {
    }

    /**
     * Adds the headers to {@code headers} (replacing earlier dead-letter headers of the same name, so a
     * replayed record that fails again says why it failed this time). {@code origin} may be null when unknown.
     */
    public static Headers stamp(Headers headers, DeadLetterOrigin origin, String stage, String service,
                                Throwable error, Instant at) {
        if (origin != null) {
            put(headers, DeadLetterHeaders.TOPIC, origin.topic());
            put(headers, DeadLetterHeaders.PARTITION, Integer.toString(origin.partition()));
            put(headers, DeadLetterHeaders.OFFSET, Long.toString(origin.offset()));
        }
        put(headers, DeadLetterHeaders.STAGE, stage);
        put(headers, DeadLetterHeaders.SERVICE, service);
        put(headers, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        put(headers, DeadLetterHeaders.ERROR_MESSAGE, truncate(String.valueOf(error.getMessage())));
        put(headers, DeadLetterHeaders.TIMESTAMP, at.toString());
        return headers;
    }

    /** Marks a dead letter whose original value had to be left out (too large for the dead-letter topic). */
    public static Headers markValueOmitted(Headers headers, int originalBytes) {
        put(headers, DeadLetterHeaders.VALUE_OMITTED, "original value of " + originalBytes
                + " bytes exceeds the dead-letter topic's limit; read it at the original topic/partition/offset");
        return headers;
    }

    /** The value of a header as text, or null. */
    public static String read(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
