package io.watchfloor.alert.subscriptions;

import io.watchfloor.alert.domain.subscription.Subscription;

/**
 * Durable writes of subscriptions (to {@code threat.subscriptions.v1}). Each call returns once the write is
 * acknowledged by Kafka and visible in this instance's {@link SubscriptionDirectory} (read your writes).
 */
public interface SubscriptionStore {

    void save(Subscription subscription) throws StoreUnavailableException;

    void delete(String id) throws StoreUnavailableException;

    /** Kafka (or the local view) did not confirm a write in time; nothing may be assumed written. */
    final class StoreUnavailableException extends Exception {
        public StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
