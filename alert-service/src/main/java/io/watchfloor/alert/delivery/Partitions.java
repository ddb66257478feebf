package io.watchfloor.alert.delivery;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** The partition Kafka's default partitioner gives a String key: positive murmur2 of its UTF-8 bytes, mod n. */
final class Partitions {
    private Partitions() {
    }

    static int forKey(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** {@code <partition>-<offset>}, the position format of the alert APIs and SSE event ids. */
    static String position(int partition, long offset) {
        return partition + "-" + offset;
    }

    /** Parses a position; throws IllegalArgumentException naming the expected format. */
    static long[] parsePosition(String position) {
        int dash = position == null ? -1 : position.indexOf('-');
        try {
            if (dash > 0) {
                long[] p = {Integer.parseInt(position.substring(0, dash)),
                    Long.parseLong(position.substring(dash + 1))};
                if (p[0] >= 0 && p[1] >= 0) {
                    return p;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + position + "' is not a position: expected <partition>-<offset> "
                + "as in an alert's id, e.g. 1-42");
    }
}
