package io.watchfloor.alert.delivery;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import java.util.List;
import java.util.Map;

/** Durable writes of the delivery room; each returns once Kafka acknowledged everything, else throws. */
interface DeliveryWrites {

    /** New pending deliveries, each on its subscription's partition of the deliveries topic. */
    void add(List<PendingDelivery> deliveries) throws WriteFailedException;

    /**
     * Rewrites ({@code upserts}) and tombstones ({@code keys}) on one partition of the deliveries topic; returns
     * the offset each key was written at.
     */
    Map<String, Long> update(int partition, List<PendingDelivery> upserts, List<String> tombstones)
            throws WriteFailedException;

    /** One attempt to the attempts topic (key: subscription id). */
    void attempt(DeliveryAttempt attempt) throws WriteFailedException;

    /** The alerts of undeliverable deliveries to the alerts dead-letter topic, with {@code reason}. */
    void deadLetter(List<PendingDelivery> deliveries, String reason) throws WriteFailedException;

    /** Kafka did not acknowledge a write in time; nothing of it may be assumed written. */
    final class WriteFailedException extends Exception {
        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
