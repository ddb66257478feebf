package io.watchfloor.stack;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One dead letter as operators see it: its id ({@code <short topic>-<partition>-<offset>}, e.g.
 * {@code reports-0-17}), why it was refused and where its original record was read.
 */
record DeadLetterEntry(String id, String topic, int partition, long offset, Instant time, String key,
                       String stage, String service, String errorClass, String errorMessage,
                       String originTopic, Integer originPartition, Long originOffset, boolean valueOmitted,
                       boolean valueTruncated, byte[] value, Map<String, byte[]> otherHeaders) {

    /** Reads a record of a dead-letter topic. */
    static DeadLetterEntry of(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> dlq = new LinkedHashMap<>();
        Map<String, byte[]> other = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            if (h.key().startsWith("dlq.")) {
                dlq.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            } else {
                other.put(h.key(), h.value());
            }
        }
        String ts = dlq.get(DeadLetterHeaders.TIMESTAMP);
        Instant time = Instant.ofEpochMilli(r.timestamp());
        if (ts != null) {
            try {
                time = Instant.parse(ts);
            } catch (RuntimeException e) {
                // keep the record timestamp
            }
        }
        return new DeadLetterEntry(idOf(r.topic(), r.partition(), r.offset()), r.topic(), r.partition(), r.offset(),
                time, r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                dlq.getOrDefault(DeadLetterHeaders.STAGE, "unknown"), dlq.get(DeadLetterHeaders.SERVICE),
                dlq.get(DeadLetterHeaders.ERROR_CLASS), dlq.get(DeadLetterHeaders.ERROR_MESSAGE),
                dlq.get(DeadLetterHeaders.TOPIC), parseInt(dlq.get(DeadLetterHeaders.PARTITION)),
                parseLong(dlq.get(DeadLetterHeaders.OFFSET)), dlq.containsKey(DeadLetterHeaders.VALUE_OMITTED),
                "true".equals(dlq.get(DeadLetterHeaders.VALUE_TRUNCATED)), r.value(), other);
    }

    /** {@code threat.reports.dlq.v1}, 0, 17 -> {@code reports-0-17}. */
    static String idOf(String topic, int partition, long offset) {
        return shortName(topic) + "-" + partition + "-" + offset;
    }

    /** {@code threat.reports.dlq.v1} -> {@code reports}; other names stay as they are. */
    static String shortName(String topic) {
        String s = topic;
        if (s.startsWith("threat.")) {
            s = s.substring("threat.".length());
        }
        if (s.endsWith(".dlq.v1")) {
            s = s.substring(0, s.length() - ".dlq.v1".length());
        }
        return s.replace('.', '_');
    }

    /** The reason operators group by: the error's simple class name. */
    String reason() {
        if (errorClass == null || errorClass.isBlank()) {
            return "unknown";
        }
        int dot = errorClass.lastIndexOf('.');
        String simple = dot < 0 ? errorClass : errorClass.substring(dot + 1);
        int dollar = simple.lastIndexOf('$');
        return dollar < 0 ? simple : simple.substring(dollar + 1);
    }

    /**
     * Whether the dead letter lacks (part of) the original value: left out, or only its first bytes kept
     * ({@code dlq.value.truncated}). Replay then reads the whole value at the original position.
     */
    boolean valueIncomplete() {
        return valueTruncated || (value == null && valueOmitted);
    }

    /** Whether the original topic and position are known (replay needs the topic). */
    boolean replayable() {
        return originTopic != null && !originTopic.isBlank();
    }

    /** A short readable preview of the value: text as is, Avro (Confluent wire format) as its printable runs. */
    String preview(int max) {
        if (value == null) {
            return valueOmitted ? "(value left out: too large for the dead-letter topic)" : "(no value)";
        }
        String text;
        int from = value.length > 5 && value[0] == 0 ? 5 : 0;
        StringBuilder b = new StringBuilder();
        String decoded = new String(value, from, value.length - from, StandardCharsets.UTF_8);
        boolean lastSpace = false;
        for (int i = 0; i < decoded.length() && b.length() < max; i++) {
            char c = decoded.charAt(i);
            boolean printable = !Character.isISOControl(c) && c != '\uFFFD';
            if (printable) {
                b.append(c);
                lastSpace = c == ' ';
            } else if (!lastSpace && b.length() > 0) {
                b.append(' ');
                lastSpace = true;
            }
        }
        text = b.toString().strip();
        if (valueTruncated) {
            text = "(first " + value.length + " bytes only: the original was too large for the dead-letter writer) "
                    + text;
        }
        if (from == 5) {
            int schemaId = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8)
                    | (value[4] & 0xff);
            text = "[avro schema " + schemaId + ", " + value.length + " bytes] " + text;
        }
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    /** Where the original record was read, e.g. {@code threat.reports.raw.v1-3@120}. */
    String origin() {
        if (!replayable()) {
            return "(unknown origin)";
        }
        return originTopic + (originPartition == null ? "" : "-" + originPartition)
                + (originOffset == null ? "" : "@" + originOffset);
    }

    String stageLower() {
        return stage.toLowerCase(Locale.ROOT);
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
