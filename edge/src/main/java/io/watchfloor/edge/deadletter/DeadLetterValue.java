package io.watchfloor.edge.deadletter;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Fits a dead letter to the producer that writes it. A dead letter keeps the original record's value, but a record
 * may be bigger uncompressed than the writer's producer may send ({@code max.request.size}, checked on the
 * uncompressed record): a compressing producer put it on the original topic, where the broker's limit applies to the
 * compressed batch. Sent whole, such a dead letter fails every time and, in a Streams application, fails the stream
 * thread on every retry (a stalled partition). {@link #fit} keeps the first {@link #TRUNCATED_BYTES} of such a value
 * instead and says so in the headers ({@link DeadLetterHeaders#VALUE_TRUNCATED},
 * {@link DeadLetterHeaders#VALUE_ORIGINAL_BYTES}); the reason headers stay, and the whole record is still at its
 * original topic, partition and offset.
 */
public final class DeadLetterValue {
    /** How much of an oversize value a dead letter keeps: enough to recognise the record, far below any limit. */
    public static final int TRUNCATED_BYTES = 64 * 1024;
    /**
     * Room kept in {@code max.request.size} for the record batch's and the record's own framing (Kafka's estimate
     * is under 100 bytes) and the truncation headers themselves.
     */
    static final int OVERHEAD_BYTES = 1024;
    /** Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

    private DeadLetterValue() {
    }

    /**
     * The value to write for a dead letter with {@code key} (its serialized bytes, may be null), the original
     * {@code value} and {@code headers} (already stamped), when its producer's {@code max.request.size} is
     * {@code maxRequestBytes}: {@code value} itself when the record fits with {@link #OVERHEAD_BYTES} to spare,
     * otherwise its first bytes (at most {@link #TRUNCATED_BYTES}, fewer if the key and headers leave less room)
     * with the truncation headers added to {@code headers}.
     */
    public static byte[] fit(byte[] key, byte[] value, Headers headers, int maxRequestBytes) {
        if (value == null) {
            return null;
        }
        long framing = (long) length(key) + headerBytes(headers) + OVERHEAD_BYTES;
        if (framing + value.length <= maxRequestBytes) {
            return value;
        }
        int keep = (int) Math.max(0, Math.min(Math.min(TRUNCATED_BYTES, value.length), maxRequestBytes - framing));
        put(headers, DeadLetterHeaders.VALUE_TRUNCATED, "true");
        put(headers, DeadLetterHeaders.VALUE_ORIGINAL_BYTES, Integer.toString(value.length));
        return Arrays.copyOf(value, keep);
    }

    /** Whether {@code headers} say the dead letter's value was truncated by {@link #fit}. */
    public static boolean truncated(Headers headers) {
        return "true".equals(DeadLetterStamp.read(headers, DeadLetterHeaders.VALUE_TRUNCATED));
    }

    /**
     * The {@code max.request.size} of the producer configured by {@code config} (a Streams configuration: its
     * {@code producer.}-prefixed setting wins over the plain one, as in Streams), or Kafka's default.
     */
    public static int maxRequestBytes(Properties config) {
        Object v = config.get("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (v == null) {
            v = config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return v == null ? DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(v.toString().trim());
    }

    /** The {@code max.request.size} of a plain producer's configuration, or Kafka's default. */
    public static int maxRequestBytes(Map<String, ?> producerConfig) {
        Object v = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return v == null ? DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(v.toString().trim());
    }

    private static long headerBytes(Headers headers) {
        long n = 0;
        for (Header h : headers) {
            n += h.key().getBytes(StandardCharsets.UTF_8).length + length(h.value()) + 2L;
        }
        return n;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
