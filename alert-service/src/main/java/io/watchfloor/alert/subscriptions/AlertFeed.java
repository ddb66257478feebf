package io.watchfloor.alert.subscriptions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription's alerts read back from {@code threat.alerts.v1}: a page from a time or a position, or a live
 * cursor for streams. Positions are {@code <partition>-<offset>}; messages have the webhook body's shape
 * ({@code type}, {@code timestamp}, {@code data}).
 */
public interface AlertFeed {

    /** One alert at its position in the topic. */
    record Item(String position, Map<String, Object> message) {
    }

    /**
     * Alerts read, the position to continue after ({@code next}; null when nothing was read) and whether more
     * records were there to read right now.
     */
    record Page(List<Item> items, String next, boolean more) {
    }

    /** A live read that follows the topic; closed by its owner. */
    interface Cursor extends AutoCloseable {
        /** The subscription's alerts that arrived, waiting up to {@code wait} for some. */
        List<Item> poll(Duration wait) throws UnavailableException;

        @Override
        void close();
    }

    /**
     * Up to {@code limit} alerts of the subscription after position {@code after} or, without it, from
     * {@code since} (null: the oldest kept).
     * @throws IllegalArgumentException when {@code after} is not a position of this subscription's partition
     */
    Page page(String subscriptionId, Instant since, String after, int limit) throws UnavailableException;

    /** Follows the subscription's alerts after {@code lastEventId} or, when null, from now on. */
    Cursor follow(String subscriptionId, String lastEventId) throws UnavailableException;

    /** Kafka or the registry did not answer, or too many streams are open. */
    final class UnavailableException extends Exception {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
